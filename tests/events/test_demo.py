"""The issue's scenario on the real briefing-pack content.

Facts from fixtures/briefing_pack.json: tagged supply-chains in 2019 are the Supply Chains
Action Group's 2nd Global Workshop (Abidjan, all day 14-15 May 2019) and the "Beyond Good
Intentions" side event (New York, 17 July 2019, 17:30-19:30 EDT). The 5th GCG meeting the same
day (10:30-13:00) is tagged coordination-and-monitoring only; the Berlin meeting (June 2017)
and The Hague forum (January 2020) are supply-chains but outside 2019.
"""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

pytestmark = pytest.mark.django_db

ABIDJAN = "supply-chains-action-group-2nd-global-workshop-abidjan-2019"
SIDE_EVENT = "beyond-good-intentions-side-event-new-york-2019"
GCG = "5th-gcg-meeting-new-york-2019"
FILTERED = {"tag": "supply-chains", "from": "2019-01-01", "to": "2019-12-31"}


def test_supply_chains_events_in_2019(client, demo_content):
    response = client.get(reverse("events:list"), FILTERED)
    assert response.status_code == 200
    assert [e.slug for e in response.context["page_obj"]] == [ABIDJAN, SIDE_EVENT]
    html = response.content.decode()
    assert "14–15 May 2019" in html
    assert "17 July 2019, 17:30</time>–<time" in html
    assert '19:30</time> <span class="event-zone">New York time (EDT)' in html
    assert "5th Alliance 8.7 Global Coordinating Group Meeting" not in html


