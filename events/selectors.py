"""Reads for the events pages and feeds; every function runs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Prefetch, prefetch_related_objects
from django.db.models.functions import Lower
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format

from common.choices import choice_is
from countries.maps import count_map, facet_counts, filtered_url
from pathfinders.models import PathfinderCountry

from . import presentation
from .calendars import google_calendar_url, outlook_calendar_url
from .enums import ListMode, ListView, ParticipationRole, When
from .filters import EventFilterSet
from .forms import EventViewForm
from .models import Event, EventParticipation, month_bounds

# The subscribable feed: from a year back unless dates are chosen, and never unbounded.
FEED_LOOKBACK = timedelta(days=365)
FEED_LIMIT = 1000
ATOM_LIMIT = 50
# A month grid lists at most this many events (far beyond any real month: the busiest month of
# the pack has a handful); beyond it the grid says how many there are and links to the list of
# that month, which pages. 300 cost 200 ms to render at the benchmark's busiest month.
MONTH_LIMIT = 100
# How many past events an empty upcoming list shows, so the page is never a dead end.
RECENT_LIMIT = 5

FIRST_DAY = date.min
LAST_DAY = date.max


def published_events():
    return Event.objects.published()


def with_cards(queryset):
    """What an event card shows: tags and the published hosts and organisers, prefetched."""
    return queryset.select_related("action_group").prefetch_related(
        "tags", Prefetch("participations", queryset=participations(ParticipationRole.host_roles()))
    )


def participations(roles=None):
    """Published organisations' roles at events, with the names an event page or card shows."""
    rows = EventParticipation.objects.of_published_partners()
    if roles is not None:
        rows = rows.filter(role__in=roles)
    return (
        rows.select_related("partner")
        .only("event_id", "role", "partner__name", "partner__slug")
        .order_by(Lower("partner__name"), "pk")
    )


# -- the list page ---------------------------------------------------------------------------


@dataclass
class Listing:
    """What the events page shows, decided from the query string."""

    filterset: EventFilterSet
    view: str
    when: str
    month: date | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def window(self):
        return self.filterset.window

    @property
    def has_window(self) -> bool:
        return any(self.window)

    @property
    def mode(self) -> ListMode:
        if self.view == ListView.MONTH:
            return ListMode.MONTH
        if self.has_window:
            return ListMode.WINDOW
        return ListMode(self.when)

    is_month = choice_is("mode", ListMode.MONTH)
    is_upcoming = choice_is("mode", ListMode.UPCOMING)
    is_past = choice_is("mode", ListMode.PAST)

    @property
    def is_list(self) -> bool:
        """The default list: upcoming events, or every event between the chosen dates."""
        return self.mode in (ListMode.UPCOMING, ListMode.WINDOW)

    @property
    def asked_for_past(self) -> bool:
        """`when=past` is in the query (kept by the filter form whatever the dates)."""
        return self.when == When.PAST


def read_listing(params) -> Listing:
    """Validate the query string once: filters in the FilterSet, layout in EventViewForm."""
    view_form = EventViewForm(params)
    options = view_form.options()
    filterset = EventFilterSet(params, queryset=published_events())
    errors = view_form.error_messages()
    filterset.input_errors.extend(errors)
    listing = Listing(filterset, options["view"], options["when"], options["month"], errors)
    if listing.view == ListView.MONTH and listing.month is None:
        start, _end = listing.window
        listing.month = (start or timezone.localdate()).replace(day=1)
    return listing


def scoped_events(listing: Listing, now=None):
    """The published events in scope for the list (before the facet filters)."""
    # To the minute: the same scope (and SQL) for a minute, so the facet counts of the list are
    # shared between requests (common.facets); an event that ended seconds ago may linger.
    now = now or timezone.now().replace(second=0, microsecond=0)
    events = published_events()
    if listing.mode == ListMode.WINDOW:
        return events.chronological()
    if listing.mode == ListMode.PAST:
        return events.past(now)
    return events.upcoming(now)


def warm_unfiltered_counts():
    """The unfiltered list's counts (upcoming events), as its first visitor would ask."""
    listing = read_listing(QueryDict())
    return listing.filterset.narrow(scoped_events(listing)).cached_counts


def view_links(listing: Listing, latest_month: date | None = None) -> dict[str, str]:
    """Links between the views that keep every filter."""
    filterset = listing.filterset
    month = listing.month or (listing.window[0] or latest_month or timezone.localdate())
    return {
        "upcoming": "?" + filterset.query_string(),
        "past": "?" + filterset.query_string(when=When.PAST),
        "month": "?" + filterset.query_string(view=ListView.MONTH, month=f"{month:%Y-%m}"),
    }


def month_link(filterset: EventFilterSet, month: date) -> str:
    return "?" + filterset.query_string(view=ListView.MONTH, month=f"{month:%Y-%m}")


def recent_past_events(filterset: EventFilterSet, now=None) -> list[Event]:
    """The most recent past events matching the filters, shown under an empty upcoming list."""
    events = filterset.apply_to(published_events()).past(now)
    return list(with_cards(events)[:RECENT_LIMIT])


# -- the month grid --------------------------------------------------------------------------


@dataclass
class DayEntry:
    event: Event
    starts_today: bool
    continues: bool


@dataclass
class DayCell:
    day: date
    entries: list[DayEntry]
    is_today: bool


@dataclass
class MonthGrid:
    month: date
    weekdays: list[tuple[str, str]]
    weeks: list[list[DayCell | None]]
    undated: list[Event]
    event_count: int  # all the month's events matching the filters, shown or not
    truncated: bool
    previous_month: date | None
    next_month: date | None
    previous_with_events: date | None = None
    next_with_events: date | None = None

    @property
    def undated_took_place(self) -> bool:
        """Month-only events that are over are shown as held that month, not as unannounced."""
        return all(presentation.is_past(event) for event in self.undated)


