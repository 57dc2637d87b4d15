"""The Atom feed of upcoming events, with the page's filters."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, PartnerFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = reverse("events:atom")
NS = {"atom": "http://www.w3.org/2005/Atom"}


def entries(client, params=None):
    response = client.get(ATOM, params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return root, [e.findtext("atom:title", namespaces=NS) for e in root.findall("atom:entry", NS)]


def test_upcoming_events_only_in_date_order(client):
    now = timezone.now()
    EventFactory(title="Later", start=now + timedelta(days=9), end=now + timedelta(days=9))
    EventFactory(title="Sooner", start=now + timedelta(days=2), end=now + timedelta(days=2))
    EventFactory(title="Over", start=now - timedelta(days=2), end=now - timedelta(days=2))
    _root, titles = entries(client)
    assert titles == ["Sooner", "Later"]


def test_same_filters_as_the_page(client):
    theme = ThemeFactory(slug="supply-chains", name="Supply chains")
    EventFactory(title="Tagged", tags=[theme])
    EventFactory(title="Untagged")
    root, titles = entries(client, {"tag": "supply-chains"})
    assert titles == ["Tagged"]
    assert root.findtext("atom:title", namespaces=NS).endswith("Supply chains")
    link = root.find("atom:link[@rel='alternate']", NS).get("href")
    assert link == "http://testserver/events/?tag=supply-chains"


def test_entries_have_stable_ids_and_local_times(client):
    event = EventFactory(title="Meeting", timezone="America/New_York")
    root, _titles = entries(client)
    entry = root.find("atom:entry", NS)
    assert entry.findtext("atom:id", namespaces=NS) == event.ical_uid
    assert "New York time (E" in entry.findtext("atom:summary", namespaces=NS)


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_is_fixed(client, django_assert_num_queries, count):
    hosts = [PartnerFactory()]
    for _ in range(count):
        EventFactory(hosts=hosts, tags=[ThemeFactory(slug="t")])
    with django_assert_num_queries(2):  # choice lists (one query) + events
        client.get(ATOM, {"tag": "t"})
