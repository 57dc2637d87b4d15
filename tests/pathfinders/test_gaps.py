"""The gap view of a hub: priority themes beside the partners working on them there."""

import csv
import io

import pytest

from common.models import Theme
from partners.models import Partner, PartnerCountry
from pathfinders.gaps import GAP_PARTNER_LIMIT
from pathfinders.models import PathfinderCountry
from tests.factories import PartnerFactory, PathfinderCountryFactory, PriorityFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# Nepal's priorities as the briefing pack words them (child labour, forced labour, trafficking,
# migration, education, data); set here in case the demo content does not tag them yet.
NEPAL_THEMES = ["child-labour", "forced-labour", "human-trafficking", "migration", "education"]


def rows_by_theme(response):
    return {row.theme.slug: row for row in response.context["gaps"]}


def test_nepal_hub_sets_its_priority_themes_beside_the_partners_there(client, demo_content):
    nepal = PathfinderCountry.objects.get(country="NP")
    priority = nepal.priorities.first()
    priority.themes.add(*Theme.objects.filter(slug__in=NEPAL_THEMES))
    response = client.get("/pathfinders/nepal/")
    page = response.content.decode()
    assert "Priorities and the partners working on them" in page
    rows = rows_by_theme(response)
    priority_slugs = set(
        Theme.objects.filter(priorities__country=nepal).values_list("slug", flat=True)
    )
    assert set(rows) == priority_slugs  # every priority theme has its row, empty or not
    in_nepal = Partner.objects.published().in_country("NP")
    for slug, row in rows.items():
        expected = sorted(in_nepal.with_themes([slug]).values_list("name", flat=True))
        assert row.here == len(expected), slug
        assert [name for name, _slug in row.partners] == expected[:GAP_PARTNER_LIMIT]
    assert any(row.here for row in rows.values()), "the demo has partners on Nepal's themes"
    assert "None yet" in page or all(row.here for row in rows.values())


@pytest.fixture
def ghana():
    country = PathfinderCountryFactory(country="GH", name="Ghana", slug="ghana")
    themes = {
        slug: ThemeFactory(slug=slug, name=slug.title()) for slug in ("alpha", "beta", "gamma")
    }
    PriorityFactory(country=country).themes.set(themes.values())
    return country, themes


def test_a_presence_with_its_own_themes_counts_only_for_them(client, ghana):
    _country, themes = ghana
    works_everywhere_on_both = PartnerFactory(
        name="Both", headquarters_country="FR", themes=[themes["alpha"], themes["beta"]]
    )
    presence = PartnerCountry.objects.create(partner=works_everywhere_on_both, country="GH")
    presence.themes.set([themes["alpha"]])  # in Ghana only on alpha
    PartnerFactory(name="Local", headquarters_country="GH", themes=[themes["beta"]])
    neighbour = PartnerFactory(name="Neighbour", headquarters_country="CI")
    neighbour.themes.set([themes["alpha"], themes["gamma"]])
    PartnerFactory(name="Far", headquarters_country="FR", themes=[themes["gamma"]])
    rows = rows_by_theme(client.get("/pathfinders/ghana/"))
    figures = {slug: (row.here, row.elsewhere) for slug, row in rows.items()}
    assert figures == {"alpha": (1, 1), "beta": (1, 0), "gamma": (0, 1)}
    assert [name for name, _ in rows["alpha"].partners] == ["Both"]
    assert [name for name, _ in rows["beta"].partners] == ["Local"]
    assert rows["gamma"].partners == []


def test_headquarters_with_own_themes_for_the_country_uses_them(client, ghana):
    _country, themes = ghana
    partner = PartnerFactory(headquarters_country="GH", themes=[themes["alpha"]])
    PartnerCountry.objects.create(partner=partner, country="GH").themes.set([themes["beta"]])
    rows = rows_by_theme(client.get("/pathfinders/ghana/"))
    assert (rows["alpha"].here, rows["beta"].here) == (0, 1)


def test_the_gap_view_lists_at_most_a_few_partners_and_links_to_the_rest(client, ghana):
    _country, themes = ghana
    for n in range(GAP_PARTNER_LIMIT + 3):
        PartnerFactory(name=f"Org {n:02}", headquarters_country="GH", themes=[themes["alpha"]])
    response = client.get("/pathfinders/ghana/")
    row = rows_by_theme(response)["alpha"]
    assert row.here == GAP_PARTNER_LIMIT + 3 and len(row.partners) == GAP_PARTNER_LIMIT
    assert "/partners/?country=GH&amp;theme=alpha" in response.content.decode()


