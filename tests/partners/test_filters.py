"""The directory's filters: OR within a parameter, AND across, counts, bad values."""

import pytest

from actiongroups.models import Membership
from tests.factories import ActionGroupFactory, PartnerFactory, ThemeFactory

from .helpers import counts, filterset, slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    child = ThemeFactory(slug="child-labour", name="Child labour")
    supply = ThemeFactory(slug="supply-chains", name="Supply chains")
    forced = ThemeFactory(slug="forced-labour", name="Forced labour")
    chains = ActionGroupFactory(slug="supply-chains", name="Supply Chains")
    migration = ActionGroupFactory(slug="migration", name="Migration")
    hidden = ActionGroupFactory(slug="hidden", name="Hidden", is_published=False)
    partners = {
        "ilo": PartnerFactory(
            slug="ilo",
            organisation_type="international_organisation",
            headquarters_country="CH",
            countries=["CI", "US", "NL"],
            themes=[child, supply],
        ),
        "unicef": PartnerFactory(
            slug="unicef",
            organisation_type="international_organisation",
            headquarters_country="US",
            countries=["CI"],
            themes=[child],
        ),
        "nepal": PartnerFactory(
            slug="nepal",
            organisation_type="government",
            headquarters_country="NP",
            countries=["NP"],
            themes=[forced, child],
        ),
        "france": PartnerFactory(
            slug="france",
            organisation_type="government",
            headquarters_country="FR",
            themes=[supply],
        ),
        "platform": PartnerFactory(
            slug="platform", organisation_type="business", headquarters_country="", countries=["CI"]
        ),
    }
    Membership.objects.create(group=chains, partner=partners["ilo"], role="chair")
    Membership.objects.create(group=chains, partner=partners["france"])
    Membership.objects.create(group=migration, partner=partners["ilo"])
    Membership.objects.create(group=hidden, partner=partners["nepal"])
    PartnerFactory(slug="unpublished", is_published=False, headquarters_country="CH")
    return partners


def test_no_filter_lists_every_published_partner(world):
    assert slugs(filterset().qs) == ["france", "ilo", "nepal", "platform", "unicef"]


def test_values_of_one_parameter_are_alternatives(world):
    assert slugs(filterset("type=government&type=business").qs) == ["france", "nepal", "platform"]
    assert slugs(filterset("region=asia&region=americas").qs) == ["nepal", "unicef"]


def test_different_parameters_must_all_hold(world):
    assert slugs(filterset("type=international_organisation&region=europe").qs) == ["ilo"]
    assert slugs(filterset("theme=child-labour&group=supply-chains").qs) == ["ilo"]


def test_country_matches_headquarters_or_countries_of_work(world):
    assert slugs(filterset("country=CI").qs) == ["ilo", "platform", "unicef"]
    assert slugs(filterset("country=FR").qs) == ["france"]
    assert slugs(filterset("country=US").qs) == ["ilo", "unicef"]  # works there / based there


def test_country_codes_are_not_case_sensitive(world):
    assert slugs(filterset("country=np").qs) == ["nepal"]


def test_region_is_that_of_the_headquarters(world):
    assert slugs(filterset("region=europe").qs) == ["france", "ilo"]
    assert slugs(filterset("region=africa").qs) == []  # working in CI is not being based there


def test_many_to_many_filters_never_duplicate_rows(world):
    queryset = filterset(
        "country=CI&country=US&country=NL&country=CH&theme=child-labour&theme=supply-chains"
        "&group=supply-chains&group=migration"
    ).qs
    assert list(queryset.values_list("slug", flat=True)) == ["ilo"]
    assert queryset.count() == 1
    assert "DISTINCT" not in str(queryset.query).upper()


def test_group_filter_ignores_unpublished_groups(world):
    result = filterset("group=hidden")
    assert slugs(result.qs) == slugs(filterset().qs)
    assert any("hidden" in error for error in result.input_errors)


def test_facet_counts_combine_the_other_filters(world):
    result = filterset("type=international_organisation&theme=child-labour")
    # Types: counted with the theme filter only (own filter ignored).
    assert counts(result, "type") == {"international_organisation": 2, "government": 1}
    # Themes: counted among international organisations.
    assert counts(result, "theme") == {"child-labour": 2, "supply-chains": 1}
    assert counts(result, "region") == {"europe": 1, "americas": 1}
    assert counts(result, "group") == {"supply-chains": 1, "migration": 1}


def test_country_counts_each_partner_once_per_country(world):
    result = counts(filterset(), "country")
    # Nepal: headquartered and working there, counted once.
    assert result["NP"] == 1
    assert result["CI"] == 3
    assert result["US"] == 2
    assert result["CH"] == 1  # the unpublished partner is not counted
    assert "DE" not in result  # options with nothing behind them are hidden


def test_selected_options_stay_visible_even_with_no_result(world):
    facet = {f.name: f for f in filterset("type=media").facets()}["type"]
    selected = [o for o in facet.visible_options if o.selected]
    assert [(o.value, o.count) for o in selected] == [("media", 0)]


def test_group_counts_leave_out_unpublished_groups(world):
    assert counts(filterset(), "group") == {"supply-chains": 2, "migration": 1}


@pytest.mark.parametrize(
    "query,message_part",
    [
        ("type=pirates", "pirates"),
        ("country=ZZ", "ZZ"),
        ("country=<script>", "<SCRIPT>"),
        ("region=atlantis", "atlantis"),
        ("theme=no-such-theme", "no-such-theme"),
        ("group=no-such-group", "no-such-group"),
        ("sort=random", "random"),
    ],
)
def test_unknown_values_are_reported_and_ignored(world, query, message_part):
    result = filterset(query)
    assert slugs(result.qs) == ["france", "ilo", "nepal", "platform", "unicef"]
    assert any(message_part in error for error in result.input_errors)


def test_a_bad_value_does_not_drop_the_good_ones(world):
    result = filterset("type=government&type=pirates&theme=child-labour")
    assert slugs(result.qs) == ["nepal"]
    assert len(result.input_errors) == 1


def test_too_many_values_are_cut_not_processed(world):
    result = filterset("&".join(["country=CI"] * 500))
    assert slugs(result.qs) == ["ilo", "platform", "unicef"]
    assert result.input_errors


def test_search_without_letters_is_reported_and_ignored(world):
    result = filterset("q=%25%25%25")
    assert len(result.qs) == 5
    assert any("letters or digits" in error for error in result.input_errors)


def test_null_characters_in_a_search_are_refused(world):
    result = filterset("q=ilo%00")
    assert len(result.qs) == 5
    assert result.input_errors


def test_chips_list_filters_but_not_the_sort_order(world):
    chips = filterset("type=government&q=nepal&sort=name").active_filters()
    assert [(chip.name, chip.value) for chip in chips] == [("q", "nepal"), ("type", "government")]


def test_applied_lists_the_valid_filters_only(world):
    result = filterset("type=government&type=pirates&country=np&sort=name")
    assert result.applied() == {"type": ["government"], "country": ["NP"]}
