"""The events list: upcoming by default, past, date windows, faceted filters, bounded queries."""

import html as htmllib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.events.factories import event_at, local
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")


def titles(response):
    """Event titles in page order (the card headings)."""
    found = re.findall(
        r'<h3(?: lang="en")?><a href="[^"]+">([^<]+)</a></h3>', response.content.decode()
    )
    return [htmllib.unescape(title) for title in found]


def in_days(days, hour=10):
    now = timezone.now() + timedelta(days=days)
    return now.replace(hour=hour, minute=0, second=0, microsecond=0)


def test_upcoming_by_default_grouped_by_month_in_date_order(client):
    EventFactory(title="Later", start=in_days(70), end=in_days(70, 12))
    EventFactory(title="Sooner", start=in_days(5), end=in_days(5, 12))
    EventFactory(title="Over", start=in_days(-5), end=in_days(-5, 12))
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Sooner", "Later"]
    html = response.content.decode()
    assert "<h1>Upcoming events</h1>" in html
    month_headings = re.findall(r'<h2 id="month-\d+">([^<]+)</h2>', html)
    assert len(month_headings) >= 2  # 5 and 70 days ahead are never in the same month


def test_past_events_newest_first(client):
    EventFactory(title="Long ago", start=in_days(-400), end=in_days(-400, 12))
    EventFactory(title="Recently", start=in_days(-3), end=in_days(-3, 12))
    EventFactory(title="Coming", start=in_days(3), end=in_days(3, 12))
    response = client.get(LIST, {"when": "past"})
    assert titles(response) == ["Recently", "Long ago"]
    assert "<h1>Past events</h1>" in response.content.decode()


def test_an_event_under_way_is_still_upcoming(client):
    EventFactory(title="Under way", start=in_days(-2), end=in_days(2))
    assert titles(client.get(LIST)) == ["Under way"]


def test_dates_define_the_window_instead_of_upcoming_or_past(client):
    event_at(local(2019, 5, 14, 9), title="In window")
    event_at(local(2018, 5, 14, 9), title="Before")
    event_at(local(2020, 5, 14, 9), title="After")
    response = client.get(LIST, {"from": "2019-01-01", "to": "2019-12-31", "when": "past"})
    assert titles(response) == ["In window"]
    assert "Events from 1 January 2019 to 31 December 2019" in response.content.decode()
    assert titles(client.get(LIST, {"from": "2019-06-01"})) == ["After"]
    assert titles(client.get(LIST, {"to": "2019-06-01"})) == ["Before", "In window"]


def test_date_window_uses_the_events_own_calendar_day(client):
    # 23:00 on 31 Dec in New York is already 1 January in UTC: it belongs to 31 December.
    eve = local(2019, 12, 31, 23, 0, "America/New_York")
    event_at(eve, eve + timedelta(minutes=50), title="New Year's Eve")
    event_at(local(2020, 1, 1, 0, 30, "Asia/Tokyo"), title="Tokyo New Year")  # 31 Dec UTC
    assert titles(client.get(LIST, {"from": "2019-12-31", "to": "2019-12-31"})) == [
        "New Year's Eve"
    ]
    assert titles(client.get(LIST, {"from": "2020-01-01", "to": "2020-01-01"})) == [
        "Tokyo New Year"
    ]


def test_or_within_a_parameter_and_across_parameters(client):
    supply = ThemeFactory(slug="supply-chains", name="Supply chains")
    migration = ThemeFactory(slug="migration", name="Migration")
    EventFactory(title="Supply in France", tags=[supply], country="FR")
    EventFactory(title="Migration in Nepal", tags=[migration], country="NP")
    EventFactory(title="Both in France", tags=[supply, migration], country="FR")
    EventFactory(title="Untagged", country="FR")

    either = titles(client.get(LIST, {"tag": ["supply-chains", "migration"]}))
    assert sorted(either) == ["Both in France", "Migration in Nepal", "Supply in France"]
    both = titles(client.get(LIST, {"tag": "migration", "country": "FR"}))
    assert both == ["Both in France"]


@pytest.mark.parametrize(
    "param,value,expected",
    [
        ("type", "webinar", "The webinar"),
        ("country", "NP", "In Nepal"),
        ("group", "supply-chains", "Group meeting"),
        ("pathfinder", "nepal", "With a pathfinder"),
        ("host", "ilo", "Hosted by ILO"),
        ("q", "cotton", "Cotton talk"),
    ],
)
def test_each_filter(client, param, value, expected):
    group = ActionGroupFactory(slug="supply-chains", name="Supply Chains")
    pathfinder = PathfinderCountryFactory(country="NP", slug="nepal", name="Nepal")
    ilo = PartnerFactory(slug="ilo", name="International Labour Organization")
    EventFactory(title="The webinar", event_type="webinar")
    EventFactory(title="In Nepal", country="NP", city="Kathmandu")
    EventFactory(title="Group meeting", action_group=group)
    EventFactory(title="With a pathfinder", pathfinder_countries=[pathfinder])
    EventFactory(title="Hosted by ILO", hosts=[ilo])
    EventFactory(title="Cotton talk", description="Forced labour in COTTON supply chains")
    assert titles(client.get(LIST, {param: value})) == [expected]


