"""Reads for a country's page: everything the portal knows about one country, bounded."""

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django_countries import countries

from events.models import Event
from partners.models import Partner, PartnerCountry
from partners.selectors import directory_filterset
from pathfinders.models import PathfinderCountry
from pathfinders.selectors import action_groups_active_in, events_in

PARTNER_LIMIT = 20
EVENT_LIMIT = 10


@dataclass(frozen=True)
class Breakdown:
    label: str
    count: int
    url: str  # the directory filtered on the country and this value


def codes_with_content() -> list[str]:
    """The countries a published record names (headquarters, work, event, hub): those whose
    page says something. Four DISTINCT reads of indexed columns, at most ~250 codes."""
    sources = (
        Partner.objects.published().values_list("headquarters_country", flat=True),
        PartnerCountry.objects.of_published_partners().values_list("country", flat=True),
        Event.objects.published().values_list("country", flat=True),
        PathfinderCountry.objects.published().values_list("country", flat=True),
    )
    codes = set()
    for rows in sources:
        codes.update(str(code).lower() for code in rows.order_by().distinct() if code)
    return sorted(codes)


def country_name(code: str) -> str:
    """The country's name in the active language, "" when the code is not an ISO country."""
    return str(countries.name(code)) if len(code) == 2 else ""


def _breakdown(filterset, name, code) -> list[Breakdown]:
    """A facet's counts over the country's partners, most first, each linking to the directory.

    The directory's own counting (PartnerFilterSet.facet_counts) is reused, so this page and
    the directory filtered on the country always agree.
    """
    counts = filterset.facet_counts(name, filterset.qs)
    labels = dict(filterset.form.fields[name].choices)
    base = reverse("partners:list")
    rows = [
        Breakdown(str(labels[value]), n, f"{base}?{urlencode({'country': code, name: value})}")
        for value, n in counts.items()
        if n and value in labels
    ]
    return sorted(rows, key=lambda row: (-row.count, row.label.casefold()))


def country_context(code: str, now) -> dict:
    """The pathfinder entry, partners, action groups and events of one country (upper-case ISO
    code): a fixed number of queries however many partners or events there are."""
    pathfinder = PathfinderCountry.objects.published().filter(country=code).first()
    pathfinder_pk = pathfinder.pk if pathfinder else None
    filterset = directory_filterset(QueryDict(urlencode({"country": code})))
    by_type = _breakdown(filterset, "type", code)
    events = events_in(code, pathfinder_pk)
    return {
        "code": code,
        "name": country_name(code),
        "pathfinder": pathfinder,
        "partners": list(
            filterset.qs.order_by("name").only("name", "acronym", "slug", "headquarters_country")[
                :PARTNER_LIMIT
            ]
        ),
        "partner_total": sum(row.count for row in by_type),
        "partners_by_type": by_type,
        "partners_by_theme": _breakdown(filterset, "theme", code),
        "partners_url": f"{reverse('partners:list')}?country={code}",
        "action_groups": action_groups_active_in(code, pathfinder_pk),
        "upcoming_events": list(events.upcoming(now)[:EVENT_LIMIT]),
        "past_events": list(events.past(now)[:EVENT_LIMIT]),
        "events_url": f"{reverse('events:list')}?country={code}",
        "past_events_url": f"{reverse('events:list')}?country={code}&when=past",
    }
