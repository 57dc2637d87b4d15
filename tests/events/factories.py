"""Event helpers for the events tests (candidates for tests/factories.py)."""

import zoneinfo
from datetime import datetime, timedelta

from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory


def local(year, month, day, hour=0, minute=0, zone="Europe/Paris"):
    """An aware datetime at a wall time of a place."""
    return datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


def event_at(start, end=None, **kwargs):
    """An event starting at an aware local datetime, in that datetime's zone."""
    zone = start.tzinfo.key
    return EventFactory(start=start, end=end or start + timedelta(hours=2), timezone=zone, **kwargs)


def bulk_events(count, *, start=None, step=timedelta(days=1), **fields):
    """Many published events in one INSERT (local dates derived as save() would)."""
    start = start or timezone.now() + timedelta(days=1)
    events = []
    for number in range(count):
        event = Event(
            title=f"Bulk event {number}",
            slug=f"bulk-event-{number}",
            start=start + number * step,
            end=start + number * step + timedelta(hours=2),
            timezone="Europe/Paris",
            **fields,
        )
        event.set_local_dates()
        events.append(event)
    return Event.objects.bulk_create(events)
