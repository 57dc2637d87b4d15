"""The Secretariat's review screen for one change request (mounted by ChangeRequestAdmin):
a field-by-field diff, edit-then-approve, reject with a message; and the stale-profile list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_countries import countries

from common.models import Theme

from . import services
from .enums import RequestKind
from .forms import ReviewForm
from .models import ChangeRequest

STALE_SHOWN = 20
FIELD_LABELS = {
    "description": ReviewForm.base_fields["description"].label,
    "themes": ReviewForm.base_fields["themes"].label,
    "countries": ReviewForm.base_fields["countries"].label,
    "website": ReviewForm.base_fields["website"].label,
    "contact_url": ReviewForm.base_fields["contact_url"].label,
}


def can_review(request) -> bool:
    return request.user.has_perm("accounts.review_changerequest")


def review(request, model_admin, pk):
    change_request = get_object_or_404(
        ChangeRequest.objects.select_related("partner", "submitted_by__user"), pk=pk
    )
    if not model_admin.has_view_or_change_permission(request, change_request):
        raise PermissionDenied
    proposed = services.proposed_fields(change_request)
    current = {}
    if change_request.partner:
        # The public text in the language the request was written in (translated descriptions).
        with translation.override(services.request_language(change_request)):
            current = services.current_values(change_request.partner)
    form = ReviewForm(request.POST or None, initial=ReviewForm.initial_for({**current, **proposed}))
    if request.method == "POST":
        if not can_review(request):
            raise PermissionDenied
        done = _decide(request, change_request, form)
        if done:
            return HttpResponseRedirect(reverse("admin:accounts_changerequest_changelist"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Review change request #%(number)s") % {"number": change_request.pk},
        "opts": model_admin.opts,
        "change_request": change_request,
        "rows": diff_rows(current, proposed),
        "form": form,
        "is_profile_update": change_request.kind == RequestKind.PROFILE_UPDATE,
        "can_review": can_review(request) and change_request.is_pending,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/accounts/changerequest/review.html", context)


def _decide(request, change_request, form) -> bool:
    """Approve or reject from the posted form; False (with errors on the form) when refused."""
    if not form.is_valid():
        return False
    message = form.cleaned_data["review_message"]
    try:
        if "_reject" in request.POST:
            if not message:
                form.add_error("review_message", gettext("Say why, for the submitter."))
                return False
            services.reject_request(change_request, request.user, message)
            messages.success(request, gettext("Rejected; the submitter is told by e-mail."))
        else:
            values = form.cleaned_data if "_approve" in request.POST else None
            services.approve_request(
                change_request,
                request.user,
                values=values,
                logo_accepted=form.cleaned_data["use_logo"],
                message=message,
            )
            messages.success(request, gettext("Approved; the submitter is told by e-mail."))
    except services.ReviewError as error:
        messages.error(request, str(error))
    return True


def _shown(name, value):
    if name == "themes":
        names = dict(Theme.objects.filter(slug__in=value or []).values_list("slug", "name"))
        return ", ".join(names.get(slug, slug) for slug in value or [])
    if name == "countries":
        return ", ".join(str(countries.name(code)) or code for code in value or [])
    return value or ""


def diff_rows(current: dict, proposed: dict) -> list[dict]:
    """One row per proposed field: its label, the public value and the proposed one."""
    return [
        {
            "label": FIELD_LABELS.get(name, name),
            "now": _shown(name, current.get(name)),
            "proposed": _shown(name, value),
        }
        for name, value in proposed.items()
    ]


def stale_context() -> dict:
    stale = services.stale_partners().order_by("last_verified", "name")
    return {
        "stale_partners": list(stale.only("pk", "name", "last_verified")[:STALE_SHOWN]),
        "stale_count": stale.count(),
    }
