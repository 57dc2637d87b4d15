"""The focal points' pages at /account/ and the visitors' suggestion form. Thin: the work is in
services.py; every page here is per person and never cached (accounts.middleware)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.http import client_ip

from . import challenge, selectors, services
from .enums import RequestKind
from .forms import (
    AcceptInvitationForm,
    MilestoneForm,
    NextStepForm,
    ProfileChangeForm,
    SuggestionForm,
)
from .models import ChangeRequest

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def is_account_login(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and (match.url_name or "").startswith("account_")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout of a focal point's login, in the portal's look (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=429)


def _focal_point_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        focal_point = selectors.focal_point_of(request.user)
        if focal_point is None:
            return render(request, "accounts/no_focal_point.html", status=403)
        return view(request, focal_point, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@login_required
def dashboard(request):
    focal_point = selectors.focal_point_of(request.user)
    context = selectors.dashboard_context(focal_point)
    if focal_point and focal_point.country_id:
        context["step_form"] = NextStepForm()
        context["milestone_form"] = MilestoneForm()
    return render(request, "accounts/dashboard.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    found = services.find_invitation(token)
    if found is None or not found.is_usable():
        return render(
            request, "accounts/invitation_invalid.html", {"invitation": found}, status=410
        )
    form = AcceptInvitationForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            focal_point = services.accept_invitation(token, form.cleaned_data["password1"])
        except services.InvitationError as error:
            messages.error(request, str(error))
            return redirect("account_login")
        login(request, focal_point.user, backend=ALLAUTH_BACKEND)
        messages.success(request, _("Welcome: your account is ready."))
        return redirect("accounts:dashboard")
    return render(request, "accounts/invitation.html", {"invitation": found, "form": form})


@_focal_point_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request, focal_point):
    """The focal point's own organisation only: no organisation is named in the request."""
    partner = focal_point.partner
    if partner is None:
        return HttpResponseForbidden(_("Your account is for a pathfinder country."))
    current = services.current_values(partner)
    form = ProfileChangeForm(
        request.POST or None, request.FILES or None, initial=ProfileChangeForm.initial_for(current)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_profile_change(
                focal_point, form.cleaned_data, logo=form.cleaned_data.get("logo")
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you: the Secretariat will review your changes before they are public."),
            )
            return redirect("accounts:dashboard")
    status = 400 if form.is_bound else 200
    return render(
        request, "accounts/profile_form.html", {"form": form, "partner": partner}, status=status
    )


@_focal_point_required
@require_POST
def confirm_profile(request, focal_point):
    if focal_point.partner_id is None:
        return HttpResponseForbidden(_("Your account is for a pathfinder country."))
    services.confirm_profile(focal_point)
    messages.success(request, _("Thank you: the profile is marked as verified today."))
    return redirect("accounts:dashboard")


@_focal_point_required
@require_POST
def next_step_update(request, focal_point, pk):
    step = selectors.own_next_step(focal_point, pk)
    form = NextStepForm(request.POST)
    if not form.is_valid():
        return _invalid(request, focal_point, form, "step_form")
    services.update_next_step(
        focal_point,
        services.StepUpdate(
            step=step,
            status=form.cleaned_data["status"],
            target_date=form.cleaned_data["target_date"],
            note=form.cleaned_data["note"],
        ),
    )
    messages.success(request, _("The next step is updated on the country's page."))
    return redirect("accounts:dashboard")


@_focal_point_required
@require_POST
def milestone_add(request, focal_point):
    if focal_point.country_id is None:
        return HttpResponseForbidden(_("Your account is for an organisation."))
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return _invalid(request, focal_point, form, "milestone_form")
    services.add_milestone(focal_point, **form.cleaned_data)
    messages.success(request, _("The milestone is on the country's page."))
    return redirect("accounts:dashboard")


def _invalid(request, focal_point, form, name):
    context = selectors.dashboard_context(focal_point)
    context.update({"step_form": NextStepForm(), "milestone_form": MilestoneForm(), name: form})
    return render(request, "accounts/dashboard.html", context, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request):
    """A visitor's correction or new organisation, into the Secretariat's queue."""
    partner = selectors.published_partner_or_none(
        request.POST.get("partner") or request.GET.get("partner")
    )
    form = SuggestionForm(
        request.POST or None,
        partner=partner,
        initial={
            "partner": partner.slug if partner else "",
            "kind": "correction" if partner else "new_organisation",
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if _within_limits(request, form.cleaned_data["reply_email"]):
                _store_suggestion(form.cleaned_data, partner)
                return render(request, "accounts/suggest_done.html", {"partner": partner})
            form.add_error(None, _("Too many suggestions from you: please try again later."))
            status = 429
        else:
            status = 400
    context = {"form": form, "partner": partner, "challenge": challenge.issue()}
    return render(request, "accounts/suggest.html", context, status=status)


def _within_limits(request, reply_email):
    return challenge.within_rate_limit("ip:" + client_ip(request), "mail:" + reply_email.lower())


def _store_suggestion(data, partner):
    kind = RequestKind.CORRECTION if partner else RequestKind.NEW_ORGANISATION
    proposed = {"name": data["name"]} if kind == RequestKind.NEW_ORGANISATION else {}
    # The reply is sent in the language the visitor used.
    proposed[services.LANGUAGE_KEY] = translation.get_language() or settings.LANGUAGE_CODE
    ChangeRequest.objects.create(
        kind=kind,
        partner=partner,
        partner_name=partner.name if partner else "",
        proposed=proposed,
        message=data["message"],
        source_url=data["source_url"],
        reply_email=data["reply_email"],
    )


def suggest_url(partner=None) -> str:
    url = reverse("accounts:suggest")
    return f"{url}?partner={partner.slug}" if partner else url
