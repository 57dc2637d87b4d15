"""The event page: status, local times with the zone named, links, outcomes, add-to-calendar."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from tests.events.factories import event_at, local
from tests.factories import (
    ActionGroupFactory,
    AgendaItemFactory,
    OutcomeFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def page(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_times_in_the_events_zone_with_the_zone_named(client):
    start = local(2019, 7, 17, 10, 30, "America/New_York")
    event = event_at(start, start + timedelta(hours=2, minutes=30))
    html = page(client, event)
    assert "17 July 2019, 10:30</time>–<time" in html
    assert "13:00</time>" in html
    assert "New York time (EDT)" in html
    # The UTC instant for the visitor's own clock (added by localtime.js).
    assert '<time datetime="2019-07-17T14:30:00Z">' in html
    assert '<time datetime="2019-07-17T17:00:00Z">' in html
    assert 'data-localtime data-event-zone="America/New_York"' in html


def test_local_time_script_is_deferred_and_nothing_is_inline(client):
    html = page(client, event_at(local(2019, 7, 17, 10)))
    assert re.search(r'<script src="[^"]*events/localtime\.js" defer></script>', html)
    assert "<script>" not in html and "style=" not in html
    script = client.get("/static/events/localtime.js")
    assert script.status_code == 200
    assert b"Intl.DateTimeFormat" in b"".join(script.streaming_content)


def test_all_day_and_multi_day_events(client):
    start = local(2019, 5, 14, 0, 0, "Africa/Abidjan")
    event = event_at(start, start + timedelta(days=1, hours=23, minutes=59), all_day=True)
    html = page(client, event)
    assert "14–15 May 2019" in html
    assert "(all day)" in html
    assert "data-localtime" not in html  # dates have no clock time to convert


def test_month_precision_events(client):
    event = event_at(
        local(2019, 6, 1, 0, 0, "Europe/Zurich"),
        local(2019, 6, 30, 23, 59, "Europe/Zurich"),
        all_day=True,
        date_precision="month",
    )
    html = page(client, event)
    # It took place: the month is the whole fact, with nothing "not announced" about it.
    assert "<dd><span>June 2019</span></dd>" in html
    assert "not announced" not in html
    assert "1 June 2019" not in html
    assert "This event took place in June 2019." in html


def test_future_month_precision_events_say_the_days_are_not_announced(client):
    event = event_at(
        local(2099, 6, 1, 0, 0, "Europe/Zurich"),
        local(2099, 6, 30, 23, 59, "Europe/Zurich"),
        all_day=True,
        date_precision="month",
    )
    html = page(client, event)
    assert 'June 2099 <span class="event-note">(exact dates not announced)</span>' in html
    assert "took place" not in html


@pytest.mark.parametrize(
    "status,text",
    [
        ("cancelled", "This event has been cancelled."),
        ("postponed", "This event has been postponed."),
    ],
)
def test_cancelled_or_postponed_says_so_prominently(client, status, text):
    html = page(client, event_at(local(2019, 7, 17, 10), status=status))
    banner = re.search(r'<p class="status status-(\w+) status-banner">([^<]+)</p>', html)
    assert banner and banner.group(1) == status and text in banner.group(2)
    assert html.index("status-banner") < html.index('<dl class="facts">')


def test_place_links_and_relations(client):
    host = PartnerFactory(name="International Labour Organization", slug="ilo")
    hidden_host = PartnerFactory(name="Secret partner", is_published=False)
    group = ActionGroupFactory(name="Supply Chains", slug="supply-chains")
    nepal = PathfinderCountryFactory(country="NP", name="Nepal", slug="nepal")
    theme = ThemeFactory(slug="supply-chains", name="Supply chains")
    event = event_at(
        local(2099, 5, 14, 9, 0, "Africa/Abidjan"),
        venue="Sofitel Hotel Ivoire",
        city="Abidjan",
        country="CI",
        online_url="https://example.org/live",
        registration_url="https://example.org/register",
        description="Line one.\n\nLine <two>.",
        hosts=[host, hidden_host],
        action_group=group,
        pathfinder_countries=[nepal],
        tags=[theme],
    )
    html = page(client, event)
    assert "Sofitel Hotel Ivoire" in html and "Abidjan" in html
    assert 'href="/events/?country=CI"' in html
    assert 'href="https://example.org/live"' in html
    assert 'href="https://example.org/register"' in html
    assert f'href="{host.get_absolute_url()}"' in html
    assert "Secret partner" not in html
    assert f'href="{group.get_absolute_url()}"' in html
    assert f'href="{nepal.get_absolute_url()}"' in html
    assert 'href="/events/?tag=supply-chains"' in html
    assert "Line &lt;two&gt;." in html


def test_agenda_and_outcomes_grouped_by_heading(client):
    event = event_at(local(2019, 5, 14, 9), event_type="action_group_meeting")
    AgendaItemFactory(event=event, title="Opening", order=1)
    OutcomeFactory(event=event, heading="Working Group on Mining", text="Map risks", order=1)
    OutcomeFactory(event=event, heading="Working Group on Fishing", text="Inspect", order=2)
    OutcomeFactory(event=event, heading="Working Group on Mining", text="Train", order=3)
    html = page(client, event)
    assert '<h2 id="outcomes-heading">Outcomes and key proposals</h2>' in html
    mining = html.index("<h3>Working Group on Mining</h3>")
    fishing = html.index("<h3>Working Group on Fishing</h3>")
    assert html.count("<h3>Working Group on Mining</h3>") == 1
    assert mining < html.index("Map risks") < html.index("Train") < fishing
    assert "Opening" in html


def test_add_to_calendar_links_for_a_timed_event(client):
    start = local(2099, 7, 17, 17, 30, "America/New_York")
    event = event_at(start, start + timedelta(hours=2), title="Side event", city="New York")
    response = client.get(event.get_absolute_url())
    google = parse_qs(urlparse(response.context["google_url"]).query)
    assert google["dates"] == ["20990717T213000Z/20990717T233000Z"]
    assert google["text"] == ["Side event"]
    outlook_url = response.context["outlook_url"]
    assert outlook_url.startswith("https://outlook.live.com/calendar/0/deeplink/compose?")
    outlook = parse_qs(urlparse(outlook_url).query)
    assert outlook["startdt"] == ["2099-07-17T21:30:00Z"]
    assert outlook["enddt"] == ["2099-07-17T23:30:00Z"]
    assert outlook["allday"] == ["false"]
    assert f'href="/events/{event.slug}/event.ics"' in response.content.decode()


def test_add_to_calendar_links_for_an_all_day_event(client):
    start = local(2019, 5, 14, 0, 0, "Africa/Abidjan")
    event = event_at(start, start + timedelta(days=1, hours=23, minutes=59), all_day=True)
    response = client.get(event.get_absolute_url())
    google = parse_qs(urlparse(response.context["google_url"]).query)
    assert google["dates"] == ["20190514/20190516"]  # the end date is exclusive
    outlook = parse_qs(urlparse(response.context["outlook_url"]).query)
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        ["2019-05-14"],
        ["2019-05-16"],
        ["true"],
    )


def test_unpublished_event_is_404(client):
    event = event_at(local(2019, 5, 14, 9), is_published=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/events/{event.slug}/event.ics").status_code == 404


def test_detail_query_count(client, django_assert_num_queries):
    event = event_at(
        local(2019, 5, 14, 9),
        hosts=[PartnerFactory()],
        tags=[ThemeFactory()],
        pathfinder_countries=[PathfinderCountryFactory()],
        action_group=ActionGroupFactory(),
    )
    OutcomeFactory.create_batch(5, event=event)
    AgendaItemFactory.create_batch(5, event=event)
    # event + tags + agenda + outcomes + hosts + pathfinder countries
    with django_assert_num_queries(6):
        client.get(event.get_absolute_url())


def test_a_past_event_reads_as_past_and_links_to_its_outcomes(client):
    start = local(2019, 5, 14, 9, 0, "Africa/Abidjan")
    event = event_at(
        start,
        start + timedelta(hours=8),
        online_url="https://example.org/live",
        registration_url="https://example.org/register",
    )
    OutcomeFactory(event=event, heading="Plenary", text="Map risks")
    html = page(client, event)
    notice = re.search(r'<p class="notice status-banner event-past">(.*?)</p>', html, re.S)
    assert notice, "no 'took place' notice"
    assert "This event took place on 14 May 2019." in notice.group(1)
    assert '<a href="#outcomes-heading">See its outcomes and key proposals.</a>' in notice.group(1)
    assert html.index("event-past") < html.index('<dl class="facts">')
    for plan in ("Register or RSVP", "example.org/register", "Join online", "Add to your calendar"):
        assert plan not in html
    assert 'id="outcomes-heading"' in html


def test_a_past_event_without_outcomes_has_no_dangling_link(client):
    html = page(client, event_at(local(2019, 5, 14, 9)))
    assert "This event took place on 14 May 2019." in html
    assert "#outcomes-heading" not in html


def test_an_upcoming_event_offers_registration_not_a_took_place_notice(client):
    event = event_at(local(2099, 5, 14, 9), registration_url="https://example.org/register")
    html = page(client, event)
    assert "took place" not in html
    assert "Register or RSVP" in html and "Add to your calendar" in html


def test_one_date_style_on_the_page_and_for_the_visitors_clock(client):
    start = local(2099, 7, 17, 10, 30, "America/New_York")
    event = event_at(start, start + timedelta(hours=2))
    html = page(client, event)
    # localtime.js formats with the same locale as the page (en-GB on English pages)...
    assert 'data-locale="en-GB"' in html
    french = client.get("/fr" + event.get_absolute_url()).content.decode()
    assert 'data-locale="fr-FR"' in french
    assert "17 juillet 2099, 10:30</time>" in french
    # ...and the page names no IANA identifier or bare UTC offset for people to decode.
    assert "America/New York" not in html and "UTC−4" not in html
    assert "Times are local to the event" not in html
