from django.utils import timezone

from actiongroups.models import ActionGroup
from events.models import Event
from partners.models import Partner
from pathfinders.models import PathfinderCountry


def home_summary(now=None):
    """Live counts for the four areas and the next few events, in a fixed number of queries."""
    now = now or timezone.now()
    return {
        "partner_count": Partner.objects.published().count(),
        "pathfinder_count": PathfinderCountry.objects.published().count(),
        "group_count": ActionGroup.objects.published().count(),
        "upcoming_event_count": Event.objects.published().upcoming(now).count(),
        "next_events": list(Event.objects.published().upcoming(now)[:3]),
        "recent_events": list(Event.objects.published().past(now)[:3]),
    }
