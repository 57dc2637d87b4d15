"""How an event's date and time are shown: the one path used by every page, feed and export.

Every day and month is taken in the event's own zone: a meeting at 00:30 in Auckland is on the
day it is in Auckland, and a forum starting at midnight in The Hague is in January even though
it is still December in UTC. Formatting an aware datetime with a template's `|date` converts it
back to the server's zone first, which is how partner pages once listed events a month early;
so templates never format an event's datetimes themselves, they ask this module.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format, get_format, time_format
from django.utils.translation import get_language, gettext, ngettext

from .models import Event, utc_offset_label

# The BCP 47 locale the browser formats with, so the visitor's own time reads like ours.
INTL_LOCALES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}


def intl_locale(language: str | None = None) -> str:
    code = (language or get_language() or "en").split("-")[0]
    return INTL_LOCALES.get(code, "en-GB")


def zone_city(key: str) -> str | None:
    """The place a zone is named after ("America/New_York" -> "New York"), if it is a place."""
    if "/" not in key or key.startswith("Etc/"):
        return None
    return key.rsplit("/", 1)[1].replace("_", " ")


def zone_abbreviation(moment: datetime) -> str:
    """The abbreviation ("EDT", "NZDT"), or the offset ("UTC+7") where none is in common use."""
    name = moment.tzname() or ""
    if name.isalpha():
        return name
    return utc_offset_label(moment.utcoffset())


def zone_label(event: Event) -> str:
    """The event's zone for people: "New York time (EDT)", never the IANA identifier."""
    abbreviation = zone_abbreviation(event.local_start)
    city = zone_city(event.zone.key)
    if city is None:
        return abbreviation
    return gettext("%(city)s time (%(abbreviation)s)") % {
        "city": city,
        "abbreviation": abbreviation,
    }


def is_past(event: Event, now: datetime | None = None) -> bool:
    return event.end < (now or timezone.now())


@dataclass(frozen=True)
class When:
    """The parts of an event's date and time, each already formatted in the event's zone."""

    dates: str  # "17 July 2019", "14–15 May 2019", "June 2019"
    start_time: str = ""  # "10:30" (timed events only)
    end_time: str = ""
    end_date: str = ""  # the last day, when a timed event runs over several days
    zone: str = ""  # "New York time (EDT)" (timed events only)
    note: str = ""  # "exact dates not announced", "all day"
    start_iso: str = ""
    end_iso: str = ""
    past: bool = False

    @property
    def timed(self) -> bool:
        return bool(self.start_time)

    @property
    def text(self) -> str:
        """As plain text, for feeds and calendar descriptions."""
        if not self.timed:
            if self.note:
                return f"{self.dates} ({self.note})"
            return self.dates
        if self.end_date:
            span = f"{self.dates}, {self.start_time} – {self.end_date}, {self.end_time}"
        else:
            span = f"{self.dates}, {self.start_time}–{self.end_time}"
        return f"{span} {self.zone}"


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT")


def _day_range(first, last) -> str:
    """Both days, shortened within a month to "14–15 May 2019" (our languages put the day first)."""
    if (first.year, first.month) == (last.year, last.month) and str(
        get_format("DATE_FORMAT")
    ).startswith("j"):
        return f"{first.day}\u2013{_day(last)}"
    return f"{_day(first)} \u2013 {_day(last)}"


def describe(event: Event, now: datetime | None = None) -> When:
    """The date (and times) of `event` as its own place reads them."""
    past = is_past(event, now)
    if event.is_month_precision:
        # A month-only event that took place simply happened that month.
        note = "" if past else gettext("exact dates not announced")
        return When(date_format(event.first_day, "YEAR_MONTH_FORMAT"), note=note, past=past)
    if event.all_day:
        if event.is_multi_day:
            dates = _day_range(event.first_day, event.last_day)
        else:
            dates = _day(event.first_day)
        return When(dates, note=gettext("all day"), past=past)
    start, end = event.local_start, event.local_end
    return When(
        _day(start.date()),
        start_time=time_format(start.time()),
        end_time=time_format(end.time()),
        end_date=_day(end.date()) if event.is_multi_day else "",
        zone=zone_label(event),
        start_iso=event.utc_start_iso,
        end_iso=event.utc_end_iso,
        past=past,
    )


def date_only(event: Event, now: datetime | None = None) -> str:
    """Just the day(s) or month, for short lists such as a partner's events."""
    return describe(event, now).dates


def took_place_text(event: Event, now: datetime | None = None) -> str:
    """The notice on a past event's page."""
    when = describe(event, now)
    if event.is_month_precision:
        return gettext("This event took place in %(month)s.") % {"month": when.dates}
    if event.is_multi_day:
        return gettext("This event took place from %(start)s to %(end)s.") % {
            "start": _day(event.first_day),
            "end": _day(event.last_day),
        }
    return gettext("This event took place on %(date)s.") % {"date": when.dates}


# -- the events list ---------------------------------------------------------------------------


def listing_heading(listing) -> str:
    """The events page's heading for its view and dates (an events.selectors.Listing)."""
    if listing.is_month:
        return gettext("Events in %(month)s") % {
            "month": date_format(listing.month, "YEAR_MONTH_FORMAT")
        }
    start, end = listing.window
    if start and end:
        return gettext("Events from %(start)s to %(end)s") % {
            "start": date_format(start, "DATE_FORMAT"),
            "end": date_format(end, "DATE_FORMAT"),
        }
    if start:
        return gettext("Events from %(start)s") % {"start": date_format(start, "DATE_FORMAT")}
    if end:
        return gettext("Events until %(end)s") % {"end": date_format(end, "DATE_FORMAT")}
    if listing.is_past:
        return gettext("Past events")
    return gettext("Upcoming events")


def map_captions() -> tuple[str, str]:
    """The title and the legend label of the events list's map."""
    return gettext("Where these events are held"), gettext("Events")


def event_count(count: int) -> str:
    return ngettext("%(count)d event", "%(count)d events", count) % {"count": count}


def weekday_names(order: list[int]) -> list[tuple[str, str]]:
    """(name, abbreviation) of each weekday, in the month grid's column order (Monday 0)."""
    return [(str(WEEKDAYS[i]), str(WEEKDAYS_ABBR[i])) for i in order]
