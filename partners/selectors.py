"""Reads for the partner directory, its breakdown, its exports and the partner page."""

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from actiongroups.models import Membership
from alliance87.pagination import paginate
from alliance87.regions import REGION_LABELS, region_for
from alliance87.translated import in_language
from countries.maps import count_map, facet_counts, filtered_url
from events.enums import ParticipationRole
from events.models import Event, EventParticipation
from pathfinders.models import PathfinderCountry

from .enums import OrganisationType, SortOrder
from .filters import PartnerFilterSet
from .models import HEAVY_SEARCH_FIELDS, Partner, PartnerCountry, ThemedPartner

EXPORT_CHUNK_SIZE = 2000
EVENTS_SHOWN = 20


# -- directory ---------------------------------------------------------------------------------


def directory_filterset(params) -> PartnerFilterSet:
    return PartnerFilterSet(params, queryset=Partner.objects.published())


# A–Z ignoring case ("Government of the Netherlands" before "Government of Vietnam"); the
# plain name breaks ties so the order is stable. Indexed by partner_published_name_ci.
BY_NAME = (Lower("name"), "name")


def effective_sort(filterset) -> str:
    """The order asked for, else best match when searching and name otherwise."""
    query = filterset.search_query
    chosen = filterset.selected_values("sort")
    sort = chosen[0] if chosen else (SortOrder.RELEVANCE if query else SortOrder.NAME)
    if sort == SortOrder.RELEVANCE and not query:
        return SortOrder.NAME
    return sort


def ordered_results(filterset):
    """The filtered partners in the order of `sort` (the same for the page and the exports)."""
    queryset = filterset.qs
    sort = effective_sort(filterset)
    if sort == SortOrder.RELEVANCE:
        rank = filterset.search_plan.rank()
        return queryset.annotate(search_rank=rank).order_by("-search_rank", *BY_NAME)
    if sort == SortOrder.JOINED:
        return queryset.order_by(F("date_joined").desc(nulls_last=True), *BY_NAME)
    return queryset.order_by(*BY_NAME)


def sort_options(filterset):
    """The orders offered: best match only makes sense with a search."""
    current = effective_sort(filterset)
    return [
        {"value": value, "label": label, "selected": value == current}
        for value, label in SortOrder.choices
        if value != SortOrder.RELEVANCE or filterset.search_query
    ]


def directory_context(request) -> dict:
    filterset = directory_filterset(request.GET)
    results = ordered_results(filterset)
    summary = breakdown(filterset)
    page = paginate(request, results.for_listing(), settings.PAGE_SIZE, count=summary["total"])
    facets = filterset.facets()
    return {
        "filterset": filterset,
        "page_obj": page,
        "facets": facets,
        "country_map": partner_map(filterset, facets),
        "active_filters": filterset.active_filters(),
        "applied_filters": filterset.applied(),
        "sort_options": sort_options(filterset),
        "explicit_sort": next(iter(filterset.selected_values("sort")), ""),
        "search_query": filterset.search_query,
        "fuzzy_search": bool(filterset.search_query) and filterset.search_plan.fuzzy,
        "breakdown": summary,
    }


def partner_map(filterset, facets):
    """Partners present per country: the country facet's own counts, linked to the directory
    filtered on that country (with every other active filter kept)."""
    path = reverse("partners:list")
    query = filterset.data if isinstance(filterset.data, QueryDict) else None
    return count_map(
        "partners",
        _("Where these partners are: headquarters or country of work"),
        _("Partners"),
        facet_counts(facets),
        url_for=lambda code: filtered_url(path, query, code),
        describe=lambda n: ngettext("%(count)d partner", "%(count)d partners", n) % {"count": n},
    )


# -- breakdown ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    value: str
    label: str
    count: int
    share: int  # percent of the whole result, as shown in text
    width: int  # the bar's width class (w-1 … w-100): a partner is never an invisible bar


def _bars(counts: dict[str, int], labels: dict[str, str], total: int) -> list[Bar]:
    bars = []
    for value, count in counts.items():
        if not count:
            continue
        share = round(100 * count / total) if total else 0
        bars.append(
            Bar(value, str(labels.get(value, value)), count, share, min(max(share, 1), 100))
        )
    return sorted(bars, key=lambda bar: (-bar.count, bar.label))


def breakdown(filterset) -> dict:
    """Partners of the current result by organisation type and by region of headquarters."""
    by_type: dict[str, int] = {}
    by_region: dict[str, int] = {}
    for (kind, code), count in filterset.cached_counts["type_and_headquarters"].items():
        by_type[kind] = by_type.get(kind, 0) + count
        region = region_for(code)
        key = region.slug if region else ""
        by_region[key] = by_region.get(key, 0) + count
    total = sum(by_type.values())
    region_labels = {**REGION_LABELS, "": _("Headquarters not given")}
    return {
        "total": total,
        "types": _bars(by_type, dict(OrganisationType.choices), total),
        "regions": _bars(by_region, region_labels, total),
    }


