"""Filters of the pathfinder overview: stage, region (UN M49) and priority theme."""

from collections import Counter

import django_filters
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from common.facets import FacetedFilterSet, RelatedSlugFilter
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
    # Choices are set per request from one query (`load_choices`), not from a callable that
    # Django would re-evaluate on every validation and facet pass.
    theme = RelatedSlugFilter(
        label=_("Priority theme"),
        links=Priority.themes.through.objects.all,
        owner="priority__country",
        to="theme",
        count_distinct=True,  # a country with two priorities on a theme counts once
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

    def load_choices(self):
        return {"theme": self._theme_choices}

    # -- filtering -------------------------------------------------------------------------

    def filter_region(self, queryset, name, value):
        codes = sorted({code for slug in value for code in countries_in(slug)})
        return queryset.filter(country__in=codes)

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
