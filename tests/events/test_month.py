"""The month grid: an accessible table, multi-day events on each day, paging that never ends."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from events import selectors
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


def month(client, value, **params):
    return client.get(LIST, {"view": "month", "month": value, **params})


def cell(html, day_label):
    """The HTML of one day's cell, found by its full date (read to screen readers)."""
    match = re.search(
        r'<td class="day[^"]*"[^>]*>\s*<span class="day-number"><span class="visually-hidden">'
        + re.escape(day_label)
        + r"</span>.*?</td>",
        html,
        re.S,
    )
    assert match, day_label
    return match.group(0)


def test_grid_is_an_accessible_table(client):
    html = month(client, "2019-07").content.decode()
    assert "<h1>Events in July 2019</h1>" in html
    assert "<caption>July 2019</caption>" in html
    assert html.count('<th scope="col">') == 7
    # Weeks start on Monday (British English, like French and Spanish); 1 July 2019 was a
    # Monday, so no empty cell leads and 4 trail after the 31st (a Wednesday).
    assert re.search(r'<thead><tr><th scope="col"><span class="visually-hidden">Monday', html)
    assert html.count('<td class="day outside">') == 0 + 4
    assert html.count('<span class="day-number">') == 31


def test_french_weeks_start_on_monday(client):
    html = client.get("/fr/events/", {"view": "month", "month": "2019-07"}).content.decode()
    assert re.search(r'<thead><tr><th scope="col"><span class="visually-hidden">lundi', html)
    assert '<td class="day outside">' not in html.split("<tbody>")[1].split("</tr>")[0]


def test_multi_day_events_appear_on_each_day(client):
    start = local(2019, 5, 14, 0, 0, "Africa/Abidjan")
    event_at(start, start + timedelta(days=1, hours=23, minutes=59), title="Workshop", all_day=True)
    html = month(client, "2019-05").content.decode()
    assert "Workshop" in cell(html, "14 May 2019")
    assert "(all day)" in cell(html, "14 May 2019")
    assert "Workshop" in cell(html, "15 May 2019")
    assert "(continued)" in cell(html, "15 May 2019")
    assert "Workshop" not in cell(html, "16 May 2019")
    assert "Workshop" not in cell(html, "13 May 2019")


def test_an_event_spanning_two_months_shows_in_both(client):
    start = local(2019, 6, 29, 9)
    event_at(start, start + timedelta(days=3), title="Across months")
    assert "Across months" in cell(month(client, "2019-06").content.decode(), "30 June 2019")
    assert "Across months" in cell(month(client, "2019-07").content.decode(), "2 July 2019")


def test_events_sit_on_their_local_day_with_local_time(client):
    # 17 July 17:30 in New York is 18 July in UTC: it belongs on the 17th.
    event_at(local(2019, 7, 17, 17, 30, "America/New_York"), title="Evening side event")
    html = month(client, "2019-07").content.decode()
    assert "Evening side event" in cell(html, "17 July 2019")
    assert "17:30</time> New York time (EDT)" in cell(html, "17 July 2019")
    assert "Evening side event" not in cell(html, "18 July 2019")


def test_month_only_events_are_listed_apart_not_on_every_day(client):
    start = local(2019, 6, 1, 0, 0, "Europe/Zurich")
    event_at(
        start,
        local(2019, 6, 30, 23, 59, "Europe/Zurich"),
        title="Conference in June",
        all_day=True,
        date_precision="month",
    )
    html = month(client, "2019-06").content.decode()
    # It is over: held during the month, not "not announced".
    assert "During June 2019" in html and "not announced" not in html
    assert html.count("Conference in June") == 1
    assert "Conference in June" not in cell(html, "10 June 2019")


def test_previous_and_next_links_always_work(client):
    response = month(client, "2019-01", tag="x")
    links = response.context["month_links"]
    assert "month=2018-12" in links["previous"] and "month=2019-02" in links["next"]
    for url in (links["previous"], links["next"]):
        assert client.get(LIST + url).status_code == 200


def test_empty_month_offers_the_nearest_months_with_events(client):
    event_at(local(2017, 6, 10, 9), title="Old")
    event_at(local(2020, 1, 15, 9), title="New")
    response = month(client, "2019-07")
    grid = response.context["grid"]
    assert grid.event_count == 0
    assert (grid.previous_with_events.isoformat(), grid.next_with_events.isoformat()) == (
        "2017-06-01",
        "2020-01-01",
    )
    html = response.content.decode()
    assert "Earlier events: June 2017" in html and "Later events: January 2020" in html
    assert "No events in July 2019 match these filters." in html


