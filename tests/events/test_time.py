"""Time zones done right: editors type local wall time, UTC is stored, DST changes are respected.

New York changed to summer time on 2026-03-08, Europe on 2026-03-29: an event at 10:00 on each
side of the change keeps "10:00" on the page and in the .ics, while its UTC instant moves by an
hour.
"""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Event

pytestmark = pytest.mark.django_db

ADD = reverse("admin:events_event_add")


def admin_post(admin_client, url, **overrides):
    data = {
        "title": "Meeting",
        "slug": "meeting",
        "event_type": "workshop",
        "status": "scheduled",
        "timezone": "America/New_York",
        "start_0": "2026-03-07",
        "start_1": "10:00",
        "end_0": "2026-03-07",
        "end_1": "12:00",
        "date_precision": "day",
        "is_published": "on",
        "agenda_items-TOTAL_FORMS": "0",
        "agenda_items-INITIAL_FORMS": "0",
        "outcomes-TOTAL_FORMS": "0",
        "outcomes-INITIAL_FORMS": "0",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return admin_client.post(url, data)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


DST_CASES = [
    # zone, local date, UTC instant of 10:00 there
    ("America/New_York", "2026-03-07", utc(2026, 3, 7, 15)),  # EST, UTC-5
    ("America/New_York", "2026-03-09", utc(2026, 3, 9, 14)),  # EDT, UTC-4
    ("Europe/Paris", "2026-03-28", utc(2026, 3, 28, 9)),  # CET, UTC+1
    ("Europe/Paris", "2026-03-30", utc(2026, 3, 30, 8)),  # CEST, UTC+2
]


@pytest.mark.parametrize("zone,day,instant", DST_CASES)
def test_admin_stores_the_utc_instant_of_the_local_wall_time(admin_client, zone, day, instant):
    response = admin_post(admin_client, ADD, timezone=zone, start_0=day, end_0=day, slug=f"m-{day}")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug=f"m-{day}")
    assert event.start == instant
    assert event.end == instant.replace(hour=instant.hour + 2)
    assert event.local_start.strftime("%H:%M") == "10:00"


@pytest.mark.parametrize("zone,day,instant", DST_CASES)
def test_page_and_ics_show_the_entered_wall_time(admin_client, client, zone, day, instant):
    admin_post(admin_client, ADD, timezone=zone, start_0=day, end_0=day, slug="m")
    event = Event.objects.get(slug="m")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "10:00</time>" in html
    assert f'<time datetime="{instant:%Y-%m-%dT%H:%M:%SZ}">' in html
    body = client.get(reverse("events:ics", kwargs={"slug": "m"})).content.decode()
    assert f"DTSTART;TZID={zone}:{day.replace('-', '')}T100000" in body
    [component] = Calendar.from_ical(body).walk("VEVENT")
    assert component.decoded("DTSTART").astimezone(UTC) == instant


def test_offsets_on_both_sides_of_the_change_are_named(admin_client, client):
    admin_post(admin_client, ADD, start_0="2026-03-07", end_0="2026-03-07", slug="before")
    admin_post(admin_client, ADD, start_0="2026-03-09", end_0="2026-03-09", slug="after")
    before = client.get("/events/before/").content.decode()
    after = client.get("/events/after/").content.decode()
    assert "New York time (EST)" in before
    assert "New York time (EDT)" in after


def test_admin_shows_the_stored_time_back_in_the_events_zone(admin_client):
    admin_post(admin_client, ADD, start_0="2026-03-09", end_0="2026-03-09")
    event = Event.objects.get(slug="meeting")
    html = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content
    html = html.decode()
    assert 'name="start_0" value="2026-03-09"' in html
    assert 'name="start_1" value="10:00:00"' in html
    assert 'name="end_1" value="12:00:00"' in html
    # Saving the form unchanged keeps the instant (no drift by the zone offset).
    response = admin_post(
        admin_client,
        reverse("admin:events_event_change", args=[event.pk]),
        start_0="2026-03-09",
        end_0="2026-03-09",
        start_1="10:00:00",
        end_1="12:00:00",
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.start == utc(2026, 3, 9, 14)
    assert event.sequence == 1


def test_a_time_skipped_by_the_clock_change_is_refused(admin_client):
    response = admin_post(
        admin_client, ADD, start_0="2026-03-08", start_1="02:30", end_0="2026-03-08"
    )
    assert response.status_code == 200
    assert "does not exist in America/New_York" in response.content.decode()
    assert not Event.objects.exists()


def test_end_before_start_is_refused(admin_client):
    response = admin_post(admin_client, ADD, start_1="12:00", end_1="10:00")
    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.content.decode()


def test_all_day_events_cover_whole_local_days(admin_client):
    admin_post(
        admin_client,
        ADD,
        timezone="Africa/Abidjan",
        all_day="on",
        start_0="2019-05-14",
        start_1="15:00",
        end_0="2019-05-15",
        end_1="09:00",
    )
    event = Event.objects.get(slug="meeting")
    assert event.start == utc(2019, 5, 14, 0, 0)
    assert event.end == utc(2019, 5, 15, 23, 59)
    assert (event.local_start_date.isoformat(), event.local_end_date.isoformat()) == (
        "2019-05-14",
        "2019-05-15",
    )


def test_unknown_time_zone_is_refused(admin_client):
    response = admin_post(admin_client, ADD, timezone="Mars/Olympus_Mons")
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_admin_list_shows_local_start(admin_client):
    admin_post(admin_client, ADD, start_0="2026-03-09", end_0="2026-03-09")
    html = admin_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "9 March 2026 10:00" in html


def test_local_dates_follow_the_zone_not_utc():
    from tests.events.factories import event_at, local

    event = event_at(local(2019, 7, 17, 21, 30, "America/New_York"))  # 01:30 UTC on the 18th
    assert event.local_start_date.isoformat() == "2019-07-17"
    event.timezone = "Asia/Tokyo"
    event.save(update_fields=["timezone"])
    event.refresh_from_db()
    assert event.local_start_date.isoformat() == "2019-07-18"
