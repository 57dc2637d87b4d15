"""Reads for the pathfinder overview and the country hubs, each in a fixed number of queries."""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actiongroups.models import ActionGroup, Membership
from alliance87.enums import DatePrecision
from alliance87.models import Theme
from alliance87.pagination import page_of
from alliance87.translated import DEFAULT, active_language, in_language
from countries.maps import Bucket, MapArea, build_map
from events.models import Event
from partners.models import Partner, PartnerCountry

from .enums import TOOLKIT_KINDS, MilestoneKind, NextStepStatus, ResourceKind, Stage
from .filters import PathfinderFilter
from .gaps import gap_rows
from .models import NextStep, PathfinderCountry, Priority, Resource, overdue_q

HUB_PARTNER_LIMIT = 30
HUB_EVENT_LIMIT = 10
# The overview's table and matrix show a page of countries, so the page stays small whatever
# the number of pathfinder countries (636 KB at 200 countries when all were listed).
OVERVIEW_PAGE_SIZE = 40
# Late countries named in the pipeline summary; the others are counted.
LATE_SHOWN = 10


def _count(queryset):
    """A correlated COUNT(*) subquery: counts several relations without multiplying rows."""
    counted = queryset.order_by().values("country").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_progress(queryset, today: date):
    steps = NextStep.objects.filter(country=OuterRef("pk"))
    return queryset.annotate(
        priority_count=_count(Priority.objects.filter(country=OuterRef("pk"))),
        steps_total=_count(steps),
        steps_done=_count(steps.filter(status=NextStepStatus.DONE)),
        steps_in_progress=_count(steps.filter(status=NextStepStatus.IN_PROGRESS)),
        steps_planned=_count(steps.filter(status=NextStepStatus.PLANNED)),
        steps_not_reported=_count(steps.filter(status=NextStepStatus.NOT_REPORTED)),
        steps_overdue=_count(steps.filter(overdue_q(today))),
    )


def _sort_key(country):
    """Alphabetical in the page's language, accents ignored (Émirats next to Égypte)."""
    name = unicodedata.normalize("NFKD", str(country.display_name))
    return "".join(c for c in name if not unicodedata.combining(c)).casefold()


# -- the overview ----------------------------------------------------------------------------


@dataclass
class StageCount:
    stage: Stage
    number: int
    count: int
    percent: int
    selected: bool
    query: str  # "?stage=…" plus the other valid filters: raw input is never echoed


@dataclass
class MatrixCell:
    slug: str
    count: int
    url: str = ""
    label: str = ""  # what the number means, for screen readers


@dataclass
class MatrixRow:
    country: PathfinderCountry
    cells: list = field(default_factory=list)  # one MatrixCell per theme column, in order


def overview_context(data, today: date) -> dict:
    """The pipeline, the filtered country table, the themes matrix and the shared resources.

    `countries` are all the filtered countries (for the counts and the map); the table and the
    matrix show one page of them (`country_page`, the `page` parameter).
    """
    filterset = PathfinderFilter(data or None, queryset=PathfinderCountry.objects.published())
    facets = filterset.facets()
    countries = sorted(with_progress(filterset.qs, today), key=_sort_key)
    for country in countries:
        country.url = country.get_absolute_url()  # once, not once per link and matrix cell
    country_page = page_of(countries, OVERVIEW_PAGE_SIZE, (data or {}).get("page", "1"))
    late = [c for c in countries if c.steps_overdue]
    return {
        "filterset": filterset,
        "facets": facets,
        "active_filters": filterset.active_filters(),
        "pipeline": _pipeline(facets, filterset),
        "countries": countries,
        "country_page": country_page,
        "late_countries": late[:LATE_SHOWN],
        "late_not_shown": len(late[LATE_SHOWN:]),
        # Steps whose status the source never gave: their lateness is unknown, not "on time".
        "steps_not_reported": sum(c.steps_not_reported for c in countries),
        "matrix": _theme_matrix(country_page.object_list),
        "country_map": stage_map(countries),
        "today": today,
        **resources_context(),
    }


def stage_map(countries):
    """The listed countries coloured by stage, each linking to its hub (no query)."""
    buckets = [
        Bucket(f"map-s{number}", f"{number}. {stage.label}")
        for number, stage in enumerate(Stage.ordered(), start=1)
    ]
    areas = [
        MapArea(
            code=country.country.code,
            name=str(country.display_name),
            figure=f"{country.stage_number}. {country.get_stage_display()}",
            url=country.url,
            css=f"map-s{country.stage_number}",
        )
        for country in countries
        if country.stage_number
    ]
    return build_map("pathfinders", _("Pathfinder countries by stage"), _("Stage"), areas, buckets)


