"""schema.org JSON-LD on the site, partner and event pages, allowed by the CSP through hashes."""

import base64
import hashlib
import json
import re

import pytest
from django.test import override_settings

from events.models import Event
from tests.factories import EventFactory, PartnerFactory

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
# Google's required properties for an Event rich result, and those it recommends that the
# issue asks for.
EVENT_REQUIRED = {"name", "startDate", "location"}
EVENT_ASKED = {"eventStatus", "eventAttendanceMode", "organizer", "endDate"}


def json_ld(response):
    html = response.content.decode()
    blocks = BLOCK.findall(html)
    assert blocks, "no JSON-LD block"
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    for body in blocks:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src  # exactly this block is allowed
    assert "unsafe-inline" not in policy
    return [json.loads(body) for body in blocks]


def test_every_demo_event_page_meets_googles_event_rules(client, demo_content):
    described = 0
    for event in Event.objects.published():
        if not (event.venue or event.city or event.country or event.online_url):
            # The pack gives no place: no Event block rather than an invented location.
            html = client.get(event.get_absolute_url()).content.decode()
            assert '"@type":"Event"' not in html
            continue
        described += 1
        (data,) = json_ld(client.get(event.get_absolute_url()))
        assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
        assert set(data) >= EVENT_REQUIRED | EVENT_ASKED, event.slug
        assert data["name"] == event.title
        assert re.fullmatch(
            r"\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?)?", data["startDate"]
        )
        location = data["location"]
        assert location["@type"] in ("Place", "VirtualLocation")
        if location["@type"] == "Place":
            assert location["name"] and location["address"]["addressCountry"]
        assert data["organizer"] and all(o["name"] for o in data["organizer"])
    assert described >= 6


def test_event_details(client):
    host = PartnerFactory(name="ILO", slug="ilo")
    event = EventFactory(
        title="Webinar </script><script>alert(1)</script>",
        city="",
        country="",
        venue="",
        online_url="https://example.org/live",
        status="postponed",
        hosts=[host],
    )
    (data,) = json_ld(client.get(event.get_absolute_url()))
    assert data["name"] == event.title  # the text survives, escaped, without closing the block
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/live"}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["organizer"] == [
        {"@type": "Organization", "name": "ILO", "url": "http://testserver/partners/ilo/"}
    ]
    assert data["startDate"] == event.start.astimezone(event.zone).isoformat()


def test_hybrid_and_month_only_events(client):
    event = EventFactory(city="Geneva", country="CH", online_url="https://example.org/live")
    (data,) = json_ld(client.get(event.get_absolute_url()))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    Event.objects.filter(pk=event.pk).update(date_precision="month")
    (data,) = json_ld(client.get(event.get_absolute_url()))
    assert re.fullmatch(r"\d{4}-\d{2}", data["startDate"])  # no invented day


def test_partner_page_has_an_organization(client, demo_content):
    (data,) = json_ld(client.get("/partners/ilo/"))
    assert data["@type"] == "Organization"
    assert data["name"] == "International Labour Organization"
    assert data["url"] == "http://testserver/partners/ilo/"
    assert data["alternateName"] == "ILO"
    assert data["address"]["addressCountry"] == "CH"
    assert data["memberOf"]


def test_home_page_describes_the_site_with_its_search(client):
    (data,) = json_ld(client.get("/"))
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"]["urlTemplate"] == (
        "http://testserver/search/?q={search_term_string}"
    )


def test_pages_without_json_ld_allow_no_inline_script(client):
    response = client.get("/partners/")
    assert "sha256-" not in response["Content-Security-Policy"]


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=300)
def test_a_page_from_the_page_cache_keeps_its_hash(client):
    event = EventFactory()
    first = client.get(event.get_absolute_url())
    cached = client.get(event.get_absolute_url())
    assert cached["X-Cache"] == "hit"
    assert json_ld(cached) == json_ld(first)
