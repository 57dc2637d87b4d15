"""The FilterSet protocol of common.facets: choices loaded once by `load_choices()`, and
RelatedSlugFilter filtering and counting through link rows."""

import pytest
from django.http import QueryDict

from common.choices import choice_is
from common.facets import FacetedFilterSet, RelatedSlugFilter
from common.models import Theme
from events.filters import EventFilterSet
from partners.filters import PartnerFilterSet
from partners.models import Partner, ThemedPartner
from pathfinders.filters import PathfinderFilter
from pathfinders.models import PathfinderCountry
from tests.factories import PartnerFactory, PathfinderCountryFactory, PriorityFactory, ThemeFactory

pytestmark = pytest.mark.django_db


class ThemeFilter(FacetedFilterSet):
    theme = RelatedSlugFilter(
        label="Theme", links=ThemedPartner.objects.all, owner="content_object", to="tag"
    )
    facet_names = ("theme",)
    loads = 0

    class Meta:
        model = Partner
        fields = []

    def load_choices(self):
        self.loads += 1
        return {"theme": list(Theme.objects.values_list("slug", "name"))}


@pytest.fixture
def themed():
    child, forced = ThemeFactory(slug="child"), ThemeFactory(slug="forced")
    both = PartnerFactory(name="Both", themes=[child, forced])
    only_child = PartnerFactory(name="Child only", themes=[child])
    PartnerFactory(name="Neither")
    return both, only_child


def test_choices_load_once_whatever_the_passes(themed):
    filterset = ThemeFilter(QueryDict("theme=child&theme=nope"), queryset=Partner.objects.all())
    filterset.facets()
    list(filterset.qs)
    assert filterset.loads == 1
    assert filterset.input_errors  # "nope" is not a choice: reported, then ignored


def test_related_slug_filter_is_or_and_lists_a_row_once(themed):
    both, only_child = themed
    filterset = ThemeFilter(QueryDict("theme=child&theme=forced"), queryset=Partner.objects.all())
    assert sorted(filterset.qs, key=str) == sorted([both, only_child], key=str)


def test_related_slug_filter_counts_through_its_links(themed):
    facet = ThemeFilter(QueryDict(""), queryset=Partner.objects.all()).facets()[0]
    assert {option.value: option.count for option in facet.options} == {"child": 2, "forced": 1}


def test_a_count_of_owners_counts_a_row_once_however_many_links_reach_the_slug():
    theme = ThemeFactory(slug="child")
    country = PathfinderCountryFactory()
    for _ in range(2):
        PriorityFactory(country=country).themes.add(theme)
    filterset = PathfinderFilter(
        QueryDict(""), queryset=PathfinderCountry.objects.all(), theme_choices=[("child", "C")]
    )
    theme_facet = next(facet for facet in filterset.facets() if facet.name == "theme")
    assert theme_facet.options[0].count == 1


@pytest.mark.parametrize("filterset_class", [PartnerFilterSet, PathfinderFilter, EventFilterSet])
def test_the_three_lists_share_the_protocol(filterset_class):
    filterset = filterset_class(QueryDict(""), queryset=filterset_class._meta.model.objects.all())
    assert issubclass(filterset_class, FacetedFilterSet)
    assert filterset.load_choices()
    assert any(isinstance(f, RelatedSlugFilter) for f in filterset.filters.values())


def test_choice_is_compares_with_the_enum_member():
    class Row:
        is_active = choice_is("status", "active")

        def __init__(self, status):
            self.status = status

    assert Row("active").is_active
    assert not Row("planned").is_active
