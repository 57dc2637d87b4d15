"""One search across the portal: partners, pathfinder countries, action groups, events, resources
and themes, each area counted and ranked, in a fixed number of queries (two per area).

Words are those of the directory search (`partners.search.terms`: letters and digits, accents and
case ignored); every word must appear somewhere in a record (its own text or its rows: a
country's priorities and next steps, a group's objectives and outputs, an event's agenda and
outcomes). Partners are searched by the directory's own search, so both find the same partners.
On PostgreSQL, when no record matches the words as typed, titles spelled close to them are found
instead (pg_trgm), as the directory does for names.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Lower
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from actiongroups.models import ActionGroup, Objective, Output
from alliance87.models import Theme
from alliance87.translated import in_language
from events.models import AgendaItem, Event, Outcome
from partners import search as directory_search
from partners.filters import PartnerFilterSet
from partners.models import HEAVY_SEARCH_FIELDS, Partner
from partners.selectors import ordered_results
from pathfinders.models import NextStep, PathfinderCountry, Priority, Resource

HITS_PER_AREA = 10
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Related:
    """Rows of another table that count as part of a record's text."""

    queryset: object
    link: str  # the field of those rows pointing at the record
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    queryset: object
    title: str
    fields: tuple[str, ...]
    related: tuple[Related, ...] = ()
    order: tuple[str, ...] = ()


@dataclass
class AreaResult:
    key: str
    label: str
    count: int
    hits: list
    more_url: str = ""


@dataclass
class PortalResults:
    query: str
    words: list[str]
    areas: list[AreaResult] = field(default_factory=list)
    fuzzy: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(area.count for area in self.areas)


def areas() -> list[Area]:
    """The areas searched besides partners, in the order the results page lists them."""
    return [
        Area(
            "pathfinders",
            _("Pathfinder countries"),
            PathfinderCountry.objects.published(),
            "name",
            ("name", "summary", "coordination_body"),
            (
                Related(Priority.objects.all(), "country", ("heading", "text")),
                Related(NextStep.objects.all(), "country", ("text",)),
            ),
            ("name",),
        ),
        Area(
            "groups",
            _("Action groups"),
            ActionGroup.objects.published(),
            "name",
            ("name", "mandate"),
            (
                Related(Objective.objects.all(), "work_plan__group", ("title",)),
                Related(Output.objects.all(), "objective__work_plan__group", ("title",)),
            ),
            ("name",),
        ),
        Area(
            "events",
            _("Events"),
            Event.objects.published(),
            "title",
            ("title", "description", "city", "venue"),
            (
                Related(AgendaItem.objects.all(), "event", ("title",)),
                Related(Outcome.objects.all(), "event", ("heading", "text")),
            ),
            ("-start",),
        ),
        Area(
            "resources",
            _("Resources"),
            Resource.objects.published(),
            "title",
            ("title", "description"),
            order=("title",),
        ),
        Area(
            "themes",
            _("Themes"),
            Theme.objects.all(),
            "name",
            ("name", "description"),
            order=("name",),
        ),
    ]


def _in_language(queryset, fields):
    """Each field as the page shows it: its text in the page's language, else the English one
    (issue 15), as `_shown_<field>`; fields that are not translatable are read as they are."""
    return queryset.alias(
        **{f"_shown_{name}": in_language(name, model=queryset.model) for name in fields}
    )


def _contains(fields, word) -> Q:
    match = Q()
    for name in fields:
        match |= Q(**{f"_shown_{name}__normalised__contains": word})
    return match


def _word_matches(area: Area, word: str) -> Q:
    match = _contains(area.fields, word)
    for related in area.related:
        # IN (uncorrelated), not EXISTS: the related rows are searched once, not once per record
        # (SQLite ran the EXISTS form per event: 10 s for 5 000 events).
        rows = (
            _in_language(related.queryset, related.fields)
            .filter(_contains(related.fields, word))
            .values(related.link)
        )
        match |= Q(pk__in=rows)
    return match


def _matching(area: Area, words, fuzzy: bool):
    queryset = _in_language(area.queryset, area.fields)
    if fuzzy:
        title = Lower(F(area.title))
        return queryset.filter(
            *[directory_search._TrigramWordMatch(Value(w), title) for w in words]
        )
    for word in words:
        queryset = queryset.filter(_word_matches(area, word))
    return queryset


def _ranked(area: Area, queryset, words):
    """Whole phrase in the title first, then every word in the title, then the rest."""
    phrase = " ".join(words)
    in_title = Q()
    for word in words:
        in_title &= Q(**{f"_shown_{area.title}__normalised__contains": word})
    rank = Case(
        When(**{f"_shown_{area.title}__normalised__contains": phrase}, then=Value(3)),
        When(in_title, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.annotate(search_rank=rank).order_by("-search_rank", *area.order, "pk")


def _area_result(area: Area, words, fuzzy: bool) -> AreaResult:
    matching = _matching(area, words, fuzzy)
    count = matching.count()
    hits = list(_ranked(area, matching, words)[:HITS_PER_AREA]) if count else []
    return AreaResult(area.key, str(area.label), count, hits)


def _partner_result(query: str) -> tuple[AreaResult, bool]:
    filterset = PartnerFilterSet(
        QueryDict(urlencode({"q": query})), queryset=Partner.objects.published()
    )
    results = ordered_results(filterset)
    count = results.count()
    hits = list(results.defer(*HEAVY_SEARCH_FIELDS)[:HITS_PER_AREA]) if count else []
    more = f"{reverse('partners:list')}?{urlencode({'q': query})}" if count > HITS_PER_AREA else ""
    return (
        AreaResult("partners", str(_("Partners")), count, hits, more),
        filterset.search_plan.fuzzy,
    )


def _allow_close_spellings() -> bool:
    """PostgreSQL only: set pg_trgm's threshold for this connection (as the directory does)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(directory_search.TRIGRAM_THRESHOLD)],
        )
    return True


def search_portal(raw_query: str) -> PortalResults:
    notices = []
    query = raw_query or ""
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        notices.append(
            _("Your search was cut to its first %(count)s characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    # On /fr/ and /es/ the words are those of the directory's search in that language: little
    # words dropped, each stemmed, so every area matches as the directory does.
    words = directory_search.language_terms(query, directory_search.search_language())
    results = PortalResults(query=query, words=words, notices=notices)
    if not words:
        return results
    partners, partners_fuzzy = _partner_result(query)
    results.areas = [partners] + [_area_result(area, words, False) for area in areas()]
    others_found = sum(area.count for area in results.areas[1:])
    if not others_found and _allow_close_spellings():
        results.fuzzy = True
        results.areas[1:] = [_area_result(area, words, True) for area in areas()]
    results.fuzzy = results.fuzzy or partners_fuzzy
    return results
