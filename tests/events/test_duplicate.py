"""events.services.duplicate_event (the admin action using it: tests/backoffice)."""

import pytest

from events.enums import EventStatus, ParticipationRole
from events.models import Event
from events.services import duplicate_event, events_to_duplicate
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    OutcomeFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_a_copy_is_a_draft_with_a_new_slug_and_everything_the_event_carries():
    host, funder = PartnerFactory(), PartnerFactory()
    nepal = PathfinderCountryFactory()
    theme = ThemeFactory()
    event = EventFactory(
        slug="forum",
        status=EventStatus.POSTPONED,
        participants=[(host, ParticipationRole.HOSTED), (funder, ParticipationRole.FUNDED)],
        pathfinder_countries=[nepal],
        tags=[theme],
    )
    AgendaItemFactory(event=event, title="Opening")
    OutcomeFactory(event=event, heading="Session 1", text="Ratify the protocol.")

    (source,) = events_to_duplicate(Event.objects.filter(pk=event.pk))
    copy = duplicate_event(source)

    copy.refresh_from_db()
    assert copy.pk != event.pk
    assert copy.slug == "forum-copy"
    assert copy.title == f"{event.title} (copy)"
    assert not copy.is_published
    assert copy.status == EventStatus.SCHEDULED
    assert (copy.start, copy.end, copy.timezone) == (event.start, event.end, event.timezone)
    assert set(copy.participations.values_list("partner", "role")) == {
        (host.pk, ParticipationRole.HOSTED),
        (funder.pk, ParticipationRole.FUNDED),
    }
    assert list(copy.pathfinder_countries.all()) == [nepal]
    assert list(copy.tags.all()) == [theme]
    assert list(copy.agenda_items.values_list("title", flat=True)) == ["Opening"]
    assert list(copy.outcomes.values_list("heading", "text")) == [
        ("Session 1", "Ratify the protocol.")
    ]
    # The original is untouched.
    assert event.participations.count() == 2
    assert Event.objects.published().get() == event


def test_copies_of_copies_get_slugs_of_their_own():
    event = EventFactory(slug="forum")
    first = duplicate_event(event)
    second = duplicate_event(event)
    assert (first.slug, second.slug) == ("forum-copy", "forum-copy-2")


def test_a_long_slug_still_fits():
    event = EventFactory(slug="x" * 150)
    copy = duplicate_event(event)
    assert len(copy.slug) <= 150
    assert copy.slug.endswith("-copy")