def test_an_event_matching_two_selected_values_is_listed_once(client):
    one, two = ThemeFactory(slug="one"), ThemeFactory(slug="two")
    a, b = PartnerFactory(slug="a"), PartnerFactory(slug="b")
    EventFactory(title="Twice", tags=[one, two], hosts=[a, b])
    response = client.get(LIST, {"tag": ["one", "two"], "host": ["a", "b"]})
    assert titles(response) == ["Twice"]
    assert "1 event<" in response.content.decode()


def test_facet_counts_use_the_other_filters(client):
    supply = ThemeFactory(slug="supply-chains", name="Supply chains")
    EventFactory(tags=[supply], country="FR")
    EventFactory(tags=[supply], country="NP")
    EventFactory(country="NP")
    facets = {f.name: f for f in client.get(LIST, {"country": "NP"}).context["facets"]}
    tag_counts = {o.value: o.count for o in facets["tag"].options}
    country_counts = {o.value: o.count for o in facets["country"].options}
    assert tag_counts["supply-chains"] == 1  # narrowed by country=NP
    assert country_counts["FR"] == 1 and country_counts["NP"] == 2  # ignores itself


def test_host_facet_lists_published_hosts_with_events_in_view(client):
    # Any of the directory's organisations may host, so the facet lists only those that host
    # something in the current view, plus the ones selected.
    ilo = PartnerFactory(slug="ilo", name="International Labour Organization")
    iom = PartnerFactory(slug="iom", name="International Organization for Migration")
    PartnerFactory(slug="idle", name="Hosts nothing")
    hidden = PartnerFactory(slug="hidden", name="Draft organisation", is_published=False)
    EventFactory(hosts=[ilo, hidden], country="NP")
    EventFactory(hosts=[ilo], country="FR")
    EventFactory(hosts=[iom], country="FR")

    def host_options(params):
        facets = {f.name: f for f in client.get(LIST, params).context["facets"]}
        return [(o.value, o.count, o.selected) for o in facets["host"].options]

    assert host_options({}) == [("ilo", 2, False), ("iom", 1, False)]
    assert host_options({"country": "NP"}) == [("ilo", 1, False)]
    # A selected host stays listed (to be unticked) even with nothing in the view.
    assert host_options({"country": "NP", "host": "iom"}) == [("ilo", 1, False), ("iom", 0, True)]
    response = client.get(LIST, {"host": ["hidden", "nobody"]})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 3  # unknown hosts are ignored, not an empty list
    html = response.content.decode()
    assert "Unknown organisation (host or organiser) “hidden” was ignored." in html
    assert "Unknown organisation (host or organiser) “nobody” was ignored." in html


def test_chips_and_clear_all(client):
    ThemeFactory(slug="supply-chains", name="Supply chains")
    EventFactory()
    html = client.get(LIST, {"tag": "supply-chains", "type": "workshop"}).content.decode()
    assert "Theme: Supply chains" in html
    assert "Type of event: Workshop" in html
    assert 'href="/events/?type=workshop"' in html  # removing the tag keeps the type
    assert "Clear all filters" in html


def test_filters_carry_across_list_past_and_month(client):
    ThemeFactory(slug="supply-chains")
    EventFactory()
    response = client.get(LIST, {"tag": "supply-chains", "country": "FR"})
    links = response.context["links"]
    for name in ("upcoming", "past", "month"):
        assert "tag=supply-chains" in links[name] and "country=FR" in links[name]
    assert "when=past" in links["past"]
    assert "view=month" in links["month"]
    # ... and back again from the month view.
    month = client.get(LIST, {"view": "month", "month": "2019-07", "tag": "supply-chains"})
    assert "tag=supply-chains" in month.context["links"]["upcoming"]
    assert "view" not in month.context["links"]["upcoming"]
    assert all("tag=supply-chains" in url for url in month.context["month_links"].values())


def test_form_keeps_the_view_it_was_submitted_from(client):
    html = client.get(LIST, {"view": "month", "month": "2019-07"}).content.decode()
    assert '<input type="hidden" name="view" value="month">' in html
    assert '<input type="hidden" name="month" value="2019-07">' in html
    html = client.get(LIST, {"when": "past"}).content.decode()
    assert '<input type="hidden" name="when" value="past">' in html


def test_empty_upcoming_view_links_to_past_events_and_the_latest_month(client):
    event_at(local(2019, 7, 17, 10, 30, "America/New_York"), title="Old meeting")
    response = client.get(LIST)
    html = response.content.decode()
    assert "No upcoming events are scheduled yet." in html
    assert "See past events" in html
    assert "See July 2019, the month of the most recent event" in html
    assert "view=month&amp;month=2019-07" in html


