"""Bad input is reported or a 404, never a 500; whatever is typed comes back escaped."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.events.factories import event_at, local
from tests.factories import EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")
FEED = reverse("events:calendar")
ATOM = reverse("events:atom")


@pytest.mark.parametrize(
    "params,message",
    [
        ({"from": "2019-13-45"}, "From: Enter a valid date. It was ignored."),
        ({"to": "yesterday"}, "To: Enter a valid date. It was ignored."),
        ({"from": "31/12/2019"}, "From: Enter a valid date. It was ignored."),
        ({"from": "2019-06-01", "to": "2019-01-01"}, "The end date is before the start date."),
        ({"tag": "no-such-theme"}, "Unknown theme “no-such-theme” was ignored."),
        ({"type": "party"}, "Unknown type of event “party” was ignored."),
        ({"group": "no-such-group"}, "Unknown action group “no-such-group” was ignored."),
        ({"pathfinder": "atlantis"}, "Unknown pathfinder country “atlantis” was ignored."),
        ({"host": "acme"}, "Unknown organisation (host or organiser) “acme” was ignored."),
        ({"country": "ZZ"}, "Unknown country “ZZ” was ignored."),
        ({"view": "year"}, "View: Select a valid choice."),
        ({"when": "someday"}, "When: Select a valid choice."),
        ({"view": "month", "month": "abc"}, "“abc” is not a month"),
        ({"q": "x" * 10_000}, "were too long or too many and were cut"),
    ],
)
def test_bad_values_are_reported_and_ignored(client, params, message):
    EventFactory(title="Still listed")
    response = client.get(LIST, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message.replace("“", "&quot;").replace("”", "&quot;") in html or message in html
    assert "Some filters could not be used" in html


def test_to_before_from_keeps_the_from_date(client):
    event_at(local(2019, 3, 1, 9), title="Before")
    event_at(local(2019, 8, 1, 9), title="After")
    response = client.get(LIST, {"from": "2019-06-01", "to": "2019-01-01"})
    assert [e.title for e in response.context["page_obj"]] == ["After"]


def test_a_ten_thousand_year_range_is_clamped_and_said(client):
    event_at(local(2019, 5, 14, 9), title="Nearby")
    response = client.get(LIST, {"from": "0001-01-01", "to": "9999-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Date ranges are limited to 10 years: showing" in html
    start, end = response.context["filterset"].window
    assert (end - start).days <= 3653
    # The chips still remove the dates as they are in the address.
    assert 'href="/events/?to=9999-12-31"' in html
    feed = client.get(FEED, {"from": "0001-01-01", "to": "9999-12-31"})
    assert feed.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"from": "0001-01-01"},
        {"to": "9999-12-31"},
        {"from": "9999-12-31", "to": "9999-12-31"},
        {"from": "0001-01-01", "to": "0001-01-01"},
        {"view": "month", "month": "9999-12", "from": "9999-12-01"},
    ],
)
def test_extreme_dates_do_not_break_anything(client, params):
    event_at(local(9999, 12, 31, 9), title="End of time", all_day=True)
    event_at(local(1, 1, 2, 9, zone="UTC"), title="Start of time")
    for url in (LIST, FEED, ATOM):
        assert client.get(url, params).status_code == 200, url
    Calendar.from_ical(client.get(FEED, params).content)


@pytest.mark.parametrize(
    "text",
    [
        '"><script>alert(1)</script>',
        "' OR 1=1 --",
        "100%",
        "under_score",
        "back\\slash",
        "Côte d’Ivoire 🌍",
        "%%%%",
        "_",
    ],
)
def test_search_text_is_literal_and_escaped(client, text):
    EventFactory(title="Plain event")
    matching = EventFactory(title=f"About {text}")
    response = client.get(LIST, {"q": text})
    assert response.status_code == 200
    assert [e.pk for e in response.context["page_obj"]] == [matching.pk]
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    for url in (FEED, ATOM):
        assert client.get(url, {"q": text}).status_code == 200


def test_unknown_values_do_not_empty_the_results(client):
    theme = ThemeFactory(slug="supply-chains")
    EventFactory(title="Tagged", tags=[theme])
    EventFactory(title="Other")
    response = client.get(LIST, {"tag": ["supply-chains", "nope"]})
    assert [e.title for e in response.context["page_obj"]] == ["Tagged"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "9" * 40])
def test_absurd_pages_are_404(client, page):
    EventFactory()
    assert client.get(LIST, {"page": page}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"tag": "nope", "from": "2019-13-45"},
        {"tag": ["x"] * 500},
        {"to": "2019-01-01", "from": "2020-01-01"},
    ],
)
def test_feeds_ignore_bad_input(client, params):
    EventFactory()
    assert client.get(FEED, params).status_code == 200
    assert client.get(ATOM, params).status_code == 200


@pytest.mark.parametrize("url", [LIST, FEED, ATOM])
def test_nul_characters_never_reach_the_database(client, url):
    # Refused early (400) by the shared middleware, or reported by the form; never a 500.
    EventFactory()
    assert client.get(url, {"q": "nul\x00byte", "tag": "\x00"}).status_code in (200, 400)


def test_unknown_event_slugs_are_404(client):
    assert client.get("/events/no-such-event/").status_code == 404
    assert client.get("/events/no-such-event/event.ics").status_code == 404


def test_only_safe_methods(client):
    assert client.post(LIST).status_code == 405
    assert client.post(FEED).status_code == 405
