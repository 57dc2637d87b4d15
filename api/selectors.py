"""Reads of the API: each list in a fixed number of queries whatever the page size.

The filtering and ordering are the pages' own (their FilterSets and selectors); this module only
adds what the API returns on top: the related rows each record carries, prefetched per page.
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django_countries import countries

from actiongroups.models import (
    CHAIR_ROLES,
    ActionGroup,
    Membership,
    Objective,
    ThemedActionGroup,
    WorkPlan,
)
from actiongroups.selectors import _listed_memberships
from common.facets import per_content_version
from common.models import Theme
from common.regions import region_for
from events.enums import ParticipationRole
from events.filters import EventFilterSet
from events.models import Event, ThemedEvent
from events.selectors import event_page_prefetches, published_events
from partners.filters import PartnerFilterSet
from partners.models import HEAVY_SEARCH_FIELDS, Partner, ThemedPartner
from partners.selectors import ordered_results
from pathfinders.filters import PathfinderFilter
from pathfinders.models import PathfinderCountry, Priority

# -- partners ----------------------------------------------------------------------------------


def partner_rows(queryset):
    return queryset.defer(*HEAVY_SEARCH_FIELDS).prefetch_related(
        "themes",
        "countries_of_work",
        Prefetch(
            "memberships",
            queryset=Membership.objects.in_published_groups()
            .select_related("group")
            .order_by("group__name"),
            to_attr="published_memberships",
        ),
    )


def partner_filterset(params, since=None) -> PartnerFilterSet:
    return PartnerFilterSet(params, queryset=_since(Partner.objects.published(), since))


def partner_results(filterset):
    """The directory's own order (name, date joined, or best match when searching)."""
    return partner_rows(ordered_results(filterset))


# -- pathfinder countries ----------------------------------------------------------------------


def pathfinder_rows(queryset):
    return queryset.prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.prefetch_related("themes")),
        "next_steps",
        "milestones",
    )


def pathfinder_filterset(params, since=None) -> PathfinderFilter:
    return PathfinderFilter(params, queryset=_since(PathfinderCountry.objects.published(), since))


def pathfinder_results(filterset):
    # The page sorts by the name in the reader's language; an API needs an order that does not
    # change with the language, so: the stable English name, then the id.
    return pathfinder_rows(filterset.qs.order_by("name", "pk"))


# -- action groups -----------------------------------------------------------------------------


def listed_memberships():
    """Members a visitor can open in the directory (published partners), chairs first."""
    return _listed_memberships()


def group_rows(queryset):
    """Groups with their chairs; the member counts come from `member_counts` and the
    members themselves are a paginated partner list (`/api/v1/partners/?group=…`), as a group
    may have thousands."""
    return queryset.prefetch_related(
        "themes",
        Prefetch(
            "memberships",
            queryset=listed_memberships().filter(role__in=CHAIR_ROLES),
            to_attr="chair_memberships",
        ),
        Prefetch(
            "work_plans",
            queryset=WorkPlan.objects.order_by("-start_year", "-end_year").prefetch_related(
                Prefetch("objectives", queryset=Objective.objects.prefetch_related("outputs"))
            ),
        ),
    )


def group_results(since=None):
    return group_rows(_since(ActionGroup.objects.published(), since).order_by("name", "pk"))


# -- events ------------------------------------------------------------------------------------


def event_participations(event):
    """Each published organisation's role at an event, from the page's prefetch.

    The one place the API reads who did what at an event (hosted, organised, chaired, funded,
    supported, took part), so a change of how that is stored is adapted here only.
    """
    return list(event.participations.all())


def event_organisers(event):
    """The organisations that hosted or organised an event, each once, in name order."""
    organisers = {}
    for participation in event_participations(event):
        if participation.role in ParticipationRole.host_roles():
            organisers.setdefault(participation.partner_id, participation.partner)
    return list(organisers.values())


def event_rows(queryset):
    return queryset.select_related("action_group").prefetch_related(*event_page_prefetches())


def event_filterset(params, since=None) -> EventFilterSet:
    return EventFilterSet(params, queryset=_since(published_events(), since))


def event_results(filterset, when=None):
    rows = filterset.qs
    now = timezone.now()
    if when == "upcoming":
        rows = rows.upcoming(now)
    elif when == "past":
        rows = rows.past(now)
    else:
        rows = rows.order_by("start", "pk")
    return event_rows(rows)


# -- themes ------------------------------------------------------------------------------------


def _count(queryset, link, counted="pk"):
    rows = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count(counted, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def theme_results():
    """Every theme with how much published content of each area carries it."""
    return Theme.objects.annotate(
        partner_count=_count(ThemedPartner.objects.of_published_items(), "tag"),
        event_count=_count(ThemedEvent.objects.of_published_items(), "tag"),
        group_count=_count(ThemedActionGroup.objects.of_published_items(), "tag"),
        pathfinder_count=_count(
            Priority.themes.through.objects.filter(
                priority__in=Priority.objects.of_published_countries()
            ),
            "theme",
            counted="priority__country",
        ),
    ).order_by("name", "pk")


# -- countries ---------------------------------------------------------------------------------


def country_results() -> list[dict]:
    """The countries that appear in published content, with how often.

    Four grouped queries over every partner and event (140 ms at 100 000 partners), so counted
    once per content version and language (the names are the reader's).
    """
    return per_content_version("api-countries", _country_results, get_language())


def _country_results() -> list[dict]:
    """Partners count once per country (headquarters or work there), as the directory's country
    facet counts them; events by their country; a pathfinder country by its hub."""
    partners = PartnerFilterSet(None, queryset=Partner.objects.published())
    partner_counts = partners.count_country(partners.queryset)
    event_counts = dict(
        Event.objects.published()
        .exclude(country="")
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    hubs = dict(PathfinderCountry.objects.published().values_list("country", "slug"))
    codes = {code for code in (*partner_counts, *event_counts, *hubs) if code}
    rows = []
    for code in codes:
        region = region_for(code)
        rows.append(
            {
                "code": code,
                "name": str(countries.name(code)),
                "region": region.slug if region else None,
                "partner_count": partner_counts.get(code, 0),
                "event_count": event_counts.get(code, 0),
                "pathfinder": hubs.get(code),
            }
        )
    return sorted(rows, key=lambda row: row["code"])


def _since(queryset, since):
    return queryset.filter(updated_at__gt=since) if since is not None else queryset


def published_partners():
    return Partner.objects.published()


def published_pathfinders():
    return PathfinderCountry.objects.published()
