import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from common.pagination import paginate

from . import presentation, selectors
from .calendars import build_calendar
from .filters import EventFilterSet
from .models import Event

FEED_CACHE_SECONDS = 60 * 60


def _absolute_url_builder(request):
    return lambda event: request.build_absolute_uri(event.get_absolute_url())


def subscribe_links(request, filterset) -> dict[str, str]:
    query = filterset.query_string()
    calendar = reverse("events:calendar") + (f"?{query}" if query else "")
    atom = reverse("events:atom") + (f"?{query}" if query else "")
    https = request.build_absolute_uri(calendar)
    return {
        "https": https,
        "webcal": "webcal://" + https.split("://", 1)[1],
        "atom": request.build_absolute_uri(atom),
    }


def _view_query(params):
    kept = {key: params[key][:20] for key in ("view", "month", "when") if params.get(key)}
    return f"?{urlencode(kept)}" if kept else ""


@require_safe
def event_list(request):
    listing = selectors.read_listing(request.GET)
    filterset = listing.filterset
    context = {
        "listing": listing,
        "heading": presentation.listing_heading(listing),
        "filterset": filterset,
        "subscribe": subscribe_links(request, filterset),
        "feed_limit": selectors.FEED_LIMIT,
        # Clearing the filters keeps the visitor in the view they chose (month grid, past).
        "clear_url": request.path + _view_query(request.GET),
    }
    if listing.is_month:
        events = selectors.month_events(filterset, listing.month)
        grid = selectors.build_month_grid(listing.month, events, timezone.localdate())
        grid.previous_with_events, grid.next_with_events = selectors.nearest_months_with_events(
            filterset, listing.month
        )
        context.update(
            grid=grid,
            month_list_url=selectors.month_list_link(filterset, listing.month),
            month_limit=selectors.MONTH_LIMIT,
            links=selectors.view_links(listing),
            month_links={
                name: selectors.month_link(filterset, month)
                for name, month in (
                    ("previous", grid.previous_month),
                    ("next", grid.next_month),
                    ("previous_with_events", grid.previous_with_events),
                    ("next_with_events", grid.next_with_events),
                )
                if month is not None
            },
        )
    else:
        filterset.narrow(selectors.scoped_events(listing))
        page = paginate(request, selectors.with_cards(filterset.qs), settings.PAGE_SIZE)
        recent_events = []
        if not page.object_list and listing.is_upcoming:
            recent_events = selectors.recent_past_events(filterset)
        latest_month = recent_events[0].local_month if recent_events else None
        context.update(
            page_obj=page,
            recent_events=recent_events,
            latest_month=latest_month,
            latest_month_link=latest_month and selectors.month_link(filterset, latest_month),
            links=selectors.view_links(listing, latest_month),
        )
    facets = filterset.facets()
    context.update(
        facets=facets,
        active_filters=filterset.active_filters(),
        # The month grid's facets count every month: a map of them would not be this view.
        country_map=None if listing.is_month else selectors.event_map(request, filterset, facets),
    )
    return render(request, "events/event_list.html", context)


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.published().select_related("action_group"), slug=slug)
    url = request.build_absolute_uri(event.get_absolute_url())
    return render(request, "events/event_detail.html", selectors.event_detail_context(event, url))


def _calendar_response(body: bytes, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    body = build_calendar([event], name=event.title, absolute_url=_absolute_url_builder(request))
    return _calendar_response(body, f"{event.slug}.ics", attachment=True)


@require_safe
def calendar_feed(request):
    """The subscribable calendar of the filtered events; cached until any of them changes."""
    filterset = EventFilterSet(request.GET, queryset=selectors.published_events())
    events = selectors.feed_events(filterset)
    count, latest = selectors.feed_fingerprint(filterset)
    fingerprint = "|".join(
        [
            get_language() or "",
            request.build_absolute_uri("/"),
            filterset.query_string(),
            timezone.localdate().isoformat(),
            str(count),
            latest,
        ]
    )
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    quoted = quote_etag(etag)
    if quoted in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": quoted})
    key = f"events:calendar:{etag}"
    body = cache.get(key)
    if body is None:
        name = gettext("Alliance 8.7 events")
        chips = filterset.active_filters()
        if chips:
            name += " – " + ", ".join(chip.value_label for chip in chips)
        body = build_calendar(
            events,
            name=name[:200],
            absolute_url=_absolute_url_builder(request),
            description=gettext("Events of Alliance 8.7 and its partners."),
        )
        cache.set(key, body, FEED_CACHE_SECONDS)
    response = _calendar_response(body, "alliance87-events.ics", attachment=False)
    response["ETag"] = quoted
    patch_cache_control(response, public=True, max_age=15 * 60)
    return response
