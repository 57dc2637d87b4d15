"""The partner directory's filters: every one a GET parameter, counted per option.

Several values of one parameter mean OR, different parameters mean AND (alliance87.facets).
Filters on related rows (countries of work, themes, action groups) are EXISTS subqueries, so a
partner is one row however many of its relations match, and no DISTINCT is needed.
"""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from actiongroups.models import ActionGroup, Membership
from alliance87.facets import FacetedFilterSet
from alliance87.models import Theme
from alliance87.regions import all_regions, region_for

from . import search
from .enums import OrganisationType, SortOrder, Standing
from .models import Partner, PartnerCountry, ThemedPartner


class SearchField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value and not search.terms(value):
            raise ValidationError(
                _("Type letters or digits to search."), code="no_searchable_words"
            )


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class PartnerFilterSet(FacetedFilterSet):
    q = SearchFilter(label=_("Search"), method="filter_search")
    type = django_filters.MultipleChoiceFilter(
        field_name="organisation_type",
        choices=OrganisationType.choices,
        label=_("Organisation type"),
        distinct=False,
    )
    standing = django_filters.MultipleChoiceFilter(
        field_name="standing",
        choices=Standing.choices,
        label=_("Standing"),
        distinct=False,
    )
    region = django_filters.MultipleChoiceFilter(
        label=_("Region (headquarters)"), method="filter_region", distinct=False
    )
    country = django_filters.MultipleChoiceFilter(
        label=_("Country"), method="filter_country", distinct=False
    )
    theme = django_filters.MultipleChoiceFilter(
        label=_("Theme"), method="filter_theme", distinct=False
    )
    group = django_filters.MultipleChoiceFilter(
        label=_("Action group"), method="filter_group", distinct=False
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SortOrder.choices, method="keep_order", empty_label=None
    )

    facet_names = ("standing", "type", "region", "country", "theme", "group")
    # Not filters a visitor would want to "remove" as a chip.
    chip_exclude = ("sort",)

    class Meta:
        model = Partner
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "country" in data:
            # Other pages link with ISO codes; accept "np" as well as "NP".
            data = data.copy()
            data.setlist("country", [value.strip().upper() for value in data.getlist("country")])
        super().__init__(data, *args, **kwargs)

    # -- choices, loaded once per request and in the active language -----------------------

    def get_form_class(self):
        if not hasattr(self, "_theme_slugs"):
            self._load_choices()
        return super().get_form_class()

    def _load_choices(self):
        # Sorted by the name shown, in the page's language (a name not yet translated sorts by
        # its English fallback, not first or last as a NULL would).
        def by_label(row):
            return (row[2] or "").casefold()

        themes = sorted(Theme.objects.order_by().values_list("pk", "slug", "name"), key=by_label)
        groups = sorted(
            ActionGroup.objects.published().order_by().values_list("pk", "slug", "name"),
            key=by_label,
        )
        self._theme_slugs = {pk: slug for pk, slug, _name in themes}
        self._group_slugs = {pk: slug for pk, slug, _name in groups}
        self.filters["theme"].extra["choices"] = [(slug, name) for _pk, slug, name in themes]
        self.filters["group"].extra["choices"] = [(slug, name) for _pk, slug, name in groups]
        self.filters["country"].extra["choices"] = [(c.code, c.name) for c in countries]
        self.filters["region"].extra["choices"] = [(r.slug, r.name) for r in all_regions()]

    # -- filtering -------------------------------------------------------------------------

    def filter_search(self, queryset, name, value):
        return self.search_plan.filter(queryset)

    @property
    def search_plan(self) -> search.SearchPlan:
        """Decided once per request, so the results and every facet count search alike."""
        if not hasattr(self, "_search_plan"):
            self._search_plan = search.plan(self.queryset, self.search_query)
        return self._search_plan

    def filter_region(self, queryset, name, value):
        return queryset.in_regions(value)

    def filter_country(self, queryset, name, value):
        return queryset.in_countries(value)

    def filter_theme(self, queryset, name, value):
        return queryset.with_themes(value)

    def filter_group(self, queryset, name, value):
        return queryset.in_action_groups(value)

    def keep_order(self, queryset, name, value):
        return queryset  # ordering is the selector's job (it needs to know about the search)

    # -- facet counts (each from the result of the *other* filters) -----------------------

    # Measured at 20 000 partners (PostgreSQL): the theme, country and group counts each cost
    # 20-70 ms over a search's matches, about as much as all the others together. A broad search
    # (more matches than BROAD_SEARCH_COUNT_LIMIT) skips the theme and group counts and the page
    # says so; the country counts stay, as the map draws them.
    broad_search_skips = ("theme", "group")

    def extra_counts(self):
        """The breakdown of the whole result, cached with the facets (alliance87.facets)."""
        return {"type_and_headquarters": self.type_and_headquarters_counts(self.qs)}

    def uncounted_facets(self, extra_counts):
        total = sum(extra_counts["type_and_headquarters"].values())
        if self.search_query and total > settings.BROAD_SEARCH_COUNT_LIMIT:
            return self.broad_search_skips
        return ()

    def type_and_headquarters_counts(self, queryset) -> dict[tuple[str, str], int]:
        """Partners per (organisation type, headquarters country), in one grouped query."""
        counts: dict[tuple[str, str], int] = {}
        for (kind, code, _standing), count in self.grouped_counts(queryset).items():
            counts[(kind, code)] = counts.get((kind, code), 0) + count
        return counts

    def grouped_counts(self, queryset) -> dict[tuple[str, str, str], int]:
        """Partners per (organisation type, headquarters country, standing), in one query.

        The standing, type, region and country facets and the breakdown all read this; while
        their filters are not in use they ask about the same queryset, so it is asked once.
        """
        cache = self.__dict__.setdefault("_grouped_counts", {})
        key = str(queryset.order_by().query)
        if key not in cache:
            rows = (
                queryset.order_by()
                .values_list("organisation_type", "headquarters_country", "standing")
                .annotate(count=Count("pk"))
                .order_by()
            )
            cache[key] = {
                (kind, str(code or ""), standing): count for kind, code, standing, count in rows
            }
        return cache[key]

    def count_standing(self, queryset):
        counts: dict[str, int] = {}
        for (_kind, _code, standing), count in self.grouped_counts(queryset).items():
            counts[standing] = counts.get(standing, 0) + count
        return counts

    def headquarters_counts(self, queryset) -> dict[str, int]:
        """Partners per headquarters country code ("" for none)."""
        counts: dict[str, int] = {}
        for (_kind, code), count in self.type_and_headquarters_counts(queryset).items():
            counts[code] = counts.get(code, 0) + count
        return counts

    def count_type(self, queryset):
        counts: dict[str, int] = {}
        for (kind, _code), count in self.type_and_headquarters_counts(queryset).items():
            counts[kind] = counts.get(kind, 0) + count
        return counts

    def count_region(self, queryset):
        counts = {}
        for code, count in self.headquarters_counts(queryset).items():
            region = region_for(code)
            if region is not None:
                counts[region.slug] = counts.get(region.slug, 0) + count
        return counts

    def count_country(self, queryset):
        # A partner counts once per country: where it is headquartered, plus where it works
        # other than there (one PartnerCountry row per partner and country).
        counts = dict(self.headquarters_counts(queryset))
        rows = PartnerCountry.objects.all()
        if connections[queryset.db].vendor == "postgresql":
            # A semi-join reads each partner once, where IN plus a join read it twice (2x
            # faster at 100k partners)...
            same_partner = queryset.order_by().filter(pk=OuterRef("partner_id"))
            rows = rows.filter(
                Exists(same_partner.exclude(headquarters_country=OuterRef("country")))
            )
        else:
            # ...but SQLite runs that EXISTS once per row, three times slower than the join.
            rows = rows.filter(partner__in=queryset.order_by().values("pk")).exclude(
                country=F("partner__headquarters_country")
            )
        elsewhere = rows.order_by().values_list("country").annotate(count=Count("pk"))
        for code, count in elsewhere:
            counts[code] = counts.get(code, 0) + count
        return counts

    def count_theme(self, queryset):
        rows = (
            ThemedPartner.objects.filter(content_object__in=queryset.order_by().values("pk"))
            .order_by()
            .values_list("tag_id")
            .annotate(count=Count("pk"))
        )
        return {self._theme_slugs[tag]: count for tag, count in rows if tag in self._theme_slugs}

    def count_group(self, queryset):
        rows = (
            Membership.objects.filter(partner__in=queryset.order_by().values("pk"))
            .order_by()
            .values_list("group_id")
            .annotate(count=Count("pk"))
        )
        return {self._group_slugs[g]: count for g, count in rows if g in self._group_slugs}

    # -- what the page shows about the request ---------------------------------------------

    def active_filters(self):
        return [chip for chip in super().active_filters() if chip.name not in self.chip_exclude]

    @property
    def search_query(self) -> str:
        return self.selected_values("q")[0] if self.selected_values("q") else ""

    def applied(self) -> dict[str, list[str]]:
        """The valid filters in force, as {parameter: values} (for exports)."""
        return {
            name: self.selected_values(name)
            for name in self.form.fields
            if name != "sort" and self.selected_values(name)
        }
