"""Reads for the contact relay: what the partner page offers this visitor."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .enums import PanelState
from .models import ContactMessage, ContactOptOut


def focal_point_of(user):
    from accounts.models import FocalPoint

    if not user.is_authenticated:
        return None
    return FocalPoint.objects.select_related("partner", "country").filter(user=user).first()


def recipients_of(partner) -> list[str]:
    """The addresses of the organisation's active focal points (never shown on a page)."""
    from accounts.models import FocalPoint

    emails = FocalPoint.objects.for_partner(partner).exclude(user__email="")
    return sorted(set(emails.values_list("user__email", flat=True)))


def has_focal_points(partner) -> bool:
    from accounts.models import FocalPoint

    return FocalPoint.objects.for_partner(partner).exclude(user__email="").exists()


def opted_out(partner) -> bool:
    return ContactOptOut.objects.filter(partner=partner).exists()


def day_start():
    return timezone.now() - timedelta(days=1)


def sent_today(user) -> int:
    return ContactMessage.objects.sent_by_since(user, day_start()).count()


def remaining_today(user) -> int:
    return max(settings.RELAY_DAILY_LIMIT - sent_today(user), 0)


def panel_state(user, partner) -> PanelState:
    """Which panel the partner page shows its reader."""
    focal_point = focal_point_of(user)
    if focal_point is None:
        return PanelState.SIGNED_IN if user.is_authenticated else PanelState.ANONYMOUS
    if focal_point.partner_id == partner.pk:
        return PanelState.OWN
    if opted_out(partner):
        return PanelState.OPTED_OUT
    if not has_focal_points(partner):
        return PanelState.NO_FOCAL_POINT
    if remaining_today(user) == 0:
        return PanelState.LIMIT
    return PanelState.FORM
