"""The home page: live counts of the four areas and the next events, in a bounded query count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

HOME_QUERIES = 6


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
@pytest.mark.parametrize("rows", [1, 5])
def test_home_query_count_does_not_grow_with_content(
    prefix, client, django_assert_num_queries, rows
):
    theme = ThemeFactory()
    for _ in range(rows):
        partner = PartnerFactory(themes=[theme], countries=["NP", "CI"])
        country = PathfinderCountryFactory()
        ActionGroupFactory()
        EventFactory(tags=[theme], hosts=[partner], pathfinder_countries=[country])
        EventFactory(
            start=timezone.now() - timedelta(days=40), end=timezone.now() - timedelta(days=39)
        )
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(prefix + reverse("home"))
    assert response.status_code == 200


def test_home_shows_live_counts_and_next_events(client):
    PartnerFactory.create_batch(3)
    PartnerFactory(is_published=False)
    EventFactory(title="Webinar on fair recruitment")
    html = client.get(reverse("home")).content.decode()
    assert '<span class="stat-number">3</span>' in html
    assert "Webinar on fair recruitment" in html


def test_home_falls_back_to_recent_events(client):
    EventFactory(
        title="Past forum",
        start=timezone.now() - timedelta(days=10),
        end=timezone.now() - timedelta(days=9),
    )
    html = client.get(reverse("home")).content.decode()
    assert "Recent events" in html
    assert "Past forum" in html
    # No upcoming event, no partner: no big "0" headlined in their cards.
    assert '<span class="stat-number">0</span>' not in html
    assert "0 upcoming events" not in html


def test_home_does_not_headline_a_zero_when_no_event_is_upcoming(client):
    EventFactory(
        title="Past forum",
        start=timezone.now() - timedelta(days=10),
        end=timezone.now() - timedelta(days=9),
    )
    html = client.get(reverse("home")).content.decode()
    assert '<span class="stat-number">0</span> upcoming' not in html
    assert "Recent events and their outcomes" in html
    assert "Past forum" in html
