"""Filters of the pathfinder overview: stage, region (UN M49) and priority theme."""

from collections import Counter

import django_filters
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from common.facets import FacetedFilterSet
from common.models import Theme
from common.regions import all_regions, countries_in, region_for

from .enums import Stage
from .models import PathfinderCountry, Priority

# Lists, not callables (django-filter's choice fields cannot take len() of a callable); the
# labels are lazy, so they are still translated per request.
STAGE_CHOICES = [(stage.value, stage.label) for stage in Stage.ordered()]
REGION_CHOICES = [(region.slug, region.name) for region in all_regions()]


class PathfinderFilter(FacetedFilterSet):
    stage = django_filters.MultipleChoiceFilter(
        field_name="stage", choices=STAGE_CHOICES, label=_("Stage")
    )
    region = django_filters.MultipleChoiceFilter(
        choices=REGION_CHOICES, method="filter_region", label=_("Region")
    )
    # Choices are set per request from one query (see `form`), not from a callable that
    # Django would re-evaluate on every validation and facet pass.
    theme = django_filters.MultipleChoiceFilter(
        choices=(), method="filter_theme", label=_("Priority theme")
    )

    facet_names = ("stage", "region", "theme")

    class Meta:
        model = PathfinderCountry
        fields = []

    def __init__(self, data=None, *args, theme_choices=None, **kwargs):
        if theme_choices is None:
            theme_choices = list(Theme.objects.order_by("name").values_list("slug", "name"))
        self._theme_choices = theme_choices
        super().__init__(data, *args, **kwargs)

    @property
    def form(self):
        built = "_form" in self.__dict__
        form = super().form
        if not built:
            form.fields["theme"].choices = self._theme_choices
        return form

    # -- filtering -------------------------------------------------------------------------

    def filter_region(self, queryset, name, value):
        codes = sorted({code for slug in value for code in countries_in(slug)})
        return queryset.filter(country__in=codes)

    def filter_theme(self, queryset, name, value):
        # Exists, not a join: a country with several matching priorities stays one row.
        themed = Priority.objects.filter(country=OuterRef("pk"), themes__slug__in=value)
        return queryset.filter(Exists(themed))

    # -- facet counts ----------------------------------------------------------------------

    def count_region(self, queryset):
        """Grouped by country code in SQL, mapped to regions here (regions are not a column)."""
        counts = Counter()
        rows = queryset.order_by().values_list("country").annotate(count=Count("pk"))
        for code, count in rows:
            region = region_for(code)
            if region is not None:
                counts[region.slug] += count
        return dict(counts)

    def count_theme(self, queryset):
        rows = (
            Priority.themes.through.objects.filter(priority__country__in=queryset.values("pk"))
            .order_by()
            .values_list("theme__slug")
            .annotate(count=Count("priority__country", distinct=True))
        )
        return dict(rows)
