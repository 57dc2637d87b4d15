"""iCalendar output: per-event downloads and the subscribable, filtered calendar feed."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import selectors
from events.models import Event
from tests.events.factories import bulk_events, event_at, local
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ThemeFactory,
)

# Dates relative to today: a fixed year would slide out of the feed's window (a year back) and
# fail the day it passes.
NEXT_YEAR = timezone.localdate().year + 1
LATER_YEAR = timezone.localdate().year + 5

pytestmark = pytest.mark.django_db

FEED = reverse("events:calendar")


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def ics(client, event):
    return parse(client.get(reverse("events:ics", kwargs={"slug": event.slug})))


def test_event_download_is_a_valid_calendar_with_stable_identity(client):
    start = local(2019, 7, 17, 10, 30, "America/New_York")
    event = event_at(start, start + timedelta(hours=2, minutes=30), title="GCG meeting")
    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = parse(response)
    assert str(calendar["VERSION"]) == "2.0"
    [component] = calendar.walk("VEVENT")
    assert str(component["UID"]) == f"event-{event.pk}@alliance87.org"
    assert str(component["SUMMARY"]) == "GCG meeting"
    assert component.decoded("DTSTAMP") == event.updated_at.astimezone(UTC).replace(microsecond=0)
    assert component.decoded("LAST-MODIFIED") == component.decoded("DTSTAMP")
    assert component.decoded("SEQUENCE") == 0
    assert str(component["STATUS"]) == "CONFIRMED"
    assert str(component["URL"]) == f"http://testserver/events/{event.slug}/"


def test_timed_events_carry_their_zone_and_a_vtimezone(client):
    start = local(2019, 7, 17, 10, 30, "America/New_York")
    event = event_at(start, start + timedelta(hours=2, minutes=30))
    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))
    body = response.content.decode()
    assert "DTSTART;TZID=America/New_York:20190717T103000" in body
    assert "DTEND;TZID=America/New_York:20190717T130000" in body
    assert "BEGIN:VTIMEZONE\r\nTZID:America/New_York" in body
    [component] = parse(response).walk("VEVENT")
    assert component.decoded("DTSTART").astimezone(UTC) == datetime(2019, 7, 17, 14, 30, tzinfo=UTC)


def test_all_day_events_are_dates_with_an_exclusive_end(client):
    start = local(2019, 5, 14, 0, 0, "Africa/Abidjan")
    event = event_at(start, start + timedelta(days=1, hours=23, minutes=59), all_day=True)
    [component] = ics(client, event).walk("VEVENT")
    assert component.decoded("DTSTART") == date(2019, 5, 14)
    assert component.decoded("DTEND") == date(2019, 5, 16)
    assert str(component["TRANSP"]) == "TRANSPARENT"


def test_all_day_event_entered_as_ending_at_midnight_is_not_a_day_longer(client):
    start = local(2019, 5, 14, 0, 0, "Africa/Abidjan")
    event = event_at(start, start + timedelta(days=2), all_day=True)  # midnight after the 15th
    [component] = ics(client, event).walk("VEVENT")
    assert component.decoded("DTEND") == date(2019, 5, 16)


@pytest.mark.parametrize(
    "fields,status,summary_prefix",
    [
        ({"status": "cancelled"}, "CANCELLED", "Cancelled: "),
        ({"status": "postponed"}, "TENTATIVE", "Postponed: "),
        ({"date_precision": "month", "all_day": True}, "TENTATIVE", ""),
        ({}, "CONFIRMED", ""),
    ],
)
def test_status(client, fields, status, summary_prefix):
    event = event_at(local(2099, 6, 1, 0, 0), local(2099, 6, 30, 23, 59), title="Forum", **fields)
    [component] = ics(client, event).walk("VEVENT")
    assert str(component["STATUS"]) == status
    assert str(component["SUMMARY"]) == f"{summary_prefix}Forum"


def test_month_precision_spans_the_month_as_dates(client):
    event = event_at(
        local(2099, 6, 1, 0, 0, "Europe/Zurich"),
        local(2099, 6, 30, 23, 59, "Europe/Zurich"),
        all_day=True,
        date_precision="month",
    )
    [component] = ics(client, event).walk("VEVENT")
    assert (component.decoded("DTSTART"), component.decoded("DTEND")) == (
        date(2099, 6, 1),
        date(2099, 7, 1),
    )
    assert "Exact dates not announced" in str(component["DESCRIPTION"])
    assert str(component["STATUS"]) == "TENTATIVE"


def test_a_past_month_only_event_is_exported_as_confirmed(client):
    """It took place that month: not a tentative plan, and nothing "not announced"."""
    event = event_at(
        local(2019, 6, 1, 0, 0, "Europe/Zurich"),
        local(2019, 6, 30, 23, 59, "Europe/Zurich"),
        all_day=True,
        date_precision="month",
    )
    [component] = ics(client, event).walk("VEVENT")
    assert str(component["STATUS"]) == "CONFIRMED"
    assert "not announced" not in str(component["DESCRIPTION"])
    google = client.get(event.get_absolute_url()).context["google_url"]
    assert "not+announced" not in google


def test_a_change_raises_sequence_and_last_modified(client):
    event = event_at(local(NEXT_YEAR, 5, 14, 9))
    before = vevents(parse(client.get(FEED)))[event.ical_uid]
    event.refresh_from_db()
    event.title = "Moved to Geneva"
    event.save()
    after = vevents(parse(client.get(FEED)))[event.ical_uid]
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1 == 1
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")
    assert str(after["SUMMARY"]) == "Moved to Geneva"


def _uids_on_page(client, params):
    response = client.get(reverse("events:list"), params)
    return {e.ical_uid for e in response.context["page_obj"].object_list}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"tag": "supply-chains"},
        {"tag": ["supply-chains", "migration"], "country": "FR"},
        {"type": "webinar"},
        {"group": "g"},
        {"pathfinder": "nepal"},
        {"host": "ilo"},
        {"q": "cotton"},
        {"from": f"{LATER_YEAR}-01-01"},
    ],
)
def test_feed_honours_the_same_filters_as_the_page(client, params):
    supply = ThemeFactory(slug="supply-chains")
    migration = ThemeFactory(slug="migration")
    group = ActionGroupFactory(slug="g")
    nepal = PathfinderCountryFactory(country="NP", slug="nepal")
    ilo = PartnerFactory(slug="ilo")
    EventFactory(tags=[supply], country="FR")
    EventFactory(tags=[migration], country="NP", event_type="webinar")
    EventFactory(action_group=group, pathfinder_countries=[nepal], description="cotton")
    EventFactory(hosts=[ilo], start=local(LATER_YEAR, 3, 1, 9), end=local(LATER_YEAR, 3, 1, 11))
    expected = _uids_on_page(client, params)
    assert expected  # every case selects something
    assert set(vevents(parse(client.get(FEED, params)))) == expected


def test_feed_reaches_a_year_back_by_default(client):
    now = timezone.now()
    EventFactory(title="Last month", start=now - timedelta(days=30), end=now - timedelta(days=30))
    EventFactory(
        title="Two years ago", start=now - timedelta(days=730), end=now - timedelta(days=730)
    )
    summaries = {str(e["SUMMARY"]) for e in parse(client.get(FEED)).walk("VEVENT")}
    assert summaries == {"Last month"}
    older = parse(client.get(FEED, {"from": (now - timedelta(days=800)).date().isoformat()}))
    assert {str(e["SUMMARY"]) for e in older.walk("VEVENT")} == {"Last month", "Two years ago"}


def test_feed_is_named_after_its_filters_and_asks_to_be_refreshed(client):
    ThemeFactory(slug="supply-chains", name="Supply chains")
    body = client.get(FEED, {"tag": "supply-chains"}).content.decode()
    assert "X-WR-CALNAME:Alliance 8.7 events – Supply chains" in body
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in body
    assert "X-PUBLISHED-TTL:PT6H" in body


def test_feed_is_served_inline_for_subscriptions(client):
    response = client.get(FEED)
    assert response["Content-Disposition"].startswith("inline;")


def test_feed_is_cached_until_an_event_changes(client, django_assert_max_num_queries):
    event = EventFactory(title="First title")
    first = client.get(FEED)
    with django_assert_max_num_queries(5):  # choices + one fingerprint: no events fetched
        second = client.get(FEED)
    assert second.content == first.content
    event.title = "Second title"
    event.save()
    assert b"SUMMARY:Second title" in client.get(FEED).content


def test_feed_answers_not_modified_to_a_client_that_has_it(client):
    EventFactory()
    etag = client.get(FEED)["ETag"]
    response = client.get(FEED, headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_feed_notices_deleted_events(client):
    keep, drop = EventFactory(), EventFactory()
    assert len(parse(client.get(FEED)).walk("VEVENT")) == 2
    drop.delete()
    assert set(vevents(parse(client.get(FEED)))) == {keep.ical_uid}


# choice lists (one query) + fingerprint + events + tags
FEED_QUERIES = 4


@pytest.mark.parametrize("count", [1, 55])
def test_feed_query_count_is_fixed(client, django_assert_num_queries, count):
    themes = [ThemeFactory(slug=f"theme-f{i}") for i in range(3)]
    hosts = [PartnerFactory() for _ in range(2)]
    for _ in range(count):
        EventFactory(tags=themes, hosts=hosts, country="NP")
    with django_assert_num_queries(FEED_QUERIES):
        response = client.get(FEED, {"tag": "theme-f1", "country": "NP"})
    assert len(parse(response).walk("VEVENT")) == count


def test_five_thousand_events_are_capped_in_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    events = bulk_events(5000, start=timezone.now() + timedelta(days=1), step=timedelta(hours=3))
    theme = ThemeFactory(slug="busy")
    Event.tags.through.objects.bulk_create(
        Event.tags.through(content_object=event, tag=theme) for event in events[::2]
    )
    with django_assert_num_queries(FEED_QUERIES):
        response = client.get(FEED)
    calendar = parse(response)
    assert len(calendar.walk("VEVENT")) == selectors.FEED_LIMIT
    # The earliest events are kept (the feed starts a year back and runs forward).
    assert "bulk-event-0" in response.content.decode().replace("\r\n ", "")
    with django_assert_num_queries(2):  # cached: the events are not fetched again
        again = client.get(FEED)
    assert again.content == response.content


def test_feed_with_only_an_end_date_keeps_the_latest_events(client, monkeypatch):
    monkeypatch.setattr(selectors, "FEED_LIMIT", 2)
    for day in (1, 2, 3):
        event_at(local(2019, 5, day, 9), title=f"May {day}")
    calendar = parse(client.get(FEED, {"to": "2019-05-31"}))
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"May 2", "May 3"}


def test_feed_vtimezone_covers_each_zone_used(client):
    event_at(local(NEXT_YEAR, 3, 7, 10, 0, "America/New_York"))
    event_at(local(NEXT_YEAR, 3, 30, 10, 0, "Europe/Paris"))
    body = client.get(FEED).content.decode()
    assert sorted(re.findall(r"TZID:([\w/]+)\r\n", body)) == ["America/New_York", "Europe/Paris"]
    assert Calendar.from_ical(body).get_missing_tzids() == set()
