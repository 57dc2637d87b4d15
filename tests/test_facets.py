"""The shared faceting conventions, on a minimal FilterSet over partners."""

import django_filters
import pytest
from django.http import QueryDict

from common.facets import FacetedFilterSet
from partners.enums import OrganisationType
from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


class TypeCountryFilter(FacetedFilterSet):
    type = django_filters.MultipleChoiceFilter(
        field_name="organisation_type", choices=OrganisationType.choices, label="Type"
    )
    hq = django_filters.MultipleChoiceFilter(
        field_name="headquarters_country", choices=[("FR", "France"), ("NP", "Nepal")], label="HQ"
    )
    facet_names = ("type", "hq")

    class Meta:
        model = Partner
        fields = []


def run(query):
    return TypeCountryFilter(QueryDict(query), queryset=Partner.objects.all())


@pytest.fixture
def partners():
    PartnerFactory(organisation_type="government", headquarters_country="FR")
    PartnerFactory(organisation_type="government", headquarters_country="NP")
    PartnerFactory(organisation_type="academia", headquarters_country="NP")


def test_or_within_and_across(partners):
    assert run("type=government&type=academia").qs.count() == 3
    assert run("type=government&hq=NP").qs.count() == 1


def test_counts_use_the_other_filters_only(partners):
    facets = {facet.name: facet for facet in run("type=government").facets()}
    type_counts = {o.value: o.count for o in facets["type"].options}
    hq_counts = {o.value: o.count for o in facets["hq"].options}
    assert type_counts["government"] == 2 and type_counts["academia"] == 1  # ignores itself
    assert hq_counts == {"FR": 1, "NP": 1}  # narrowed by type=government


def test_unknown_values_are_reported_and_ignored(partners):
    filterset = run("type=government&type=pirates&hq=ZZ")
    assert filterset.qs.count() == 2
    assert len(filterset.input_errors) == 2
    assert any("pirates" in error for error in filterset.input_errors)


def test_oversized_input_is_cut(partners):
    filterset = run("&".join(["type=government"] * 500))
    assert filterset.qs.count() == 2
    assert filterset.input_errors


def test_chips_list_each_selected_value(partners):
    chips = run("type=government&type=academia").active_filters()
    assert [(c.name, c.value) for c in chips] == [("type", "government"), ("type", "academia")]


def test_long_facets_show_the_most_frequent_options_and_keep_selected_ones():
    from common.facets import MAX_VISIBLE_OPTIONS, Facet, FacetOption

    options = tuple(
        FacetOption(str(n), f"Option {n}", count=n, selected=(n == 1)) for n in range(1, 101)
    )
    facet = Facet("host", "Host", options)
    visible = facet.visible_options
    assert len(visible) == MAX_VISIBLE_OPTIONS
    assert visible[0].value == "1"  # selected, kept although rare
    assert {o.value for o in visible[1:]} == {str(n) for n in range(72, 101)}
    assert facet.hidden_option_count == 100 - MAX_VISIBLE_OPTIONS


def test_a_facet_shows_its_top_options_and_the_rest_behind_show_all():
    from common.facets import TOP_OPTIONS, Facet, FacetOption

    counts = [3, 9, 1, 7, 2, 8, 4, 6, 5]
    options = tuple(FacetOption(str(n), f"Option {n}", count=n, selected=(n == 1)) for n in counts)
    top, more = Facet("type", "Type", options).option_groups
    # TOP_OPTIONS options, the selected one first, then the most frequent, in the facet's order.
    assert TOP_OPTIONS == 5
    assert [o.count for o in top] == [9, 1, 7, 8, 6]
    assert [o.count for o in more] == [3, 2, 4, 5]


def test_a_short_facet_is_not_split():
    from common.facets import TOP_OPTIONS, Facet, FacetOption

    options = tuple(FacetOption(str(n), str(n), n, False) for n in range(1, TOP_OPTIONS + 3))
    top, more = Facet("type", "Type", options).option_groups
    assert len(top) == TOP_OPTIONS + 2 and more == []


def test_facets_render_show_all_as_a_disclosure_and_leave_empty_facets_out(client):
    for n, org_type in enumerate(OrganisationType.values):
        PartnerFactory.create_batch(n + 1, organisation_type=org_type)
    html = client.get("/partners/").content.decode()
    assert f"Show all {len(OrganisationType.values)}" in html
    assert '<details class="facet-more">' in html
    assert "No options match the other filters" not in html
    # No partner is in an action group: that facet is left out, not shown empty.
    assert 'id="facet-type"' in html
    assert 'id="facet-group"' not in html
