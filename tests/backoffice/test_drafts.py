"""Drafts never reach the public: lists, pages, counts, feeds, exports, search, sitemap.

Staff preview a draft's page in the back office, with a banner, never cached.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actiongroups.enums import MemberRole
from partners.enums import OrganisationType
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ResourceFactory,
    ThemeFactory,
)
from tests.sitemap_helpers import all_sitemap_xml

pytestmark = pytest.mark.django_db

DRAFT = "Zanzibar draft"  # in the name of every draft record, never on a public page


@pytest.fixture
def world():
    """Published records, each with a draft counterpart linked to it."""
    theme = ThemeFactory(name="Forced labour", slug="forced-labour")
    published_partner = PartnerFactory(
        name="Public partner", slug="public-partner", themes=[theme], headquarters_country="KE"
    )
    draft_partner = PartnerFactory(
        name=f"{DRAFT} partner",
        slug="draft-partner",
        acronym="ZDP",
        organisation_type=OrganisationType.SURVIVOR_NETWORK,
        headquarters_country="TZ",
        themes=[theme],
        is_published=False,
    )
    group = ActionGroupFactory(name="Public group", slug="public-group")
    draft_group = ActionGroupFactory(name=f"{DRAFT} group", slug="draft-group", is_published=False)
    MembershipFactory(group=group, partner=published_partner, role=MemberRole.CHAIR)
    MembershipFactory(group=group, partner=draft_partner)
    MembershipFactory(group=draft_group, partner=published_partner)
    country = PathfinderCountryFactory(country="NP", name="Nepal", slug="nepal")
    draft_country = PathfinderCountryFactory(
        country="MW", name=f"{DRAFT} country", slug="draft-country", is_published=False
    )
    event = EventFactory(
        title="Public meeting",
        slug="public-meeting",
        action_group=group,
        hosts=[published_partner],
        pathfinder_countries=[country],
        country="NP",
    )
    draft_event = EventFactory(
        title=f"{DRAFT} event",
        slug="draft-event",
        action_group=group,
        hosts=[published_partner, draft_partner],
        pathfinder_countries=[country],
        country="NP",
        is_published=False,
    )
    past_draft = EventFactory(
        title=f"{DRAFT} past event",
        slug="draft-past-event",
        is_published=False,
        start=timezone.now() - timedelta(days=40),
        end=timezone.now() - timedelta(days=40) + timedelta(hours=2),
    )
    ResourceFactory(title=f"{DRAFT} resource", is_published=False)
    return {
        "partner": published_partner,
        "draft_partner": draft_partner,
        "group": group,
        "draft_group": draft_group,
        "country": country,
        "draft_country": draft_country,
        "event": event,
        "draft_event": draft_event,
        "past_draft": past_draft,
    }


PUBLIC_URLS = [
    "/",
    "/partners/",
    "/partners/?q=zanzibar",
    "/partners/?q=ZDP",
    "/partners/?type=survivor_network",
    "/partners/export.csv",
    "/partners/export.json",
    "/partners/export.csv?q=zanzibar",
    "/partners/public-partner/",
    "/pathfinders/",
    "/pathfinders/nepal/",
    "/action-groups/",
    "/action-groups/public-group/",
    "/events/",
    "/events/?when=past",
    "/events/?q=zanzibar",
    "/events/?view=month",
    "/events/calendar.ics",
    "/events/feed.atom",
    "/events/public-meeting/",
    "/fr/partners/",
    "/es/events/",
    "/sitemap.xml",
    "/sitemap-partners.xml",
    "/sitemap-pathfinders.xml",
    "/sitemap-action-groups.xml",
    "/sitemap-events.xml",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_draft_on_any_public_surface(client, world, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    assert DRAFT not in text, url
    for slug in ("draft-partner", "draft-group", "draft-country", "draft-event"):
        assert f"/{slug}/" not in text, url


@pytest.mark.parametrize(
    "url",
    [
        "/partners/draft-partner/",
        "/pathfinders/draft-country/",
        "/action-groups/draft-group/",
        "/events/draft-event/",
        "/events/draft-event/event.ics",
        "/fr/events/draft-event/",
    ],
)
def test_draft_pages_are_not_found(client, world, url):
    assert client.get(url).status_code == 404


def test_drafts_are_not_counted_in_facets(client, world):
    facets = {f.name: f for f in client.get("/partners/").context["facets"]}
    counts = {o.value: o.count for o in facets["type"].options}
    assert counts.get(OrganisationType.SURVIVOR_NETWORK, 0) == 0
    counts = {o.value: o.count for o in facets["country"].options}
    assert counts.get("TZ", 0) == 0
    counts = {o.value: o.count for o in facets["theme"].options}
    assert counts["forced-labour"] == 1
    assert "draft-group" not in {o.value for o in facets["group"].options}

    facets = {f.name: f for f in client.get("/events/").context["facets"]}
    counts = {o.value: o.count for o in facets["group"].options}
    assert counts["public-group"] == 1  # the published meeting only
    assert "draft-group" not in counts
    counts = {o.value: o.count for o in facets["host"].options}
    assert "draft-partner" not in counts
    assert counts["public-partner"] == 1

    facets = {f.name: f for f in client.get("/pathfinders/").context["facets"]}
    assert sum(o.count for o in facets["stage"].options) == 1


def test_home_counts_only_published(client, world):
    context = client.get("/").context
    assert context["partner_count"] == 1
    assert context["pathfinder_count"] == 1
    assert context["group_count"] == 1
    assert context["upcoming_event_count"] == 1


def test_sitemap_lists_published_pages_in_every_language(client, world):
    xml = all_sitemap_xml(client)
    for path in (
        "/partners/public-partner/",
        "/pathfinders/nepal/",
        "/action-groups/public-group/",
        "/events/public-meeting/",
    ):
        assert f"http://testserver{path}" in xml
        assert f"http://testserver/fr{path}" in xml
        assert f"http://testserver/es{path}" in xml
    assert 'hreflang="fr"' in xml


def test_publishing_makes_a_draft_public_and_unpublishing_hides_it(secretariat, world):
    client = Client()
    draft = world["draft_event"]
    changelist = reverse("admin:events_event_changelist")
    secretariat.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert client.get("/events/draft-event/").status_code == 200
    assert "/events/draft-event/" in all_sitemap_xml(client)
    secretariat.post(changelist, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    assert client.get("/events/draft-event/").status_code == 404


# -- preview ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key,model",
    [
        ("draft_partner", "partners_partner"),
        ("draft_country", "pathfinders_pathfindercountry"),
        ("draft_group", "actiongroups_actiongroup"),
        ("draft_event", "events_event"),
    ],
)
def test_staff_preview_a_draft_with_a_banner_never_cached(secretariat, world, key, model):
    obj = world[key]
    url = reverse(f"admin:{model}_preview", args=[obj.pk])
    response = secretariat.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft — not public" in html
    assert str(obj) in html or obj.name in html
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert html.count("<h1") == 1
    # Anonymous visitors are sent to the login page.
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]


def test_view_on_site_of_a_draft_leads_to_its_preview(secretariat, world):
    draft = world["draft_event"]
    html = secretariat.get(reverse("admin:events_event_change", args=[draft.pk])).content.decode()
    assert reverse("admin:events_event_preview", args=[draft.pk]) in html
    assert "Draft — not public" in html


def test_preview_of_a_published_page_says_so(secretariat, world):
    url = reverse("admin:events_event_preview", args=[world["event"].pk])
    html = secretariat.get(url).content.decode()
    assert "Draft — not public" not in html
    assert "Preview of a published page" in html


def test_a_previewed_draft_never_enters_the_public_page_cache(secretariat, world, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    secretariat.get(reverse("admin:events_event_preview", args=[world["draft_event"].pk]))
    # Staff browsing the public site with their session are not served from, nor fill, the cache.
    staff_view = secretariat.get("/events/")
    assert "X-Cache" not in staff_view
    anonymous = Client().get("/events/")
    assert anonymous["X-Cache"] == "miss"
    assert DRAFT not in anonymous.content.decode()


def test_settings_keep_sessions_short(db):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
