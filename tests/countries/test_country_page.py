"""A page per country: /countries/<iso-code>/."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import Partner
from pathfinders.selectors import events_in
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ThemeFactory,
    _in_days,
)

pytestmark = pytest.mark.django_db
# Pathfinder entry, theme and group choices, partners, type and theme counts, action groups
# (members, events, groups), upcoming and past events: the same for 1 and 100 partners.
COUNTRY_PAGE_QUERIES = 11


def text(response):
    return unescape(response.content.decode())


def test_nepal_links_to_its_hub_its_partners_and_its_events(client, demo_content):
    response = client.get("/countries/np/")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Nepal</h1>" in page
    assert 'href="/pathfinders/nepal/"' in page
    partners = Partner.objects.published().in_country("NP")
    assert partners.exists()
    for partner in partners:
        assert f'href="{partner.get_absolute_url()}"' in page
    assert 'href="/partners/?country=NP"' in page
    assert 'href="/events/?country=NP"' in page
    past = list(events_in("NP", response.context["pathfinder"].pk).past(timezone.now())[:10])
    assert past
    for event in past:
        assert f'href="{event.get_absolute_url()}"' in page
    # The breakdowns agree with the directory filtered on the country.
    total = sum(row.count for row in response.context["partners_by_type"])
    assert total == partners.count()
    assert f"{total} partners headquartered or working here" in page


def test_france_is_not_a_pathfinder_and_lists_its_partners(client, demo_content):
    response = client.get("/countries/fr/")
    page = text(response)
    assert response.status_code == 200
    assert "France is not a pathfinder country." in page
    assert "/pathfinders/france/" not in page
    partners = list(Partner.objects.published().in_country("FR"))
    assert partners
    for partner in partners:
        assert f'href="{partner.get_absolute_url()}"' in page
    assert 'href="/partners/?country=FR"' in page
    assert 'href="/events/?country=FR"' in page


def test_theme_and_type_links_filter_the_directory_on_the_country(client, db):
    theme = ThemeFactory(slug="child-labour", name="Child labour")
    PartnerFactory(headquarters_country="GH", themes=[theme])
    PartnerFactory(headquarters_country="FR", countries=["GH"], themes=[theme])
    PartnerFactory(headquarters_country="FR")  # not in Ghana
    response = client.get("/countries/gh/")
    rows = response.context["partners_by_theme"]
    assert [(r.label, r.count) for r in rows] == [("Child labour", 2)]
    assert unescape(rows[0].url) == "/partners/?country=GH&theme=child-labour"
    assert client.get(rows[0].url).context["page_obj"].paginator.count == 2


def test_upper_case_code_redirects_and_unknown_codes_are_404(client, db):
    response = client.get("/countries/NP/")
    assert response.status_code == 301 and response["Location"] == "/countries/np/"
    assert client.get("/fr/countries/Np/")["Location"] == "/fr/countries/np/"
    for bad in ("/countries/zz/", "/countries/xx/", "/countries/npl/", "/countries/1/"):
        assert client.get(bad).status_code == 404, bad


def test_the_page_is_translated(client, demo_content):
    page = text(client.get("/fr/countries/np/"))
    assert "<h1>Népal</h1>" in page
    assert "Statut de pays pionnier" in page
    assert "Les mêmes chiffres" not in page  # no map on this page
    spanish = text(client.get("/es/countries/fr/"))
    assert "<h1>Francia</h1>" in spanish and "Francia: no es un país pionero." in spanish


@pytest.mark.parametrize("size", [1, 100])
def test_same_number_of_queries_for_1_and_100_partners(client, size):
    country = PathfinderCountryFactory(country="MW", name="Malawi", slug="malawi")
    themes = [ThemeFactory(slug=f"t-{n}", name=f"T {n}") for n in range(3)]
    group = ActionGroupFactory()
    for n in range(size):
        partner = PartnerFactory(
            headquarters_country="MW" if n % 2 else "FR",
            countries=["MW"] if not n % 2 else [],
            themes=themes[: n % 3 + 1],
        )
        MembershipFactory(group=group, partner=partner)
        EventFactory(country="MW", start=_in_days(-10 - n))
        EventFactory(country="MW", start=_in_days(10 + n), action_group=group)
    EventFactory(country="FR", pathfinder_countries=[country], start=_in_days(-5))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/countries/mw/")
    sql = [q["sql"][:60] for q in queries.captured_queries]
    assert response.status_code == 200
    assert len(response.context["partners"]) == min(size, 20)
    assert len(response.context["past_events"]) == min(size + 1, 10)
    assert response.context["partner_total"] == size
    assert len(queries) == COUNTRY_PAGE_QUERIES, sql


def test_hub_and_partner_page_link_to_the_country_pages(client, demo_content):
    assert 'href="/countries/np/"' in text(client.get("/pathfinders/nepal/"))
    partner = Partner.objects.published().exclude(headquarters_country="").first()
    page = text(client.get(partner.get_absolute_url()))
    assert f'href="/countries/{partner.headquarters_country.code.lower()}/"' in page
