"""Every page that lists an event shows it on its own day and in its own month.

An event at 00:30 in Auckland is still the previous day in UTC (the server's zone); one at 23:30
in Los Angeles is already the next day in UTC. Both fall on a year boundary here, so a page that
formats in UTC instead of the event's zone shows the wrong day, month and year. The Child Labour
Forum case (midnight in The Hague, known only by its month) is the one the partner pages once
got wrong: it was listed in December 2019 instead of January 2020.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, timedelta

import pytest
from django.urls import reverse

from events import presentation
from tests.events.factories import event_at, local
from tests.factories import ActionGroupFactory, PartnerFactory, PathfinderCountryFactory
from tests.helpers import html_of

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    zone: str
    start: tuple  # local wall time
    day: str  # as the place reads it
    wrong_day: str  # the UTC day
    month: str
    wrong_month: str
    month_param: str
    time: str
    zone_label: str
    ics_start: str


EAST = Case(
    "Pacific/Auckland",
    (2099, 1, 1, 0, 30),
    "1 January 2099",
    "31 December 2098",
    "January 2099",
    "December 2098",
    "2099-01",
    "00:30",
    "Auckland time (NZDT)",
    "DTSTART;TZID=Pacific/Auckland:20990101T003000",
)
WEST = Case(
    "America/Los_Angeles",
    (2098, 12, 31, 23, 30),
    "31 December 2098",
    "1 January 2099",
    "December 2098",
    "January 2099",
    "2098-12",
    "23:30",
    "Los Angeles time (PST)",
    "DTSTART;TZID=America/Los_Angeles:20981231T233000",
)
CASES = pytest.mark.parametrize("case", [EAST, WEST], ids=["east-of-utc", "west-of-utc"])


@pytest.fixture
def linked():
    return {
        "partner": PartnerFactory(),
        "group": ActionGroupFactory(),
        "country": PathfinderCountryFactory(country="NP", slug="nepal"),
    }


def make_event(case: Case, linked):
    start = local(*case.start, zone=case.zone)
    event = event_at(
        start,
        start + timedelta(minutes=20),  # over before the next local day
        title="Midnight meeting",
        hosts=[linked["partner"]],
        action_group=linked["group"],
        pathfinder_countries=[linked["country"]],
    )
    # The premise: in UTC the event is on the other side of midnight and of the year.
    assert event.start.astimezone(UTC).date() != event.first_day
    return event


def assert_own_day(html, case: Case):
    assert case.day in html
    assert case.wrong_day not in html


@CASES
def test_event_page(client, linked, case):
    event = make_event(case, linked)
    html = html_of(client, event.get_absolute_url())
    assert_own_day(html, case)
    assert f"{case.day}, {case.time}</time>" in html
    assert case.zone_label in html
    assert case.zone.replace("_", " ") not in html.replace(f'"{case.zone}"', "")


@CASES
def test_event_list_card_and_month_heading(client, linked, case):
    make_event(case, linked)
    html = html_of(client, reverse("events:list"))
    assert_own_day(html, case)
    assert f">{case.month}</h2>" in html
    assert case.wrong_month not in html


@CASES
def test_month_grid(client, linked, case):
    make_event(case, linked)
    html = html_of(client, reverse("events:list"), {"view": "month", "month": case.month_param})
    cell = re.search(
        r'<span class="visually-hidden">' + re.escape(case.day) + r"</span>.*?</td>", html, re.S
    )
    assert cell and "Midnight meeting" in cell.group(0)
    assert f"{case.time}</time> {case.zone_label}" in cell.group(0)


@CASES
def test_partner_page(client, linked, case):
    make_event(case, linked)
    html = html_of(client, linked["partner"].get_absolute_url())
    assert f"Midnight meeting</a> – {case.day}" in html
    assert case.wrong_day not in html


@CASES
def test_home_page(client, linked, case):
    make_event(case, linked)
    assert_own_day(html_of(client, reverse("home")), case)


@CASES
def test_pathfinder_hub(client, linked, case):
    make_event(case, linked)
    html = html_of(client, linked["country"].get_absolute_url())
    assert "Midnight meeting" in html
    assert_own_day(html, case)


@CASES
def test_action_group_page(client, linked, case):
    make_event(case, linked)
    html = html_of(client, linked["group"].get_absolute_url())
    assert "Midnight meeting" in html
    assert_own_day(html, case)


@CASES
def test_atom_feed(client, linked, case):
    make_event(case, linked)
    response = client.get(reverse("events:atom"))
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    summary = root.find("atom:entry", ns).findtext("atom:summary", namespaces=ns)
    assert summary.startswith(f"{case.day}, {case.time}")
    assert case.zone_label in summary


@CASES
def test_icalendar(client, linked, case):
    event = make_event(case, linked)
    body = client.get(reverse("events:ics", kwargs={"slug": event.slug})).content.decode()
    assert case.ics_start in body


def test_month_only_event_at_local_midnight_is_in_its_own_month_everywhere(client, linked):
    """The Child Labour Forum: The Hague, January 2020, stored as 23:00 UTC on 31 December."""
    event = event_at(
        local(2020, 1, 1, 0, 0, "Europe/Amsterdam"),
        local(2020, 1, 31, 23, 59, "Europe/Amsterdam"),
        title="Child Labour Forum",
        all_day=True,
        date_precision="month",
        hosts=[linked["partner"]],
        pathfinder_countries=[linked["country"]],
        action_group=linked["group"],
    )
    pages = [
        linked["partner"].get_absolute_url(),
        linked["country"].get_absolute_url(),
        linked["group"].get_absolute_url(),
        event.get_absolute_url(),
        reverse("events:list") + "?when=past",
        reverse("home"),
    ]
    for url in pages:
        html = html_of(client, url)
        assert "January 2020" in html, url
        assert "December 2019" not in html, url
        assert "not announced" not in html, url  # it is over: it took place that month
    assert "Child Labour Forum</a> – January 2020" in html_of(client, pages[0])
    assert "Child Labour Forum</a> – janvier 2020" in html_of(client, "/fr" + pages[0])


def test_zone_label_names_the_place_and_its_abbreviation():
    cases = {
        ("America/New_York", (2019, 7, 17, 10, 30)): "New York time (EDT)",
        ("Europe/Paris", (2019, 1, 10, 9, 0)): "Paris time (CET)",
        ("Africa/Abidjan", (2019, 5, 14, 9, 0)): "Abidjan time (GMT)",
        # No letters in common use: the offset instead of an invented abbreviation.
        ("Asia/Bangkok", (2018, 12, 1, 9, 0)): "Bangkok time (UTC+7)",
        ("Asia/Kathmandu", (2018, 10, 1, 9, 0)): "Kathmandu time (UTC+5:45)",
        ("America/Santiago", (2019, 3, 1, 9, 0)): "Santiago time (UTC\u22123)",
        ("Asia/Kolkata", (2019, 1, 1, 9, 0)): "Kolkata time (IST)",
        ("UTC", (2019, 1, 1, 9, 0)): "UTC",
    }
    for (zone, start), expected in cases.items():
        event = event_at(local(*start, zone=zone), slug=f"e-{zone.replace('/', '-').lower()}")
        assert presentation.zone_label(event) == expected


@pytest.mark.parametrize(
    "language,expected",
    [
        ("fr", "17 juillet 2019, 10:30–13:00 heure de New York (EDT)"),
        ("es", "17 de julio de 2019, 10:30–13:00 hora de New York (EDT)"),
        ("en", "17 July 2019, 10:30–13:00 New York time (EDT)"),
    ],
)
def test_one_style_per_language(language, expected):
    from django.utils import translation

    event = event_at(
        local(2019, 7, 17, 10, 30, "America/New_York"),
        local(2019, 7, 17, 13, 0, "America/New_York"),
    )
    with translation.override(language):
        assert presentation.describe(event).text == expected


@pytest.mark.parametrize(
    "language,within,across",
    [
        ("en", "14–15 May 2019", "30 May 2019 – 2 June 2019"),
        ("fr", "14–15 mai 2019", "30 mai 2019 – 2 juin 2019"),
        ("es", "14–15 de mayo de 2019", "30 de mayo de 2019 – 2 de junio de 2019"),
    ],
)
def test_day_ranges_are_shortened_within_a_month(language, within, across):
    from django.utils import translation

    abidjan = "Africa/Abidjan"
    short = event_at(
        local(2019, 5, 14, 0, 0, abidjan), local(2019, 5, 15, 23, 59, abidjan), all_day=True
    )
    long = event_at(
        local(2019, 5, 30, 0, 0, abidjan), local(2019, 6, 2, 23, 59, abidjan), all_day=True
    )
    with translation.override(language):
        assert presentation.describe(short).dates == within
        assert presentation.describe(long).dates == across