def test_the_gap_view_as_csv_has_the_same_figures(client, ghana):
    _country, themes = ghana
    PartnerFactory(name="=HYPERLINK(1)", headquarters_country="GH", themes=[themes["beta"]])
    PartnerFactory(headquarters_country="NG", themes=[themes["beta"], themes["gamma"]])
    response = client.get("/pathfinders/ghana/gaps.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Priority theme" and "Africa" in rows[0][3]
    assert rows[1:] == [
        ["Alpha", "0", "", "0"],
        ["Beta", "1", "'=HYPERLINK(1)", "1"],
        ["Gamma", "0", "", "1"],
    ]
    assert client.get("/pathfinders/nowhere/gaps.csv").status_code == 404


def test_a_hub_without_themed_priorities_says_so(client):
    PathfinderCountryFactory(country="MW", name="Malawi", slug="malawi")
    page = client.get("/pathfinders/malawi/").content.decode()
    assert "not linked to themes yet" in page


def test_elsewhere_counts_each_other_partner_once_and_not_those_present_here(client, ghana):
    _country, themes = ghana
    twice = PartnerFactory(headquarters_country="CI", themes=[themes["alpha"]])
    PartnerCountry.objects.create(partner=twice, country="NG").themes.set([themes["alpha"]])
    PartnerCountry.objects.create(partner=twice, country="SN")  # plain: its themes apply
    PartnerFactory(headquarters_country="GH", countries=["CI"], themes=[themes["alpha"]])
    rows = rows_by_theme(client.get("/pathfinders/ghana/"))
    assert (rows["alpha"].here, rows["alpha"].elsewhere) == (1, 1)


def test_the_theme_counts_are_kept_per_content_version(client, ghana, settings):
    """Counted once per content version (4.9 s at 100 000 partners), recounted after a change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FACET_COUNT_CACHE_SECONDS = 600
    _country, themes = ghana
    PartnerFactory(name="First", headquarters_country="GH", themes=[themes["alpha"]])
    with CaptureQueriesContext(connection) as first:
        assert rows_by_theme(client.get("/pathfinders/ghana/"))["alpha"].here == 1
    with CaptureQueriesContext(connection) as again:
        assert rows_by_theme(client.get("/pathfinders/ghana/"))["alpha"].here == 1
    assert len(again) < len(first)
    PartnerFactory(name="Second", headquarters_country="GH", themes=[themes["alpha"]])
    assert rows_by_theme(client.get("/pathfinders/ghana/"))["alpha"].here == 2


def test_the_first_few_mix_both_ways_of_working_there_in_name_order(client, ghana):
    """The first few come from partners working there through their own themes and through a
    presence's themes alike, in name order, each once."""
    _country, themes = ghana
    for name in ("Org A", "Org C", "Org E", "Org G"):
        PartnerFactory(name=name, headquarters_country="GH", themes=[themes["alpha"]])
    for name in ("Org B", "Org D", "Org F"):
        partner = PartnerFactory(name=name, headquarters_country="FR", themes=[themes["beta"]])
        PartnerCountry.objects.create(partner=partner, country="GH").themes.set([themes["alpha"]])
    row = rows_by_theme(client.get("/pathfinders/ghana/"))["alpha"]
    assert (row.here, row.elsewhere) == (7, 0)
    assert [name for name, _ in row.partners] == ["Org A", "Org B", "Org C", "Org D", "Org E"]


def test_unpublished_partners_count_nowhere(client, ghana):
    _country, themes = ghana
    PartnerFactory(name="Draft here", headquarters_country="GH", themes=[themes["alpha"]])
    PartnerFactory(name="Draft there", headquarters_country="NG", themes=[themes["alpha"]])
    draft = PartnerFactory(name="Draft themed", headquarters_country="FR")
    PartnerCountry.objects.create(partner=draft, country="GH").themes.set([themes["alpha"]])
    Partner.objects.update(is_published=False)
    PartnerFactory(name="Live", headquarters_country="GH", themes=[themes["alpha"]])
    row = rows_by_theme(client.get("/pathfinders/ghana/"))["alpha"]
    assert (row.here, row.elsewhere) == (1, 0)
    assert [name for name, _ in row.partners] == ["Live"]


def test_a_partner_present_twice_elsewhere_is_counted_once(client, ghana):
    _country, themes = ghana
    PartnerFactory(headquarters_country="NG", countries=["CI", "SN"], themes=[themes["beta"]])
    rows = rows_by_theme(client.get("/pathfinders/ghana/"))
    assert (rows["beta"].here, rows["beta"].elsewhere) == (0, 1)
