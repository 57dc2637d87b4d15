"""Every public page renders from the database; unknown slugs and bad pages are 404s."""

import pytest
from django.urls import reverse

from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    PartnerFactory,
    PathfinderCountryFactory,
)

pytestmark = pytest.mark.django_db

LIST_PAGES = ["home", "partners:list", "pathfinders:list", "actiongroups:list", "events:list"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_render_when_empty(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'<main id="main"' in response.content


@pytest.mark.parametrize(
    "name", ["partners:detail", "pathfinders:detail", "actiongroups:detail", "events:detail"]
)
def test_unknown_slug_is_a_404_page(client, name):
    response = client.get(reverse(name, kwargs={"slug": "no-such-thing"}))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", "9" * 40, "%00"])
def test_bad_page_numbers_are_404_with_a_way_back(client, page):
    PartnerFactory()
    response = client.get(reverse("partners:list"), {"page": page})
    assert response.status_code == 404
    assert "Go to the first page of these results" in response.content.decode()


def test_unpublished_content_is_not_public(client):
    partner = PartnerFactory(is_published=False, name="Hidden organisation")
    assert client.get(partner.get_absolute_url()).status_code == 404
    assert "Hidden organisation" not in client.get(reverse("partners:list")).content.decode()


def test_detail_pages_link_the_areas_together(client):
    partner = PartnerFactory(name="International Labour Organization", countries=["NP"])
    country = PathfinderCountryFactory(country="NP", name="Nepal", slug="nepal")
    group = ActionGroupFactory(name="Supply Chains", slug="supply-chains")
    group.memberships.create(partner=partner, role="chair")
    event = EventFactory(
        title="Abidjan workshop",
        action_group=group,
        hosts=[partner],
        pathfinder_countries=[country],
    )

    partner_page = client.get(partner.get_absolute_url()).content.decode()
    assert group.get_absolute_url() in partner_page
    assert country.get_absolute_url() in partner_page
    assert event.get_absolute_url() in partner_page

    event_page = client.get(event.get_absolute_url()).content.decode()
    assert partner.get_absolute_url() in event_page
    assert group.get_absolute_url() in event_page
    assert country.get_absolute_url() in event_page


@pytest.mark.parametrize(
    "prefix,word", [("", "Partners"), ("/fr", "Partenaires"), ("/es", "Socios")]
)
def test_interface_is_translated(client, prefix, word):
    response = client.get(f"{prefix}/partners/")
    assert response.status_code == 200
    assert f">{word}</a>" in response.content.decode()


def test_user_text_is_escaped(client):
    partner = PartnerFactory(name="<script>alert(1)</script>", description="<b>bold</b>")
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html


def test_health_checks_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_admin_lists_every_model(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    for path in [
        "/admin/partners/partner/",
        "/admin/pathfinders/pathfindercountry/",
        "/admin/pathfinders/resource/",
        "/admin/actiongroups/actiongroup/",
        "/admin/actiongroups/workplan/",
        "/admin/events/event/",
        "/admin/common/theme/",
    ]:
        assert path in html
