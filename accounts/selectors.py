"""Reads for the /account/ pages and the Secretariat's queue."""

from django.shortcuts import get_object_or_404

from .models import ChangeRequest, FocalPoint

RECENT_REQUESTS = 10
RECENT_UPDATES = 10


def focal_point_of(user):
    if not user.is_authenticated:
        return None
    return FocalPoint.objects.select_related("partner", "country", "user").filter(user=user).first()


def dashboard_context(focal_point) -> dict:
    context = {"focal_point": focal_point}
    if focal_point is None:
        return context
    if focal_point.partner_id:
        context["requests"] = list(
            ChangeRequest.objects.filter(partner_id=focal_point.partner_id).order_by(
                "-created_at", "-pk"
            )[:RECENT_REQUESTS]
        )
    if focal_point.country_id:
        country = focal_point.country
        context["next_steps"] = list(country.next_steps.all()[:50])
        context["updates"] = list(
            country.progress_updates.select_related("next_step")[:RECENT_UPDATES]
        )
    return context


def own_next_step(focal_point, pk):
    """A next step of the focal point's own country, or 404 (a forged id changes nothing)."""
    from pathfinders.models import NextStep

    return get_object_or_404(NextStep, pk=pk, country_id=focal_point.country_id or -1)


def published_partner_or_none(slug):
    from partners.models import Partner

    if not slug:
        return None
    return Partner.objects.published().filter(slug=slug).first()