def _pipeline(facets, filterset):
    """Stage counts under every active filter except stage itself (the stage facet's counts).

    Reusing the facet's counts costs no query, and picking a stage does not zero the others.
    """
    counts = {o.value: o.count for f in facets if f.name == "stage" for o in f.options}
    total = sum(counts.values())
    selected = set(filterset.selected_values("stage"))
    others = [
        (name, value)
        for name in filterset.facet_names
        if name != "stage"
        for value in filterset.selected_values(name)
    ]
    held = (Stage.WORKSHOP_HELD, Stage.ROADMAP_ADOPTED)
    return {
        "total": total,
        # The pack counts every country that convened a workshop, also those further along.
        "workshops_convened": sum(counts.get(stage.value, 0) for stage in held),
        "stages": [
            StageCount(
                stage=stage,
                number=position,
                count=counts.get(stage.value, 0),
                percent=round(100 * counts.get(stage.value, 0) / total) if total else 0,
                selected=stage.value in selected,
                query="?" + urlencode([("stage", stage.value), *others]),
            )
            for position, stage in enumerate(Stage.ordered(), start=1)
        ],
    }


def _theme_matrix(countries):
    """Which of the listed countries set priorities on which theme (one query)."""
    by_pk = {country.pk: country for country in countries}
    rows = (
        Priority.themes.through.objects.filter(priority__country__in=list(by_pk))
        .order_by()
        .values_list(
            "priority__country",
            "theme__slug",
            in_language("name", prefix="theme__"),
            in_language("name", prefix="theme__", language=DEFAULT),
        )
        .annotate(n=Count("priority", distinct=True))
    )
    counts, theme_names, english = {}, {}, set()
    for country_pk, theme_slug, theme_name, english_name, n in rows:
        counts[(country_pk, theme_slug)] = n
        theme_names[theme_slug] = theme_name
        if active_language() != DEFAULT and theme_name == english_name:
            english.add(theme_slug)  # not translated: the header is marked lang="en"
    themes = sorted(theme_names.items(), key=lambda item: item[1].casefold())
    matrix_rows = []
    for country in countries:
        if not any((country.pk, slug) in counts for slug, _name in themes):
            continue
        row = MatrixRow(country)
        for slug, name in themes:
            count = counts.get((country.pk, slug), 0)
            cell = MatrixCell(slug, count)
            if count:
                cell.url = f"{country.url}#theme-{slug}"
                # Built here, not with {% blocktranslate %} per cell: 150 countries × 14 themes.
                cell.label = ngettext(
                    "priority of %(country)s on %(theme)s",
                    "priorities of %(country)s on %(theme)s",
                    count,
                ) % {"country": country.display_name, "theme": name}
            row.cells.append(cell)
        matrix_rows.append(row)
    return {"themes": themes, "rows": matrix_rows, "english": english}


def resources_context() -> dict:
    # The Secretariat's order (the admin's "order" column), whatever the kind.
    resources = list(Resource.objects.published().order_by("order", "title", "pk"))
    return {
        "toolkit": [r for r in resources if r.kind in TOOLKIT_KINDS],
        "lessons": [r for r in resources if r.kind == ResourceKind.LESSON],
        "other_resources": [
            r for r in resources if r.kind not in TOOLKIT_KINDS and r.kind != ResourceKind.LESSON
        ],
    }


# -- the country hub -------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    date: date
    precision: str
    kind: str
    kind_label: str
    description: str
    recorded: bool  # a Milestone row, not derived from the country's date fields
    source: object = None  # the Milestone, whose description may fall back to English


@dataclass
class PriorityGroup:
    heading: str
    anchor: str
    priorities: list


def hub_prefetches():
    """What a country hub shows; shared by the public hub and the back-office preview."""
    return (
        Prefetch(
            "priorities",
            queryset=Priority.objects.order_by("order", "pk").prefetch_related(
                Prefetch("themes", queryset=Theme.objects.order_by("name"))
            ),
        ),
        Prefetch("next_steps", queryset=NextStep.objects.order_by("order", "pk")),
        "milestones",
    )


def country_for_hub(slug: str):
    """The published country with what its hub shows, or None (the view turns it into a 404)."""
    return (
        PathfinderCountry.objects.published()
        .prefetch_related(*hub_prefetches())
        .filter(slug=slug)
        .first()
    )


def events_about(country):
    """Published events held in the country or linked to it as a pathfinder (no duplicates)."""
    return events_in(country.country.code, pathfinder_pk=country.pk)


def events_in(code: str, pathfinder_pk=None):
    """Published events held in the country, or linked to its pathfinder entry when it has one."""
    here = Q(country=code)
    if pathfinder_pk is not None:
        linked = Event.pathfinder_countries.through.objects.filter(
            pathfindercountry_id=pathfinder_pk
        ).values("event_id")
        here |= Q(pk__in=linked)
    return Event.objects.published().filter(here)


def partners_in(country):
    return Partner.objects.published().in_country(country.country.code)


def action_groups_in(country) -> list[ActionGroup]:
    return action_groups_active_in(country.country.code, pathfinder_pk=country.pk)