def first_weekday() -> int:
    """Python's weekday number (Monday 0) of the first column, from the active locale."""
    return (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7


def build_month_grid(month: date, events, today: date) -> MonthGrid:
    first, last = month_bounds(month)
    shown = list(events[: MONTH_LIMIT + 1])
    truncated = len(shown) > MONTH_LIMIT
    # Counted only when cut: the grid never states a total it did not count.
    event_count = events.count() if truncated else len(shown)
    events = shown[:MONTH_LIMIT]
    by_day: dict[int, list[DayEntry]] = defaultdict(list)
    undated = []
    for event in events:
        if event.is_month_precision:
            undated.append(event)
            continue
        start_day, end_day = max(event.first_day, first), min(event.last_day, last)
        for number in range(start_day.day, end_day.day + 1):
            day = date(month.year, month.month, number)
            by_day[number].append(DayEntry(event, day == event.first_day, day > event.first_day))
    start_column = first_weekday()
    leading = (first.weekday() - start_column) % 7
    cells: list[DayCell | None] = [None] * leading
    for number in range(1, last.day + 1):
        day = date(month.year, month.month, number)
        cells.append(DayCell(day, by_day.get(number, []), day == today))
    cells += [None] * (-len(cells) % 7)
    weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    order = [(start_column + i) % 7 for i in range(7)]
    return MonthGrid(
        month=first,
        weekdays=presentation.weekday_names(order),
        weeks=weeks,
        undated=undated,
        event_count=event_count,
        truncated=truncated,
        previous_month=None if first == FIRST_DAY else (first - timedelta(days=1)).replace(day=1),
        next_month=None if last == LAST_DAY else last + timedelta(days=1),
    )


def month_events(filterset: EventFilterSet, month: date):
    """The month's filtered events as the grid shows them: titles and times, no tags or hosts
    (their prefetch was half the page's time at 300 events)."""
    filterset.narrow(published_events().in_month(month))
    return filterset.qs


def month_list_link(filterset: EventFilterSet, month: date) -> str:
    """The paginated list of a month's filtered events (where a cut grid sends the visitor)."""
    first, last = month_bounds(month)
    return "?" + filterset.query_string(**{"from": first.isoformat(), "to": last.isoformat()})


def nearest_months_with_events(filterset: EventFilterSet, month: date):
    """The closest earlier and later months holding a filtered event, so paging never dead-ends."""
    first, last = month_bounds(month)
    matching = filterset.apply_to(published_events())
    before = matching.last_day_before(first)
    after = matching.first_day_after(last)
    return (
        before.replace(day=1) if before else None,
        after.replace(day=1) if after else None,
    )


# -- the event page --------------------------------------------------------------------------


def event_page_prefetches():
    """What an event page shows (event_detail_context fetches them; the API's event rows too)."""
    return (
        "tags",
        "agenda_items",
        "outcomes",
        Prefetch("participations", queryset=participations()),
        Prefetch(
            "pathfinder_countries",
            queryset=PathfinderCountry.objects.published().order_by("name"),
        ),
    )


def event_detail_context(event: Event, absolute_url: str) -> dict:
    """Everything the event page shows; the public page and the back-office preview alike."""
    prefetch_related_objects([event], *event_page_prefetches())
    return {
        "event": event,
        "outcome_groups": outcomes_by_heading(event),
        "google_url": google_calendar_url(event, absolute_url),
        "outlook_url": outlook_calendar_url(event, absolute_url),
    }


def outcomes_by_heading(event: Event) -> list[tuple[str, list]]:
    """Outcomes grouped under their session headings, in the order the sessions first appear."""
    groups: dict[str, list] = {}
    for outcome in event.outcomes.all():
        groups.setdefault(outcome.heading, []).append(outcome)
    return list(groups.items())


# -- feeds -----------------------------------------------------------------------------------


def feed_events(filterset: EventFilterSet, now=None, limit: int | None = None):
    """The events of a subscribed calendar: the filters, a year back by default, capped."""
    now = now or timezone.now()
    start, end = filterset.window
    events = published_events()
    if start is None and end is None:
        events = events.ending_from(timezone.localdate(now) - FEED_LOOKBACK)
    # With only an end date, the newest events before it are the useful ones.
    newest_first = start is None and end is not None
    filterset.narrow(events.newest_first() if newest_first else events.chronological())
    return filterset.qs.prefetch_related("tags")[: limit or FEED_LIMIT]


def feed_fingerprint(filterset: EventFilterSet) -> tuple[int, str]:
    """Count and newest change of everything the feed may show: any edit changes one of them."""
    summary = filterset.qs.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = summary["latest"].isoformat() if summary["latest"] else "-"
    return summary["count"], latest


def atom_events(filterset: EventFilterSet, now=None):
    now = now or timezone.now()
    events = published_events()
    # Chosen dates replace "upcoming", as on the page.
    has_window = any(filterset.window)
    filterset.narrow(events.chronological() if has_window else events.upcoming(now))
    return filterset.qs[:ATOM_LIMIT]


def event_map(request, filterset: EventFilterSet, facets):
    """Events of the current view per country: the country facet's counts, each country linking
    to the same view filtered on it."""
    query = QueryDict(filterset.query_string(), mutable=True)
    for key in ("view", "month", "when"):  # stay in the view (upcoming, past, month) shown
        if request.GET.get(key):
            query[key] = request.GET[key][:20]
    path = reverse("events:list")
    title, label = presentation.map_captions()
    return count_map(
        "events",
        title,
        label,
        facet_counts(facets),
        url_for=lambda code: filtered_url(path, query, code),
        describe=presentation.event_count,
    )
