"""iCalendar (RFC 5545) output and "add to calendar" links, built with the icalendar library.

Timed events are written in their own zone (DTSTART;TZID=...) with a VTIMEZONE, so a client
shows the wall time that was announced even across daylight-saving changes; all-day and
month-only events are DATE values with an exclusive DTEND.
"""

import re
from datetime import UTC, date, timedelta
from urllib.parse import urlencode

import icalendar
from django.utils.translation import gettext

from common.text import single_line

from .enums import EventStatus
from .models import Event
from .presentation import is_past

PRODID = "-//Alliance 8.7//Events calendar//EN"
# How often subscribed clients should fetch the calendar again.
REFRESH_INTERVAL = timedelta(hours=6)
DESCRIPTION_LIMIT = 4000
ICAL_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _next_day(day: date) -> date | None:
    try:
        return day + timedelta(days=1)
    except OverflowError:  # 31 December 9999
        return None


def _location(event: Event) -> str:
    parts = [event.venue, event.city, str(event.country.name) if event.country else ""]
    return ", ".join(part for part in parts if part)


def _summary(event: Event) -> str:
    if event.status == EventStatus.CANCELLED:
        return gettext("Cancelled: %(title)s") % {"title": event.title}
    if event.status == EventStatus.POSTPONED:
        return gettext("Postponed: %(title)s") % {"title": event.title}
    return event.title


def _description(event: Event, url: str) -> str:
    lines = []
    if event.is_month_precision and not is_past(event):
        lines.append(gettext("Exact dates not announced yet."))
    if event.description:
        lines.append(event.description[:DESCRIPTION_LIMIT])
    if event.online_url:
        lines.append(gettext("Online: %(url)s") % {"url": event.online_url})
    if event.registration_url:
        lines.append(gettext("Registration: %(url)s") % {"url": event.registration_url})
    lines.append(url)
    return "\n\n".join(lines)


def _status(event: Event) -> str:
    if event.status == EventStatus.CANCELLED:
        return "CANCELLED"
    if event.status == EventStatus.POSTPONED:
        return "TENTATIVE"
    # A month-only event is tentative until its month has passed; then it simply took place.
    if event.is_month_precision and not is_past(event):
        return "TENTATIVE"
    return "CONFIRMED"


def vevent(event: Event, url: str, with_categories: bool = True) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.ical_uid)
    # A published calendar (no METHOD) dates each entry by its last revision (RFC 5545 3.8.7.2),
    # which also keeps the output identical between two fetches.
    component.add("dtstamp", event.updated_at.astimezone(UTC))
    component.add("created", event.created_at.astimezone(UTC))
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("sequence", event.sequence)
    component.add("summary", _summary(event))
    if event.is_timed:
        component.add("dtstart", event.local_start)
        component.add("dtend", event.local_end)
    else:
        component.add("dtstart", event.first_day)
        end = _next_day(event.last_day)
        if end is not None:
            component.add("dtend", end)
        # A whole day (or month) marked on the calendar should not block the day as busy.
        component.add("transp", "TRANSPARENT")
    component.add("status", _status(event))
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("description", _description(event, url))
    component.add("url", url)
    if with_categories:
        names = [tag.name for tag in event.tags.all()]
        if names:
            component.add("categories", names)
    return component


def build_calendar(events, *, name: str, absolute_url, description: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per event; `absolute_url(event)` gives each event's page."""
    # NAME and X-WR-* are not escaped as text is: one line, or icalendar refuses to write them.
    name, description = single_line(name), single_line(description)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    first = last = None
    for event in events:
        calendar.add_component(vevent(event, absolute_url(event)))
        if event.is_timed:
            first = min(first or event.first_day, event.first_day)
            last = max(last or event.last_day, event.last_day)
    if first is not None:
        # VTIMEZONE rules only for the years the timed events need, not 1970-2038 for each zone.
        calendar.add_missing_timezones(
            first_date=date(first.year, 1, 1),
            last_date=date(min(last.year + 1, 9999), 1, 1),
        )
    # RFC 5545 allows no control characters but tab in text; rows stored before they were
    # stripped on save (common.text) lose them here. (UTF-8 never uses these bytes otherwise.)
    return ICAL_CONTROL_BYTES.sub(b"", calendar.to_ical())


# -- "add to calendar" links ----------------------------------------------------------------


def _compact_utc(value) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: Event, url: str) -> str:
    if event.is_timed:
        dates = f"{_compact_utc(event.start)}/{_compact_utc(event.end)}"
    else:
        end = _next_day(event.last_day) or event.last_day
        dates = f"{event.first_day:%Y%m%d}/{end:%Y%m%d}"
    query = {
        "action": "TEMPLATE",
        "text": _summary(event),
        "dates": dates,
        "details": _description(event, url)[:1500],
        "location": _location(event),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(event: Event, url: str) -> str:
    if event.is_timed:
        start, end, all_day = event.utc_start_iso, event.utc_end_iso, "false"
    else:
        last = _next_day(event.last_day) or event.last_day
        start, end, all_day = event.first_day.isoformat(), last.isoformat(), "true"
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": _summary(event),
        "startdt": start,
        "enddt": end,
        "allday": all_day,
        "body": _description(event, url)[:1500],
        "location": _location(event),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)
