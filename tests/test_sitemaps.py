"""The sitemap is an index of pages of bounded size, each read with a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance87.sitemaps import PortalSitemap
from tests.factories import PartnerFactory
from tests.sitemap_helpers import all_sitemap_xml, index_locations, page_paths

pytestmark = pytest.mark.django_db

URL = re.compile(r"<url>.*?</url>", re.S)


@pytest.fixture
def small_pages(monkeypatch):
    # Three languages per partner: 7 partners are 21 entries, four pages of at most 6.
    monkeypatch.setattr(PortalSitemap, "limit", 6)
    return 6


def test_index_names_every_page_of_every_area(client, small_pages):
    PartnerFactory.create_batch(7)
    paths = page_paths(client)
    partner_pages = [p for p in paths if p.startswith("/sitemap-partners.xml")]
    assert partner_pages == [
        "/sitemap-partners.xml",
        "/sitemap-partners.xml?p=2",
        "/sitemap-partners.xml?p=3",
        "/sitemap-partners.xml?p=4",
    ]
    for area in ("areas", "pathfinders", "action-groups", "events"):
        assert f"/sitemap-{area}.xml" in paths
    assert all(loc.startswith("http://testserver/") for loc in index_locations(client))


def test_each_page_holds_at_most_the_limit_and_together_every_partner_in_every_language(
    client, small_pages
):
    partners = PartnerFactory.create_batch(7)
    pages = [p for p in page_paths(client) if p.startswith("/sitemap-partners.xml")]
    entries = []
    for path in pages:
        found = URL.findall(client.get(path).content.decode())
        assert 0 < len(found) <= small_pages
        entries += [re.search(r"<loc>([^<]+)</loc>", url).group(1) for url in found]
    expected = {
        f"http://testserver{prefix}/partners/{partner.slug}/"
        for partner in partners
        for prefix in ("", "/fr", "/es")
    }
    assert sorted(entries) == sorted(expected)  # each once, none missing
    assert client.get("/sitemap-partners.xml?p=5").status_code == 404
    assert client.get("/sitemap-partners.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_directory(client):
    PartnerFactory.create_batch(1)
    few = (queries(client, "/sitemap.xml"), queries(client, "/sitemap-partners.xml"))
    PartnerFactory.create_batch(30)
    assert (queries(client, "/sitemap.xml"), queries(client, "/sitemap-partners.xml")) == few


def test_draft_partners_are_in_no_page(client, small_pages):
    PartnerFactory(slug="hidden-draft", is_published=False)
    PartnerFactory(slug="shown")
    xml = all_sitemap_xml(client)
    assert "/partners/shown/" in xml
    assert "hidden-draft" not in xml


def test_cached_pages_stay_apart(client, small_pages, settings):
    # The page number is part of the address a cached copy is kept under.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    PartnerFactory.create_batch(7)
    first = client.get("/sitemap-partners.xml").content.decode()
    second = client.get("/sitemap-partners.xml?p=2").content.decode()
    assert URL.findall(second) and URL.findall(first) != URL.findall(second)
    assert client.get("/sitemap-partners.xml?p=2").content.decode() == second


def test_every_language_entry_is_the_address_django_gives_that_page(client):
    from django.utils import translation

    partner = PartnerFactory()
    xml = all_sitemap_xml(client)
    for language in ("en", "fr", "es"):
        with translation.override(language):
            url = f"http://testserver{partner.get_absolute_url()}"
            assert f"<loc>{url}</loc>" in xml
            assert f'hreflang="{language}" href="{url}"' in xml


def test_country_pages_and_footer_pages_are_listed_in_every_language(client):
    PartnerFactory(headquarters_country="NP", countries=["FR"])
    PartnerFactory(headquarters_country="GB", is_published=False)  # a draft names no country
    xml = all_sitemap_xml(client)
    for prefix in ("", "/fr", "/es"):
        assert f"http://testserver{prefix}/countries/np/</loc>" in xml
        assert f"http://testserver{prefix}/countries/fr/</loc>" in xml
        assert f"http://testserver{prefix}/accessibility/</loc>" in xml
    assert "/countries/gb/" not in xml
    for loc in re.findall(r"<loc>http://testserver(/[^<]*countries/[^<]*)</loc>", xml):
        assert client.get(loc).status_code == 200, loc


def test_country_sitemap_queries_do_not_grow_with_the_directory(client):
    PartnerFactory(headquarters_country="NP", countries=["IN"])
    few = queries(client, "/sitemap-countries.xml")
    for code in ("BR", "CL", "PE"):
        PartnerFactory.create_batch(3, headquarters_country=code, countries=["MX"])
    assert queries(client, "/sitemap-countries.xml") == few
