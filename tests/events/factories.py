"""Event factories and helpers for the events tests."""

import zoneinfo
from datetime import datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.enums import EventType
from events.models import AgendaItem, Event, EventParticipation, Outcome


def _in_days(days, hour=10, zone="Europe/Paris"):
    local = (timezone.now() + timedelta(days=days)).astimezone(zoneinfo.ZoneInfo(zone))
    return datetime(local.year, local.month, local.day, hour, tzinfo=zoneinfo.ZoneInfo(zone))


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    event_type = EventType.WORKSHOP
    timezone = "Europe/Paris"
    start = factory.LazyAttribute(lambda o: _in_days(30, 9, o.timezone))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    city = "Paris"
    country = "FR"

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def hosts(self, create, extracted, **kwargs):
        """hosts=[partner, ...]: each recorded with the role "hosted"."""
        if create and extracted:
            for partner in extracted:
                EventParticipation.objects.create(event=self, partner=partner, role="hosted")

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        """participants=[(partner, role), ...]."""
        if create and extracted:
            for partner, role in extracted:
                EventParticipation.objects.create(event=self, partner=partner, role=role)

    @factory.post_generation
    def pathfinder_countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.pathfinder_countries.set(extracted)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Key proposal {n}")


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