def action_groups_active_in(code: str, pathfinder_pk=None) -> list[ActionGroup]:
    """Published groups active in the country, with the evidence for each.

    A group counts as active there when at least one of its published events is held in or
    linked to the country, or when at least one of its member partners is headquartered or
    works there. Both numbers are shown, so a visitor can judge how strong the link is.
    """
    # Two indexed lookups joined by a union: asking "headquartered here OR working here" per
    # membership made the database test every membership of every group.
    headquartered = Partner.objects.published().filter(headquarters_country=code).values("pk")
    working = PartnerCountry.objects.filter(country=code, partner__is_published=True).values(
        "partner_id"
    )
    members_here = dict(
        Membership.objects.filter(partner__in=headquartered.order_by().union(working.order_by()))
        .order_by()
        .values_list("group")
        .annotate(n=Count("pk"))
    )
    events_here = dict(
        events_in(code, pathfinder_pk)
        .filter(action_group__isnull=False)
        .order_by()
        .values_list("action_group")
        .annotate(n=Count("pk"))
    )
    groups = list(
        ActionGroup.objects.published()
        .filter(pk__in=members_here.keys() | events_here.keys())
        .order_by("name")
    )
    for group in groups:
        group.events_here = events_here.get(group.pk, 0)
        group.members_here = members_here.get(group.pk, 0)
    return groups


def hub_context(country, today: date, now) -> dict:
    partners = list(partners_in(country).order_by("name")[: HUB_PARTNER_LIMIT + 1])
    events = events_about(country)
    steps = list(country.next_steps.all())
    for step in steps:
        step.overdue = step.is_overdue(today)
    priorities = list(country.priorities.all())
    for number, priority in enumerate(priorities, start=1):
        priority.number = number  # the anchor "priority-<number>" the theme index links to
    stages = Stage.ordered()
    number = country.stage_number
    themes = priority_themes(priorities)
    return {
        "country": country,
        "stages": stages,
        "next_stage": stages[number] if 0 < number < len(stages) else None,
        "timeline": timeline(country),
        "priority_count": len(priorities),
        # The hub's own text: when any of it lacks the page's language, the page says so.
        "translated_content": [country, *priorities, *steps],
        "priority_groups": priority_groups(priorities),
        "priority_themes": themes,
        "gaps": country_gaps(country, themes),
        "next_steps": steps,
        "overdue_count": sum(1 for step in steps if step.overdue),
        "partners": partners[:HUB_PARTNER_LIMIT],
        "more_partners": len(partners) > HUB_PARTNER_LIMIT,
        "action_groups": action_groups_in(country),
        "upcoming_events": list(events.upcoming(now)[:HUB_EVENT_LIMIT]),
        "past_events": list(events.past(now)[:HUB_EVENT_LIMIT]),
        "today": today,
    }


def country_gaps(country, themes):
    """The gap view: each priority theme beside the partners working on it there."""
    region = country.region
    return gap_rows(country.country.code, region.slug if region else None, [t for t, _ in themes])


def timeline(country) -> list[TimelineEntry]:
    """The recorded milestones, plus the country's own dates that no milestone records yet."""
    entries = [
        TimelineEntry(m.date, m.precision, m.kind, m.get_kind_display(), m.description, True, m)
        for m in country.milestones.all()
    ]
    recorded_kinds = {entry.kind for entry in entries}
    held = country.stage in (Stage.WORKSHOP_HELD, Stage.ROADMAP_ADOPTED)
    workshop_kind = MilestoneKind.WORKSHOP_HELD if held else MilestoneKind.WORKSHOP_PLANNED
    derived = [
        (country.interest_date, DatePrecision.DAY, MilestoneKind.INTEREST),
        (country.workshop_date, country.workshop_date_precision, workshop_kind),
        (country.roadmap_date, DatePrecision.DAY, MilestoneKind.ROADMAP_ADOPTED),
    ]
    for value, precision, kind in derived:
        if value and kind not in recorded_kinds:
            entries.append(TimelineEntry(value, precision, kind, kind.label, "", False))
    kind_order = list(MilestoneKind.values)
    entries.sort(key=lambda e: (e.date, kind_order.index(e.kind) if e.kind in kind_order else 99))
    return entries


def priority_groups(priorities) -> list[PriorityGroup]:
    """Consecutive priorities under the same heading, in the order the country gave them."""
    groups: list[PriorityGroup] = []
    used_anchors: set[str] = set()
    for priority in priorities:
        if groups and groups[-1].heading == priority.heading:
            groups[-1].priorities.append(priority)
            continue
        base = "heading-" + (slugify(priority.heading) or "priorities")
        anchor, n = base, 2
        while anchor in used_anchors:
            anchor, n = f"{base}-{n}", n + 1
        used_anchors.add(anchor)
        groups.append(PriorityGroup(priority.heading, anchor, [priority]))
    return groups


def priority_themes(priorities) -> list[tuple]:
    """(theme, [priority, ...]) for each theme of the country's priorities, by theme name."""
    by_theme: dict = {}
    for priority in priorities:
        for theme in priority.themes.all():
            by_theme.setdefault(theme, []).append(priority)
    return sorted(by_theme.items(), key=lambda item: item[0].name.casefold())