def test_nearest_months_follow_the_filters(client):
    theme = ThemeFactory(slug="supply-chains")
    event_at(local(2019, 5, 14, 9), title="Tagged", tags=[theme])
    event_at(local(2019, 6, 14, 9), title="Untagged")
    grid = month(client, "2019-08", tag="supply-chains").context["grid"]
    assert grid.previous_with_events.isoformat() == "2019-05-01"


@pytest.mark.parametrize(
    "value,has_previous,has_next",
    [("0001-01", False, True), ("9999-12", True, False), ("0001-02", True, True)],
)
def test_the_first_and_last_months_have_no_link_beyond(client, value, has_previous, has_next):
    response = month(client, value)
    assert response.status_code == 200
    links = response.context["month_links"]
    assert ("previous" in links) is has_previous
    assert ("next" in links) is has_next
    if has_next:
        assert client.get(LIST + links["next"]).status_code == 200


def test_events_at_the_end_of_time_do_not_break_the_grid(client):
    event_at(local(9999, 12, 31, 9), title="Far future", all_day=True)
    response = month(client, "9999-12")
    assert response.status_code == 200
    assert "Far future" in response.content.decode()


@pytest.mark.parametrize(
    "value", ["abc", "2019-13", "2019-00", "19-07", "2019-7", "0000-01", "x" * 500]
)
def test_bad_months_are_reported_and_the_current_month_shown(client, value):
    response = month(client, value)
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a month: write it as YYYY-MM" in html
    assert response.context["listing"].month.day == 1


def test_month_defaults_to_the_from_date(client):
    response = client.get(LIST, {"view": "month", "from": "2019-05-03"})
    assert response.context["grid"].month.isoformat() == "2019-05-01"


def test_too_many_events_in_a_month_are_cut_and_said(client, monkeypatch):
    start = local(2019, 3, 1, 9)
    for number in range(4):
        event_at(start + timedelta(hours=number), title=f"Event {number}")
    monkeypatch.setattr(selectors, "MONTH_LIMIT", 3)
    response = month(client, "2019-03")
    html = response.content.decode()
    assert "Only the first 3 events are shown here" in html
    # The total is counted, not the number shown; the list of the month shows them all.
    assert "4 events this month" in html
    link = response.context["month_list_url"]
    assert "from=2019-03-01" in link and "to=2019-03-31" in link
    listed = client.get(LIST + link.replace("&amp;", "&"))
    assert {e.title for e in listed.context["page_obj"].object_list} == {
        f"Event {number}" for number in range(4)
    }


def test_a_month_within_the_limit_is_not_cut(client, monkeypatch):
    start = local(2019, 3, 1, 9)
    for number in range(3):
        event_at(start + timedelta(hours=number), title=f"Event {number}")
    monkeypatch.setattr(selectors, "MONTH_LIMIT", 3)
    html = month(client, "2019-03").content.decode()
    assert "3 events this month" in html
    assert "Only the first" not in html


def _month_of_related_events(count):
    themes = [ThemeFactory(slug=f"theme-m{i}") for i in range(3)]
    partners = [PartnerFactory() for _ in range(2)]
    countries = [PathfinderCountryFactory(country=code) for code in ("NP", "MG")]
    group = ActionGroupFactory()
    for number in range(count):
        start = local(2019, 7, 1 + number % 28, 9 + number % 8)
        EventFactory(
            start=start,
            end=start + timedelta(days=number % 3, hours=2),
            timezone="Europe/Paris",
            tags=themes,
            hosts=partners,
            pathfinder_countries=countries,
            action_group=group,
        )


# facet choice lists (one query) + 6 facet counts + events + 2 nearest months (the grid shows
# no tags or hosts, so none are fetched)
MONTH_QUERIES = 10


@pytest.mark.parametrize("count", [1, 55])
def test_month_query_count_is_fixed(client, django_assert_num_queries, count):
    _month_of_related_events(count)
    with django_assert_num_queries(MONTH_QUERIES):
        response = month(client, "2019-07", tag="theme-m1")
    assert response.context["grid"].event_count == count
