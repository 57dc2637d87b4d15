"""The contact relay's pages: write to an organisation, choose whether to receive, report abuse.

None of them is cached (they carry forms or depend on who asks), and none shows an address.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partners.models import Partner

from .enums import PanelState
from .forms import AbuseReportForm, ContactForm, ReceivingForm
from .selectors import focal_point_of, opted_out, panel_state, remaining_today
from .services import (
    BadTokenError,
    RelayRefusedError,
    message_for_token,
    report_abuse,
    send_contact_message,
    set_receiving,
)


def _partner(slug):
    return get_object_or_404(Partner.objects.published(), slug=slug)


@never_cache
@login_required
def write(request, slug):
    partner = _partner(slug)
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                send_contact_message(
                    user=request.user,
                    partner=partner,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["message"],
                    language=get_language(),
                    request=request,
                )
            except RelayRefusedError as refusal:
                form.add_error(None, str(refusal))
                status = 403
            else:
                messages.success(
                    request,
                    _(
                        "Your message was sent to the focal points of %(name)s. "
                        "They will reply to your e-mail address."
                    )
                    % {"name": partner.name},
                )
                return redirect(partner)
        else:
            status = 400
    context = {
        "partner": partner,
        "form": form,
        "state": panel_state(request.user, partner),
        "states": PanelState,
        "remaining": remaining_today(request.user),
        "receiving": not opted_out(partner),
    }
    return render(request, "relay/write.html", context, status=status)


@never_cache
@login_required
@require_POST
def receiving(request, slug):
    partner = _partner(slug)
    focal_point = focal_point_of(request.user)
    if focal_point is None or focal_point.partner_id != partner.pk:
        raise Http404  # only the organisation's own focal points choose this
    form = ReceivingForm(request.POST)
    form.is_valid()  # a checkbox: absent means "no"
    receive = form.cleaned_data.get("receive", False)
    set_receiving(partner, request.user, receive)
    if receive:
        messages.success(request, _("Your organisation receives messages through the portal."))
    else:
        messages.success(
            request, _("Your organisation no longer receives messages through the portal.")
        )
    return redirect(partner)


@never_cache
def report(request, token):
    try:
        message, _user_id = message_for_token(token)
    except BadTokenError:
        return render(request, "relay/report_invalid.html", status=404)
    form = AbuseReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report_abuse(token, form.cleaned_data["note"])
        return render(request, "relay/report_done.html", {"message": message})
    status = 400 if request.method == "POST" else 200
    return render(request, "relay/report.html", {"message": message, "form": form}, status=status)