# -- exports -----------------------------------------------------------------------------------


@dataclass
class ExportRow:
    name: str
    acronym: str
    slug: str
    organisation_type: str
    standing: str
    headquarters_country: str
    website: str
    contact_url: str
    date_joined: object
    last_verified: object
    countries_of_work: list
    themes: list  # (slug, name)
    action_groups: list  # (slug, name, role)


EXPORT_FIELDS = (
    "pk",
    "name",
    "acronym",
    "slug",
    "organisation_type",
    "standing",
    "headquarters_country",
    "website",
    "contact_url",
    "date_joined",
    "last_verified",
)


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _one_parameter(ids):
    """The ids of a chunk as one SQL parameter, for `field__in=`.

    A plain list makes Django check and bind each of the 2 000 values in each of the three
    queries per chunk, which took most of an export's time; one array (PostgreSQL) or one JSON
    text (SQLite's json_each) is bound once.
    """
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(list(ids)),))


def export_rows(filterset, chunk_size=EXPORT_CHUNK_SIZE):
    """Every partner of the filtered result, in order, streamed: one query for the partners
    (read in chunks) and three per chunk for their countries, themes and action groups."""
    rows = ordered_results(filterset).values_list(*EXPORT_FIELDS).iterator(chunk_size=chunk_size)
    for chunk in _chunks(rows, chunk_size):
        ids = _one_parameter(row[0] for row in chunk)
        countries = defaultdict(list)
        for partner_id, code in (
            PartnerCountry.objects.filter(partner_id__in=ids)
            .order_by("country")
            .values_list("partner_id", "country")
        ):
            countries[partner_id].append(code)
        themes = defaultdict(list)
        for partner_id, slug, name in (
            ThemedPartner.objects.filter(content_object_id__in=ids)
            # Names in the export's language (English where not translated), no extra query.
            .annotate(label=in_language("name", prefix="tag__"))
            .order_by("label")
            .values_list("content_object_id", "tag__slug", "label")
        ):
            themes[partner_id].append((slug, name))
        groups = defaultdict(list)
        for partner_id, slug, name, role in (
            Membership.objects.filter(partner_id__in=ids, group__is_published=True)
            .annotate(label=in_language("name", prefix="group__"))
            .order_by("label")
            .values_list("partner_id", "group__slug", "label", "role")
        ):
            groups[partner_id].append((slug, name, role))
        for pk, *fields in chunk:
            yield ExportRow(
                *fields,
                countries_of_work=countries[pk],
                themes=themes[pk],
                action_groups=groups[pk],
            )


# -- partner page ------------------------------------------------------------------------------


def published_partner(slug):
    return Partner.objects.published().defer(*HEAVY_SEARCH_FIELDS).get(slug=slug)


def _events_with_roles(partner, limit=20):
    """The partner's latest published events, each with `roles`: what it did there."""
    participations = (
        EventParticipation.objects.filter(partner=partner, event__is_published=True)
        .select_related("event")
        .order_by("-event__start", "event_id", "role")[: limit * len(ParticipationRole)]
    )
    events: dict[int, Event] = {}
    for participation in participations:
        event = events.setdefault(participation.event_id, participation.event)
        event.roles = [*getattr(event, "roles", []), participation.get_role_display()]
    return list(events.values())[:limit]


def partner_detail_context(partner, now=None):
    now = now or timezone.now()
    countries_of_work = list(partner.countries_of_work.all())
    country_codes = {item.country.code for item in countries_of_work}
    if partner.headquarters_country:
        country_codes.add(partner.headquarters_country.code)
    memberships = (
        Membership.objects.filter(partner=partner, group__is_published=True)
        .select_related("group")
        .order_by("group__name")
    )
    # The newest events only; the events list filtered by host has the rest.
    events = _events_with_roles(partner, limit=EVENTS_SHOWN + 1)
    more_events = len(events) > EVENTS_SHOWN
    events = events[:EVENTS_SHOWN]
    return {
        "partner": partner,
        "themes": list(partner.themes.order_by("name")),
        "countries_of_work": countries_of_work,
        "memberships": list(memberships),
        "more_events": more_events,
        "upcoming_events": [event for event in reversed(events) if event.end >= now],
        "past_events": [event for event in events if event.end < now],
        "pathfinders": list(
            PathfinderCountry.objects.published()
            .filter(country__in=sorted(country_codes))
            .order_by("name")
        ),
    }