def test_unpublished_events_are_not_listed(client):
    EventFactory(title="Draft", is_published=False)
    EventFactory(title="Public")
    assert titles(client.get(LIST)) == ["Public"]


def test_subscribe_links_carry_the_filters(client):
    ThemeFactory(slug="supply-chains")
    html = client.get(LIST, {"tag": "supply-chains", "when": "past", "page": "1"}).content
    html = html.decode()
    assert 'href="webcal://testserver/events/calendar.ics?tag=supply-chains"' in html
    assert 'value="http://testserver/events/calendar.ics?tag=supply-chains"' in html
    assert 'href="http://testserver/events/feed.atom?tag=supply-chains"' in html
    assert 'type="application/atom+xml"' in html


def test_pagination(client, settings):
    settings.PAGE_SIZE = 2
    for days in range(1, 6):
        EventFactory(title=f"Day {days}", start=in_days(days), end=in_days(days, 12))
    assert titles(client.get(LIST, {"page": "3"})) == ["Day 5"]
    assert client.get(LIST, {"page": "4"}).status_code == 404


def _related_events(count):
    themes = [ThemeFactory(slug=f"theme-x{i}") for i in range(3)]
    partners = [PartnerFactory() for _ in range(2)]
    countries = [PathfinderCountryFactory(country=code) for code in ("NP", "MG")]
    group = ActionGroupFactory()
    for number in range(count):
        EventFactory(
            start=in_days(number + 1),
            end=in_days(number + 1, 12),
            tags=themes,
            hosts=partners,
            pathfinder_countries=countries,
            action_group=group,
            country="NP",
        )


# facet choice lists (one query) + 6 facet counts + count + page + tags + hosts
LIST_QUERIES = 11


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
@pytest.mark.parametrize("count", [1, 55])
def test_list_query_count_is_fixed(prefix, client, django_assert_num_queries, count):
    _related_events(count)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(prefix + LIST, {"tag": ["theme-x0", "theme-x1"], "country": "NP"})
    assert response.status_code == 200
    assert len(titles(response)) == min(count, 24)


def test_empty_upcoming_list_shows_the_most_recent_past_events(client):
    for day in range(1, 8):
        event_at(local(2019, 7, day, 10), title=f"Past meeting {day}")
    response = client.get(LIST)
    html = response.content.decode()
    assert "No upcoming events are scheduled yet." in html
    assert '<h2 id="recent-heading">Recent events</h2>' in html
    recent = html[html.index('id="recent-heading"') :]
    shown = re.findall(r"Past meeting (\d)", recent)
    assert shown == ["7", "6", "5", "4", "3"]  # newest first, at most RECENT_LIMIT
    assert 'class="result-count"' not in html  # a zero is not headlined


def test_recent_events_under_an_empty_list_follow_the_filters(client):
    theme = ThemeFactory(slug="supply-chains")
    event_at(local(2019, 7, 1, 10), title="Tagged past", tags=[theme])
    event_at(local(2019, 7, 2, 10), title="Other past")
    html = client.get(LIST, {"tag": "supply-chains"}).content.decode()
    assert "No upcoming events match these filters." in html
    assert "Tagged past" in html and "Other past" not in html


# choices + 6 facet counts + count (no page rows) + recent past events + their tags + hosts
EMPTY_UPCOMING_QUERIES = 11


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
@pytest.mark.parametrize("count", [1, 6])
def test_empty_upcoming_list_query_count_is_fixed(prefix, client, django_assert_num_queries, count):
    for day in range(1, count + 1):
        event_at(
            local(2019, 7, day, 10),
            tags=[ThemeFactory()],
            hosts=[PartnerFactory()],
        )
    with django_assert_num_queries(EMPTY_UPCOMING_QUERIES):
        response = client.get(prefix + LIST)
    assert len(response.context["recent_events"]) == min(count, 5)


def test_date_inputs_have_no_hint_contradicting_the_browsers_date_field(client):
    html = client.get(LIST).content.decode()
    assert '<input type="date" id="f-from"' in html
    assert "YYYY-MM-DD" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "query"),
    [("/fr", "ateliers enfants"), ("/es", "taller niños"), ("", "child labour workshop")],
)
def test_event_search_matches_the_text_in_the_page_language(client, prefix, query):
    EventFactory(
        slug="workshop",
        title="Child labour workshop",
        title_fr="Atelier sur le travail des enfants",
        title_es="Taller sobre el trabajo de los niños",
    )
    EventFactory(slug="other", title="Annual meeting")
    html = client.get(f"{prefix}/events/", {"q": query, "when": "all"}).content.decode()
    assert f"{prefix}/events/workshop/" in html
    assert f"{prefix}/events/other/" not in html