def test_subscribing_to_that_view_gives_the_same_events_at_the_right_times(client, demo_content):
    page = client.get(reverse("events:list"), FILTERED)
    webcal = page.context["subscribe"]["webcal"]
    assert webcal.startswith("webcal://testserver/events/calendar.ics?")
    for pair in ("tag=supply-chains", "from=2019-01-01", "to=2019-12-31"):
        assert pair in webcal
    # A calendar app fetches the https:// form of the same address.
    feed = client.get(page.context["subscribe"]["https"].removeprefix("http://testserver"))
    calendar = Calendar.from_ical(feed.content)
    events = {str(e["URL"]).rstrip("/").rsplit("/", 1)[1]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {ABIDJAN, SIDE_EVENT}

    abidjan = events[ABIDJAN]
    assert abidjan.decoded("DTSTART") == date(2019, 5, 14)
    assert abidjan.decoded("DTEND") == date(2019, 5, 16)
    assert "Supply chains" in abidjan["CATEGORIES"].cats

    side = events[SIDE_EVENT]
    start = side.decoded("DTSTART")
    assert start == datetime(2019, 7, 17, 17, 30, tzinfo=ZoneInfo("America/New_York"))
    assert start.astimezone(UTC) == datetime(2019, 7, 17, 21, 30, tzinfo=UTC)
    assert side.decoded("DTEND").astimezone(UTC) == datetime(2019, 7, 17, 23, 30, tzinfo=UTC)
    assert calendar.get_missing_tzids() == set()


def test_july_2019_month_grid(client, demo_content):
    html = client.get(reverse("events:list"), {"view": "month", "month": "2019-07"}).content
    html = html.decode()
    day_17 = re.search(r"17 July 2019</span>.*?</td>", html, re.S).group(0)
    assert "5th Alliance 8.7 Global Coordinating Group Meeting" in day_17
    assert "10:30</time> New York time (EDT)" in day_17
    assert "Beyond Good Intentions" in day_17
    # The Pathfinder Countries side event is announced for July 2019 without days.
    undated = html.split('id="undated-heading"')[1].split("</section>")[0]
    assert "Alliance 8.7 Pathfinder Countries side event" in undated


def test_the_default_upcoming_view_helps_when_empty(client, demo_content):
    html = client.get(reverse("events:list")).content.decode()
    assert "No upcoming events are scheduled yet." in html
    # The most recent event is the Child Labour Forum, January 2020.
    assert "See January 2020, the month of the most recent event" in html
    assert "?view=month&amp;month=2020-01" in html
    assert '?when=past"' in html
    # Not a dead end: the most recent events are listed under the empty upcoming list.
    recent = html[html.index('id="recent-heading"') :]
    assert recent.index("Child Labour Forum") < recent.index("Pathfinder Countries side event")
    assert "January 2020" in recent and "not announced" not in recent


def test_past_events_newest_first(client, demo_content):
    events = client.get(reverse("events:list"), {"when": "past"}).context["page_obj"]
    slugs = [e.slug for e in events]
    assert slugs[0] == "child-labour-forum-the-hague-2020"
    assert slugs[-1] == "1st-supply-chains-action-group-meeting-berlin-2017"
    assert len(slugs) == 8


def test_abidjan_workshop_page(client, demo_content):
    html = client.get(reverse("events:detail", kwargs={"slug": ABIDJAN})).content.decode()
    assert "14–15 May 2019" in html
    assert 'href="/action-groups/supply-chains/"' in html
    for country in ("Sri Lanka", "Nigeria", "Nepal", "Madagascar", "Uganda"):
        assert country in html
    assert "<h3>Working Group on Mining</h3>" in html
    assert (
        html.count("<h3>Cross cutting issues for the 2020-21 work plan of the Action Group</h3>")
        == 1
    )
    assert 'href="/events/?tag=supply-chains"' in html
    # It took place: a notice with a link to its outcomes, no registration or calendar plans.
    assert "This event took place from 14 May 2019 to 15 May 2019." in html
    assert '<a href="#outcomes-heading">' in html
    assert "Add to your calendar" not in html and "Register or RSVP" not in html


def test_gcg_meeting_page_shows_new_york_time(client, demo_content):
    html = client.get(reverse("events:detail", kwargs={"slug": GCG})).content.decode()
    assert "17 July 2019, 10:30</time>–<time" in html
    assert '<time datetime="2019-07-17T14:30:00Z">' in html
    assert "New York time (EDT)" in html


def test_month_only_event_page(client, demo_content):
    slug = "international-labour-conference-geneva-2019"
    html = client.get(reverse("events:detail", kwargs={"slug": slug})).content.decode()
    assert "<dd><span>June 2019</span></dd>" in html
    assert "not announced" not in html


@pytest.mark.parametrize(
    "prefix,words",
    [
        ("", ["Events from 1 January 2019 to 31 December 2019", "Subscribe to this view", "Theme"]),
        (
            "/fr",
            ["Événements du 1 janvier 2019 au 31 décembre 2019", "S’abonner à cette vue", "Thème"],
        ),
        (
            "/es",
            [
                "Eventos del 1 de enero de 2019 al 31 de diciembre de 2019",
                "Suscribirse a esta vista",
                "Tema",
            ],
        ),
    ],
)
def test_translated(client, demo_content, prefix, words):
    html = client.get(f"{prefix}/events/", FILTERED).content.decode()
    for word in words:
        assert word in html


@pytest.mark.parametrize(
    "prefix,words",
    [
        (
            "/fr",
            [
                "Cet événement a eu lieu du 14 mai 2019 au 15 mai 2019.",
                "Résultats et propositions clés",
                "toute la journée",
            ],
        ),
        (
            "/es",
            [
                "Este evento tuvo lugar del 14 de mayo de 2019 al 15 de mayo de 2019.",
                "Resultados y propuestas clave",
                "todo el día",
            ],
        ),
    ],
)
def test_event_page_translated(client, demo_content, prefix, words):
    html = client.get(f"{prefix}/events/{ABIDJAN}/").content.decode()
    for word in words:
        assert word in html


@pytest.mark.parametrize(
    "prefix,words",
    [
        ("/fr", ["Événements en juillet 2019", "En juillet 2019", "heure de New York (EDT)"]),
        ("/es", ["Eventos en julio de 2019", "En julio de 2019", "hora de New York (EDT)"]),
    ],
)
def test_month_grid_translated(client, demo_content, prefix, words):
    html = client.get(f"{prefix}/events/", {"view": "month", "month": "2019-07"}).content
    for word in words:
        assert word in html.decode()


ZONE_ID = re.compile(r"\b(?:Africa|America|Asia|Europe|Pacific)/[A-Z][A-Za-z_ ]+|UTC[−+-]\d")


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
def test_no_page_shows_a_zone_identifier_or_says_a_past_event_is_unannounced(
    client, demo_content, prefix
):
    from events.models import Event

    urls = [f"{prefix}/events/{slug}/" for slug in Event.objects.values_list("slug", flat=True)]
    urls += [f"{prefix}/events/?when=past", f"{prefix}/events/?view=month&month=2019-07"]
    for url in urls:
        html = client.get(url).content.decode()
        # The zone stays in a data attribute for localtime.js; people read "New York time".
        visible = re.sub(r'data-event-zone="[^"]*"', "", html)
        assert not ZONE_ID.search(visible), (url, ZONE_ID.search(visible).group(0))
        for unannounced in ("not announced", "non annoncées", "no anunciadas"):
            assert unannounced not in html, url
