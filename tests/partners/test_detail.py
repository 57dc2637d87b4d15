"""The partner page: everything about one organisation, in a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from actiongroups.models import Membership
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ilo():
    partner = PartnerFactory(
        slug="ilo",
        name="International Labour Organization",
        acronym="ILO",
        organisation_type="international_organisation",
        headquarters_country="CH",
        countries=["NP", "CI"],
        themes=[ThemeFactory(slug="child-labour", name="Child labour")],
        website="https://www.ilo.org/",
        contact_url="https://www.ilo.org/contact",
        last_verified=date(2020, 3, 1),
        date_joined=date(2016, 9, 21),
    )
    chains = ActionGroupFactory(slug="supply-chains", name="Supply Chains")
    migration = ActionGroupFactory(slug="migration", name="Migration")
    hidden = ActionGroupFactory(slug="hidden", name="Hidden group", is_published=False)
    Membership.objects.create(group=chains, partner=partner, role="chair")
    Membership.objects.create(group=migration, partner=partner, role="co_chair")
    Membership.objects.create(group=hidden, partner=partner)
    PathfinderCountryFactory(country="NP", name="Nepal", slug="nepal")
    PathfinderCountryFactory(country="MX", name="Mexico", slug="mexico")
    EventFactory(
        title="Abidjan workshop",
        hosts=[partner],
        start=timezone.now() - timedelta(days=400),
        end=timezone.now() - timedelta(days=399),
    )
    EventFactory(title="Next forum", hosts=[partner])
    return partner


def test_partner_page_shows_everything(client, ilo):
    html = client.get(ilo.get_absolute_url()).content.decode()
    assert '<h1>International Labour Organization <span class="acronym">(ILO)</span></h1>' in html
    assert 'href="/partners/?type=international_organisation"' in html
    assert 'href="/countries/ch/">Switzerland</a>' in html
    assert 'href="/partners/?region=europe">Europe</a>' in html
    assert 'href="/countries/np/">Nepal</a>' in html
    assert 'href="/partners/?theme=child-labour">Child labour</a>' in html
    assert "Supply Chains</a> – Chair" in html
    assert "Migration</a> – Co-chair" in html
    assert "Hidden group" not in html
    assert "Abidjan workshop" in html and "Next forum" in html
    assert html.index("Next forum") < html.index("Abidjan workshop")  # upcoming first
    assert 'href="/pathfinders/nepal/"' in html and "/pathfinders/mexico/" not in html
    assert 'href="https://www.ilo.org/contact" rel="noopener noreferrer">Contact ILO</a>' in html
    # The Secretariat's verification date is internal state: not on the public page.
    assert '<time datetime="2020-03-01">' not in html and "Last verified" not in html


def test_partner_without_contact_or_verification_shows_neither(client):
    partner = PartnerFactory(website="", contact_url="", last_verified=None)
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "No public contact route" not in html and "<dt>Contact</dt>" not in html
    assert "Not yet verified" not in html and "Last verified" not in html


def test_website_is_the_contact_route_when_there_is_no_contact_page(client):
    partner = PartnerFactory(website="https://example.org/", contact_url="")
    html = client.get(partner.get_absolute_url()).content.decode()
    assert (
        '<a href="https://example.org/" rel="noopener noreferrer">Through its website</a>' in html
    )


@pytest.mark.parametrize("size", [1, 10])
def test_partner_page_query_count_is_fixed(client, django_assert_num_queries, size):
    partner = PartnerFactory(
        countries=["NP", "CI", "FR"][: min(size, 3)],
        themes=[ThemeFactory() for _ in range(size)],
    )
    for _ in range(size):
        Membership.objects.create(group=ActionGroupFactory(), partner=partner)
        EventFactory(hosts=[partner])
    PathfinderCountryFactory(country="NP", name="Nepal", slug="nepal")
    # partner, countries, memberships, events, pathfinders, themes
    with django_assert_num_queries(6):
        response = client.get(partner.get_absolute_url())
    assert response.status_code == 200


def test_partner_page_in_french(client, ilo):
    html = client.get("/fr/partners/ilo/").content.decode()
    assert "<dt>Type d’organisation</dt>" in html
    assert 'href="/fr/partners/?theme=child-labour"' in html


def test_partner_page_markup(client, ilo):
    html = client.get(ilo.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert " style=" not in html
    # The only script element is the schema.org data block (data, allowed by its CSP hash).
    data_block = re.compile(r'<script type="application/ld\+json">.*?</script>', re.DOTALL)
    assert "<script" not in data_block.sub("", html)


def test_a_busy_host_shows_its_newest_events_and_links_to_all(client, monkeypatch):
    from partners import selectors

    monkeypatch.setattr(selectors, "EVENTS_SHOWN", 3)
    host = PartnerFactory(slug="busy-host", name="Busy host")
    for _ in range(4):
        EventFactory(hosts=[host])
    html = client.get(host.get_absolute_url()).content.decode()
    hosted = html.split(">Events</h2>")[1].split("</ul>")[0]
    assert hosted.count("<li>") == 3
    assert 'href="/events/?host=busy-host">See every event hosted by Busy host' in html


def test_a_host_with_few_events_has_no_see_all_link(client):
    host = PartnerFactory(slug="small-host")
    EventFactory(hosts=[host])
    assert "See every event hosted" not in client.get(host.get_absolute_url()).content.decode()
