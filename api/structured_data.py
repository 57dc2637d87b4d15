"""schema.org JSON-LD for the site, partner pages and event pages (for search engines and link
previews), and what lets the strict CSP allow exactly those blocks.

The blocks are data, not script, but the CSP still governs `<script>` elements, so each block's
SHA-256 is added to `script-src` of the response carrying it (`JsonLdHashMiddleware`). A hash,
not a nonce: a page served from the page cache keeps the same bytes, so its hash stays valid,
where a nonce would change with every response but not inside the cached page.
"""

import base64
import hashlib
import json
import re

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from events import presentation
from events.enums import EventDatePrecision, EventStatus

from . import selectors

SCHEMA = "https://schema.org"
BLOCK = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
EVENT_STATUS = {
    EventStatus.SCHEDULED: f"{SCHEMA}/EventScheduled",
    EventStatus.POSTPONED: f"{SCHEMA}/EventPostponed",
    EventStatus.CANCELLED: f"{SCHEMA}/EventCancelled",
}
# "<", ">" and "&" escaped, so no text in the data can close the script element.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_block(data: dict | None) -> str:
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def block_hashes(content: bytes) -> list[str]:
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in BLOCK.findall(content)
    ]


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _alliance(request) -> dict:
    return {"@type": "Organization", "name": settings.PORTAL_NAME, "url": _absolute(request, "/")}


def site(request) -> dict:
    search = _absolute(request, reverse("search:results"))
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.PORTAL_NAME,
        "url": _absolute(request, reverse("home")),
        "publisher": _alliance(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def organisation(request, partner, countries_of_work=(), memberships=()) -> dict:
    data = {
        "@context": SCHEMA,
        "@type": "Organization",
        "@id": _absolute(request, partner.get_absolute_url()),
        "name": partner.name,
        "url": _absolute(request, partner.get_absolute_url()),
    }
    if partner.acronym:
        data["alternateName"] = partner.acronym
    if partner.description:
        data["description"] = partner.description
    if partner.website:
        data["sameAs"] = [partner.website]
    if partner.logo_thumbnail:
        data["logo"] = _absolute(request, partner.logo_thumbnail.url)
    if partner.headquarters_country:
        data["address"] = {
            "@type": "PostalAddress",
            "addressCountry": partner.headquarters_country.code,
        }
    if countries_of_work:
        data["areaServed"] = [
            {"@type": "Country", "name": str(item.country.name)} for item in countries_of_work
        ]
    if memberships:
        data["memberOf"] = [
            {
                "@type": "Organization",
                "name": membership.group.name,
                "url": _absolute(request, membership.group.get_absolute_url()),
            }
            for membership in memberships
        ]
    return data


def _event_date(event, moment) -> str:
    """Date-time with the venue's offset; a date for all-day events; a month when only the
    month is known (claiming a day would be false)."""
    local = moment.astimezone(event.zone)
    if event.date_precision == EventDatePrecision.MONTH:
        return local.strftime("%Y-%m")
    if event.all_day:
        return local.date().isoformat()
    return local.isoformat()


def _locations(event) -> list[dict]:
    locations = []
    if event.venue or event.city or event.country:
        address = {"@type": "PostalAddress"}
        if event.city:
            address["addressLocality"] = event.city
        if event.country:
            address["addressCountry"] = event.country.code
        if event.venue:
            address["streetAddress"] = event.venue
        locations.append(
            {
                "@type": "Place",
                "name": event.venue or event.city or str(event.country.name),
                "address": address,
            }
        )
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    return locations


def _attendance_mode(locations) -> str:
    kinds = {location["@type"] for location in locations}
    if kinds == {"Place", "VirtualLocation"}:
        return f"{SCHEMA}/MixedEventAttendanceMode"
    if kinds == {"VirtualLocation"}:
        return f"{SCHEMA}/OnlineEventAttendanceMode"
    return f"{SCHEMA}/OfflineEventAttendanceMode"


def _organisers(request, event) -> list[dict]:
    """The hosts; else the action group that runs it; else the Alliance, which lists it."""
    hosts = selectors.event_organisers(event)
    if hosts:
        return [
            {
                "@type": "Organization",
                "name": host.name,
                "url": _absolute(request, host.get_absolute_url()),
            }
            for host in hosts
        ]
    if event.action_group_id:
        group = event.action_group
        return [
            {
                "@type": "Organization",
                "name": group.name,
                "url": _absolute(request, group.get_absolute_url()),
            }
        ]
    return [_alliance(request)]


def event(request, event) -> dict | None:
    """The Event block, or None where the pack gives no place: a rich result needs a location,
    and one is never invented."""
    locations = _locations(event)
    if not locations:
        return None
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": _absolute(request, event.get_absolute_url()),
        "name": event.title,
        "url": _absolute(request, event.get_absolute_url()),
        "startDate": _event_date(event, event.start),
        "endDate": _event_date(event, event.end),
        "eventStatus": EVENT_STATUS.get(event.status, f"{SCHEMA}/EventScheduled"),
        "eventAttendanceMode": _attendance_mode(locations),
        "organizer": _organisers(request, event),
    }
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.description:
        data["description"] = event.description
    # Registration is offered only while it can still be used (a past event offers none).
    if event.registration_url and not presentation.is_past(event):
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    return data
