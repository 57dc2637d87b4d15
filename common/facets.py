"""Faceted filtering shared by the partner directory, the pathfinder overview and the events list.

Conventions (the same on every list page):
- every filter is a GET parameter, so every view is a shareable URL;
- several values of one parameter mean OR, different parameters mean AND;
- each facet option shows how many rows it would give combined with the *other* active filters;
- unknown or malformed values are reported to the visitor and ignored, never a 500 and never an
  empty result because of one bad value.
"""

import hashlib
import time
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _

# A visitor never needs more; anything beyond is a crafted URL and is cut, not processed.
MAX_VALUES_PER_PARAMETER = 30
MAX_VALUE_LENGTH = 200
# A facet lists at most this many options (the most frequent, plus every selected one), so a
# facet over thousands of organisations stays a usable, small page.
MAX_VISIBLE_OPTIONS = 30
# Shown at once; the rest of the visible options wait behind a "Show all N" disclosure.
TOP_OPTIONS = 5


def wait_for(key, seconds: float, step: float = 0.05):
    """The cached value of `key` once another process has stored it, or None after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(step)
        value = cache.get(key)
        if value is not None:
            return value
    return None


def per_content_version(name: str, compute, *parts):
    """`compute()`, computed once per content version and `parts` (as the facet counts are).

    For figures a page shows that grow with the tables (counts over 100 000 partners) and that
    change only when content does: every change gives a new version, so none is read stale.
    """
    from .content_version import content_version

    seconds = getattr(settings, "FACET_COUNT_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    raw = "|".join([str(content_version()), *map(str, parts)])
    key = f"portal:{name}:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_count(queryset) -> int:
    """`queryset.count()` once per content version: a broad search over 100 000 partners is
    counted in 80 ms, and every visitor of a shared link asks for the same words again."""
    return per_content_version("count", queryset.count, queryset.model._meta.label, queryset.query)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: tuple[FacetOption, ...]
    # False when the counts were skipped to bound the work (a broad search): every option is
    # offered, without a number.
    counted: bool = True

    def offers(self, option) -> bool:
        return bool(option.count or option.selected or not self.counted)

    @cached_property  # read several times per facet by the template; 250 options to rank
    def visible_options(self):
        """Options that would give results, plus the selected ones (so they can be unticked).

        Past MAX_VISIBLE_OPTIONS only the most frequent are kept, in their original order.
        """
        options = [option for option in self.options if self.offers(option)]
        if len(options) <= MAX_VISIBLE_OPTIONS:
            return options
        ranked = sorted(options, key=lambda option: (not option.selected, -option.count))
        kept = {id(option) for option in ranked[:MAX_VISIBLE_OPTIONS]}
        return [option for option in options if id(option) in kept]

    @cached_property
    def option_groups(self):
        """(top, more): the selected and most frequent options, then the others, both in order.

        A short list is not split: a "Show all" that reveals one or two options only adds a click.
        """
        options = self.visible_options
        if len(options) <= TOP_OPTIONS + 2:
            return options, []
        ranked = sorted(options, key=lambda option: (not option.selected, -option.count))
        top = {id(option) for option in ranked[:TOP_OPTIONS]}
        top |= {id(option) for option in options if option.selected}
        return (
            [option for option in options if id(option) in top],
            [option for option in options if id(option) not in top],
        )

    @property
    def hidden_option_count(self):
        shown = len(self.visible_options)
        return sum(1 for option in self.options if self.offers(option)) - shown


@dataclass(frozen=True)
class ActiveFilter:
    """One removable "chip": a parameter and one of its values."""

    name: str
    label: str
    value: str
    value_label: str


class RelatedSlugFilter(django_filters.MultipleChoiceFilter):
    """Rows linked to a related row whose slug is one of the values (OR), through link rows.

    `links` returns the link rows (a through table, or a model such as Membership, already
    narrowed if only some links count, e.g. to published groups); `owner` is the links' path to
    the filtered row, `to` their path to the row whose slug is chosen. An EXISTS subquery, so a
    row matching several values is listed once and no DISTINCT is needed. `count()` gives the
    facet's counts from the same links.
    """

    def __init__(self, *, links, owner: str, to: str, count_distinct=False, **kwargs):
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("choices", ())  # loaded per request (FacetedFilterSet.load_choices)
        super().__init__(**kwargs)
        self.links, self.owner, self.to = links, owner, to
        # Count owners, not links, where one owner can reach a slug by several links.
        self.count_distinct = count_distinct

    def filter(self, qs, value):
        if not value:
            return qs
        chosen = self.links().filter(**{self.owner: OuterRef("pk"), f"{self.to}__slug__in": value})
        return qs.filter(Exists(chosen))

    def count(self, queryset, slugs: dict | None = None) -> dict[str, int]:
        """Rows of `queryset` per related slug: a grouped count of the link rows.

        With `slugs` ({related id: slug}, from the choices) the links are grouped by the related
        row's id and mapped here, which spares the join to the related table.
        """
        rows = self.links().filter(**{f"{self.owner}__in": queryset.order_by().values("pk")})
        counted = Count(self.owner, distinct=True) if self.count_distinct else Count("pk")
        if slugs is None:
            grouped = rows.order_by().values_list(f"{self.to}__slug").annotate(count=counted)
            return {str(slug): count for slug, count in grouped}
        grouped = rows.order_by().values_list(f"{self.to}_id").annotate(count=counted)
        return {slugs[pk]: count for pk, count in grouped if pk in slugs}


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet that drops invalid input with a message and counts facet options.

    Subclasses list their facets in `facet_names`. Choices that come from the database are
    returned by `load_choices()`, called once per FilterSet before its form is built. A
    facet's counts come from `count_<name>(queryset)` when defined, else from its
    RelatedSlugFilter's links, else from grouping on the filter's field.
    """

    facet_names: tuple[str, ...] = ()
    # Parameters that change the order or the page, never which rows match: not in the key of
    # the cached counts, so another page or sort of the same result reuses them.
    count_key_ignores: tuple[str, ...] = ("sort", "page")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.input_errors: list[str] = []
        if self.is_bound:
            self._drop_invalid_input()

    def _drop_invalid_input(self):
        data = self.data.copy()
        for name in list(data.keys()):
            values = data.getlist(name)
            trimmed = [value[:MAX_VALUE_LENGTH] for value in values[:MAX_VALUES_PER_PARAMETER]]
            if trimmed != values:
                data.setlist(name, trimmed)
                self.input_errors.append(
                    _("Some values of “%(name)s” were too long or too many and were cut.")
                    % {"name": name}
                )
        self.data = data
        self.__dict__.pop("_form", None)
        form = self.form
        if form.is_valid():
            return
        for name, errors in list(form.errors.items()):
            field = form.fields.get(name)
            label = field.label if field and field.label else name
            if isinstance(field, forms.MultipleChoiceField):
                values = data.getlist(name)
                unknown = [value for value in values if not field.valid_value(value)]
                data.setlist(name, [value for value in values if field.valid_value(value)])
                for value in unknown:
                    self.input_errors.append(
                        _("Unknown %(filter)s “%(value)s” was ignored.")
                        % {"filter": str(label).lower(), "value": value}
                    )
            else:
                data.pop(name, None)
                self.input_errors.append(
                    _("%(filter)s: %(error)s It was ignored.")
                    % {"filter": label, "error": " ".join(str(e) for e in errors)}
                )
        self.data = data
        self.__dict__.pop("_form", None)
        if not self.form.is_valid():  # one more pass cannot leave anything invalid behind
            for name in list(self.form.errors):
                data.pop(name, None)
            self.__dict__.pop("_form", None)

    # -- choices ---------------------------------------------------------------------------

    def load_choices(self) -> dict[str, list[tuple[str, str]]]:
        """{filter name: [(value, label), ...]} for the filters whose choices are not fixed."""
        return {}

    def get_form_class(self):
        if not self.__dict__.get("_choices_loaded"):
            self._choices_loaded = True
            for name, choices in self.load_choices().items():
                self.filters[name].extra["choices"] = choices
        return super().get_form_class()

    # -- filtering -------------------------------------------------------------------------

    def selected_values(self, name) -> list[str]:
        value = self.form.cleaned_data.get(name) if self.is_bound else None
        if value in (None, "", []):
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    def queryset_without(self, excluded: str):
        """The result with every active filter applied except `excluded` (for its counts)."""
        queryset = self.queryset.all()
        if not self.is_bound or not self.form.is_valid():
            return queryset
        for name, value in self.form.cleaned_data.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # -- facets ----------------------------------------------------------------------------

    def facet_counts(self, name, queryset) -> dict[str, int]:
        counter = getattr(self, f"count_{name}", None)
        if counter is not None:
            return counter(queryset)
        if isinstance(self.filters[name], RelatedSlugFilter):
            return self.filters[name].count(queryset)
        field_name = self.filters[name].field_name
        rows = (
            queryset.order_by().values_list(field_name).annotate(count=Count("pk", distinct=True))
        )
        return {str(value): count for value, count in rows}

    def facet_choices(self, name, counts):
        """The options a facet lists, as (value, label); by default every choice of its field."""
        return self.form.fields[name].choices

    # -- counts shared between requests ----------------------------------------------------

    def extra_counts(self) -> dict:
        """Other figures of the result a subclass wants cached with the facets (a breakdown)."""
        return {}

    def uncounted_facets(self, extra_counts) -> tuple[str, ...]:
        """Facets not worth counting for this request (given the figures of `extra_counts`)."""
        return ()

    def compute_counts(self) -> dict:
        counts = self.extra_counts()
        skipped = self.uncounted_facets(counts)
        for name in self.facet_names:
            if name not in skipped:
                counts[name] = self.facet_counts(name, self.queryset_without(name))
        return counts

    def count_cache_key(self) -> str:
        """Content version, filterset, base rows and the filters in force (not page or sort)."""
        from .content_version import content_version

        applied = sorted(
            (name, tuple(self.selected_values(name)))
            for name in self.form.fields
            if name not in self.count_key_ignores
        )
        raw = "|".join(
            [
                str(content_version()),
                f"{type(self).__module__}.{type(self).__qualname__}",
                translation.get_language() or "",
                str(self.queryset.query),
                repr(applied),
            ]
        )
        return "portal:facets:" + hashlib.sha256(raw.encode()).hexdigest()

    @cached_property
    def cached_counts(self) -> dict:
        """Every facet's counts (and `extra_counts`), computed once per content version.

        Regrouping every published row per request made the directory's cost grow with its
        size; the counts of one filter combination change only when content changes, and every
        change gives a new content version, so a stale count is never read.
        """
        seconds = getattr(settings, "FACET_COUNT_CACHE_SECONDS", 0)
        if not seconds:
            return self.compute_counts()
        key = self.count_cache_key()
        counts = cache.get(key)
        if counts is None:
            counts = self._count_once(key, seconds)
        return counts

    def _count_once(self, key, seconds) -> dict:
        """Count, unless another request or the warm-up is counting the same: then wait for it.

        Right after a content change every key is new; without this, each visitor arriving
        before the first count is stored would regroup the table too.
        """
        lock = key + ":counting"
        wait = getattr(settings, "FACET_COUNT_WAIT_SECONDS", 0)
        if not cache.add(lock, 1, max(1, int(wait) + 1)):
            counts = wait_for(key, wait)
            if counts is not None:
                return counts
        try:
            counts = self.compute_counts()
            cache.set(key, counts, seconds)
        finally:
            cache.delete(lock)
        return counts

    def facets(self) -> list[Facet]:
        facets = []
        for name in self.facet_names:
            field = self.form.fields[name]
            counted = name in self.cached_counts
            counts = self.cached_counts.get(name, {})
            selected = set(self.selected_values(name))
            options = tuple(
                FacetOption(
                    str(value), str(label), counts.get(str(value), 0), str(value) in selected
                )
                for value, label in self.facet_choices(name, counts)
            )
            facets.append(Facet(name, str(field.label), options, counted))
        return facets

    def active_filters(self) -> list[ActiveFilter]:
        chips = []
        if not self.is_bound:
            return chips
        for name, field in self.form.fields.items():
            labels = dict(getattr(field, "choices", []) or [])
            for value in self.selected_values(name):
                label = labels.get(value, value)
                chips.append(ActiveFilter(name, str(field.label), value, str(label)))
        return chips
