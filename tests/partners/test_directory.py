"""The directory page: counts, chips, pagination that keeps filters, bad input, queries."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ActionGroupFactory, PartnerFactory, ThemeFactory

from .factories import rich_partners
from .helpers import result_line

pytestmark = pytest.mark.django_db

URL = reverse("partners:list")


def get(client, params=None, url=URL):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def partner_links(html):
    return re.findall(r'<h3><a href="/partners/([^"/]+)/">', html)


def test_empty_directory_says_so(client):
    html = get(client)
    assert "No partners yet." in html
    assert result_line(html) == "No partners match these filters."


def test_result_line_counts_what_is_shown(client, settings):
    settings.PAGE_SIZE = 24
    PartnerFactory.create_batch(30)
    assert result_line(get(client)) == "Showing 1–24 of 30 partners"
    assert result_line(get(client, {"page": 2})) == "Showing 25–30 of 30 partners"
    html = get(client)
    assert 'role="status"' in html and 'aria-live="polite"' in html


def test_pagination_keeps_the_filters(client, settings):
    settings.PAGE_SIZE = 2
    PartnerFactory.create_batch(5, organisation_type="government")
    PartnerFactory(organisation_type="business")
    html = get(client, {"type": "government", "q": "partner"})
    assert 'href="?type=government&amp;q=partner&amp;page=2"' in html
    html = get(client, {"type": "government", "q": "partner", "page": 3})
    assert result_line(html) == "Showing 5–5 of 5 partners"
    assert 'href="?type=government&amp;q=partner&amp;page=2" rel="prev"' in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", "9" * 40])
def test_bad_pages_are_404_with_a_way_back_to_the_first(client, page):
    PartnerFactory()
    response = client.get(URL, {"page": page, "type": "civil_society"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Go to the first page of these results" in html
    assert 'href="/partners/?type=civil_society"' in html


def test_facet_options_show_counts_and_selected_state(client):
    child = ThemeFactory(slug="child-labour", name="Child labour")
    PartnerFactory(organisation_type="government", themes=[child])
    PartnerFactory(organisation_type="government")
    PartnerFactory(organisation_type="academia", themes=[child])
    html = get(client, {"theme": "child-labour"})
    assert re.search(
        r'value="government"[^>]*>\s*<label[^>]*>Government <span class="facet-count">\(1\)', html
    )
    checked = r'value="child-labour"[^>]*checked>\s*<label[^>]*>Child labour '
    assert re.search(checked + r'<span class="facet-count">\(2\)', html)
    assert 'value="media"' not in html  # no partner of that type: option hidden


def test_chips_remove_one_filter_and_clear_all(client):
    PartnerFactory(organisation_type="government", headquarters_country="NP")
    html = get(client, {"type": "government", "country": "NP"})
    assert 'href="/partners/?country=NP"' in html  # removes type
    assert 'href="/partners/?type=government"' in html  # removes country
    assert ">Clear all filters</a>" in html


def test_invalid_values_are_reported_in_the_page(client):
    PartnerFactory()
    html = get(client, {"type": "pirates", "theme": "<b>x</b>"})
    assert 'role="alert"' in html
    assert "Unknown organisation type “pirates” was ignored." in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert result_line(html) == "Showing 1–1 of 1 partner"


def test_a_very_long_search_is_cut_and_reported(client):
    PartnerFactory()
    html = get(client, {"q": "a" * 10_000})
    assert "were too long or too many and were cut" in html


def test_other_apps_links_work(client):
    group = ActionGroupFactory(slug="supply-chains")
    member = PartnerFactory(headquarters_country="FR", countries=["NP"])
    group.memberships.create(partner=member)
    PartnerFactory(headquarters_country="FR")
    assert partner_links(get(client, {"group": "supply-chains"})) == [member.slug]
    assert partner_links(get(client, {"country": "NP"})) == [member.slug]


def test_sort_orders(client):
    PartnerFactory(slug="b", name="B org", date_joined="2019-01-01")
    PartnerFactory(slug="a", name="A org", date_joined="2017-01-01")
    PartnerFactory(slug="c", name="C org", date_joined=None)
    assert partner_links(get(client)) == ["a", "b", "c"]
    assert partner_links(get(client, {"sort": "-joined"})) == ["b", "a", "c"]
    # "Best match" without a search is by name; the option is offered only with a search.
    html = get(client, {"sort": "relevance"})
    assert partner_links(html) == ["a", "b", "c"]
    assert "Best match" not in html
    assert '<option value="relevance" selected>Best match</option>' in get(client, {"q": "org"})


def test_an_explicit_sort_survives_the_filter_form(client):
    PartnerFactory()
    html = get(client, {"sort": "-joined"})
    assert '<input type="hidden" name="sort" value="-joined">' in html


def test_filter_form_works_without_javascript(client):
    PartnerFactory()
    html = get(client)
    form = re.search(r'<form id="directory-filters"[^>]*>', html).group(0)
    assert 'method="get"' in form and 'action="/partners/"' in form
    assert '<button type="submit">' in html
    assert '<label for="directory-q">' in html


def test_page_markup_is_csp_and_heading_friendly(client):
    rich_partners(3)
    html = get(client)
    assert html.count("<h1") == 1
    assert " style=" not in html
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/partners/directory.js" defer>'
    ]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_first_link_in_main_is_a_partner(client):
    """The browser test follows the first link of the page into a detail page."""
    PartnerFactory(slug="first")
    html = get(client)
    main = html[html.index('<main id="main"') :]
    assert re.search(r'<a href="([^"]+)"', main).group(1) == "/partners/first/"


def test_breakdown_by_type_and_region_reflects_the_filters(client):
    PartnerFactory.create_batch(3, organisation_type="government", headquarters_country="FR")
    PartnerFactory(organisation_type="academia", headquarters_country="US")
    PartnerFactory(organisation_type="business", headquarters_country="")
    html = get(client)
    breakdown = html[html.index('id="breakdown-heading"') :]
    bar = r'<span class="bar" aria-hidden="true"><span class="w-60"></span></span>'
    assert re.search(
        r">Government</a>\s*" + bar + r'\s*<span class="bar-value">3 \(60%\)', breakdown
    )
    assert re.search(r">Europe</a>.*?3 \(60%\)", breakdown, re.S)
    assert "Headquarters not given" in breakdown
    filtered = get(client, {"region": "europe"})
    breakdown = filtered[filtered.index('id="breakdown-heading"') :]
    assert "3 (100%)" in breakdown and "Academic" not in breakdown


def test_export_links_carry_the_current_query(client):
    PartnerFactory(organisation_type="government")
    html = get(client, {"type": "government", "page": "1"})
    assert 'href="/partners/export.csv?type=government"' in html
    assert 'href="/partners/export.json?type=government"' in html


def test_french_and_spanish_directories(client):
    PartnerFactory(organisation_type="government", headquarters_country="CI")
    french = get(client, {"type": "government"}, url="/fr/partners/")
    assert '<html lang="fr">' in french
    assert "Filtrer les partenaires" in french
    assert result_line(french) == "Affichage de 1–1 sur 1 partenaire"
    assert 'action="/fr/partners/"' in french
    spanish = get(client, {"type": "government"}, url="/es/partners/")
    assert "Filtrar los socios" in spanish
    assert "Côte d&#x27;Ivoire" in french  # headquarters shown and counted in the facet
    assert "Costa de Marfil" in spanish


def expected_queries(params):
    # Choices (themes, groups), page, themes of the page, theme, group and country (countries
    # of work) facets: 7. Type, region and headquarters counts, the breakdown and the total
    # share one grouped query per distinct queryset: 1 while none of type/region/country is
    # used, else one more per filter in use (at most 4). On PostgreSQL a search first checks
    # whether its words match as typed. So never more than 11 (12).
    in_use = len({"type", "region", "country"} & set(params))
    grouped = in_use + 1
    return 7 + grouped + (1 if "q" in params and connection.vendor == "postgresql" else 0)


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
@pytest.mark.parametrize("size", [1, 30])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "government", "region": "asia", "country": ["NP", "CI"], "theme": "child-labour"},
        {"group": "supply-chains", "theme": ["child-labour", "supply-chains"], "q": "partner"},
        {"type": "government", "q": "partner", "sort": "-joined", "page": "1"},
    ],
)
def test_query_count_does_not_grow_with_partners_or_filters(
    prefix, client, django_assert_num_queries, size, params
):
    rich_partners(size, organisation_type="government", headquarters_country="NP")
    with django_assert_num_queries(expected_queries(params)):
        response = client.get(prefix + URL, params)
    assert response.status_code == 200
    assert prefix or result_line(response.content.decode()).endswith(
        f"of {size} partners" if size > 1 else "of 1 partner"
    )


def test_links_leave_out_values_the_filters_rejected(client, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        PartnerFactory(name=f"Ministry {n}", organisation_type="government")
    html = get(client, {"type": ["government", "not-a-type"], "theme": "no-such-theme"})
    assert "Unknown organisation type “not-a-type” was ignored." in html
    links = re.findall(r'href="([^"]*)"', html)
    next_page = [link for link in links if "page=2" in link]
    assert next_page == ["?type=government&amp;page=2"]
    assert not [link for link in links if "not-a-type" in link or "no-such-theme" in link]
