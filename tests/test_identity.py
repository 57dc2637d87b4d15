"""The portal's identity: logo and favicon, footer pages, robots.txt, alternates and OpenGraph."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

FOOTER_PAGES = ["/about/", "/contact/", "/privacy/", "/accessibility/"]


@pytest.mark.parametrize("path", FOOTER_PAGES)
@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
def test_footer_pages_exist_in_every_language_and_are_linked_from_every_page(client, path, prefix):
    response = client.get(prefix + path)
    assert response.status_code == 200
    assert response.content.count(b"<h1>") == 1
    home = client.get(prefix + "/").content.decode()
    assert f'href="{prefix}{path}"' in home


def test_every_page_head_has_canonical_and_hreflang_alternates(client):
    PartnerFactory(slug="ilo", name="International Labour Organization")
    html = client.get("/fr/partners/ilo/?x=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/fr/partners/ilo/">' in html
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))
    assert alternates == {
        "en": "http://testserver/partners/ilo/",
        "fr": "http://testserver/fr/partners/ilo/",
        "es": "http://testserver/es/partners/ilo/",
        "x-default": "http://testserver/partners/ilo/",
    }
    assert '<meta property="og:title" content="International Labour Organization">' in html
    assert '<meta property="og:url" content="http://testserver/fr/partners/ilo/">' in html
    assert '<meta property="og:locale" content="fr">' in html


def test_logo_and_favicon_are_our_own_static_files(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert 'src="/static/img/logo.svg"' in html
    for name in ["favicon.svg", "img/logo.svg"]:
        with open(finders.find(name), encoding="utf-8") as svg:
            assert svg.read().startswith("<svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_robots_txt_keeps_crawlers_out_of_the_back_office_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /fr/admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_stored_english_text_is_marked_as_english_on_french_and_spanish_pages(client):
    PartnerFactory(slug="ilo", description="Works on Target 8.7.")
    french = client.get("/fr/partners/ilo/").content.decode()
    assert '<div class="prose" lang="en">' in french
    english = client.get("/partners/ilo/").content.decode()
    assert '<div class="prose">' in english
