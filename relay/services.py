"""Writes of the contact relay: send a message, report abuse, opt out, purge old records."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import absolute
from mailer.enums import OutboundStatus
from mailer.services import queue_mail

from .models import AbuseReport, ContactMessage, ContactOptOut
from .selectors import focal_point_of, opted_out, sent_today

REPORT_SALT = "relay.abuse-report"
TEMPLATE = "relay/message"


class RelayRefusedError(Exception):
    """The message cannot be sent; str() is what the sender is told."""


def _check_allowed(user, focal_point, partner, recipients):
    if focal_point is None:
        raise RelayRefusedError(
            _("Only the focal points of partner organisations can send messages.")
        )
    if focal_point.partner_id == partner.pk:
        raise RelayRefusedError(_("This is your own organisation."))
    if opted_out(partner):
        raise RelayRefusedError(
            _("This organisation does not receive messages through the portal.")
        )
    if not recipients:
        raise RelayRefusedError(_("This organisation has no focal point on the portal yet."))
    if sent_today(user) >= settings.RELAY_DAILY_LIMIT:
        raise RelayRefusedError(
            _(
                "You have sent %(count)d messages in the last 24 hours, the most allowed. "
                "Please try again tomorrow."
            )
            % {"count": settings.RELAY_DAILY_LIMIT}
        )


def _recipients(partner) -> list[tuple[int, str]]:
    from accounts.models import FocalPoint

    rows = FocalPoint.objects.for_partner(partner).exclude(user__email="")
    return sorted(set(rows.values_list("user_id", "user__email")))


def report_token(message, user_id) -> str:
    return signing.dumps({"m": message.pk, "u": user_id}, salt=REPORT_SALT, compress=True)


def send_contact_message(*, user, partner, subject, body, language, request=None):
    """Record the message and queue one e-mail per focal point of `partner`; Reply-To: sender."""
    with transaction.atomic():
        # One sender's messages are counted and written one at a time: two tabs cannot both
        # pass the daily limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        focal_point = focal_point_of(user)
        recipients = _recipients(partner)
        _check_allowed(user, focal_point, partner, recipients)
        message = ContactMessage.objects.create(
            sender=user,
            sender_name=user.get_full_name() or "",
            sender_organisation=str(focal_point.target),
            recipient=partner,
            subject=subject,
            body=body,
            recipient_count=len(recipients),
        )
        context = {
            "message": message,
            "recipient_name": partner.name,
            "partner_url": absolute(request, partner.get_absolute_url()),
            "portal_name": settings.PORTAL_NAME,
        }
        for user_id, email in recipients:
            token = report_token(message, user_id)
            queue_mail(
                template=TEMPLATE,
                to=[email],
                reply_to=[user.email],
                context={
                    **context,
                    "report_url": absolute(request, reverse("relay:report", args=[token])),
                },
                language=language,
            )
    return message


class BadTokenError(Exception):
    pass


def message_for_token(token):
    """The message and reader a report link names, or BadTokenError (forged, expired or purged)."""
    max_age = timedelta(days=settings.RELAY_RETENTION_DAYS)
    try:
        data = signing.loads(token, salt=REPORT_SALT, max_age=max_age)
        message = ContactMessage.objects.select_related("recipient").get(pk=data["m"])
    except (signing.BadSignature, ContactMessage.DoesNotExist, KeyError, TypeError) as error:
        raise BadTokenError from error
    return message, data.get("u")


def report_abuse(token, note="") -> AbuseReport:
    """Record (once per reader and message) that a recipient reports the message as abuse."""
    message, user_id = message_for_token(token)
    reporter = get_user_model().objects.filter(pk=user_id).first()
    report, created = AbuseReport.objects.get_or_create(
        message=message, reporter=reporter, defaults={"note": note}
    )
    if not created and note and not report.note:
        report.note = note
        report.save(update_fields=["note"])
    return report


def set_receiving(partner, user, receive: bool) -> None:
    if receive:
        ContactOptOut.objects.filter(partner=partner).delete()
    else:
        ContactOptOut.objects.get_or_create(partner=partner, defaults={"set_by": user})


def purge_expired(now=None) -> int:
    """Delete records older than RELAY_RETENTION_DAYS (kept while an abuse report is open)."""
    from mailer.models import OutboundEmail

    before = (now or timezone.now()) - timedelta(days=settings.RELAY_RETENTION_DAYS)
    _total, counts = ContactMessage.objects.expired(before).delete()
    # The outbox keeps a copy of each mail (text and addresses): it goes too, once it has left.
    OutboundEmail.objects.filter(template=TEMPLATE, created_at__lt=before).exclude(
        status=OutboundStatus.QUEUED
    ).delete()
    return counts.get(ContactMessage._meta.label, 0)
