"""The read API: the pages' filters and order, pagination, updated_since, facets, query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actiongroups.enums import MemberRole
from events.models import Event
from partners.models import Partner
from tests.factories import (
    ActionGroupFactory,
    AgendaItemFactory,
    EventFactory,
    MembershipFactory,
    MilestoneFactory,
    NextStepFactory,
    ObjectiveFactory,
    OutcomeFactory,
    OutputFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    PriorityFactory,
    ThemeFactory,
    WorkPlanFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/partners/",
    "/api/v1/pathfinders/",
    "/api/v1/action-groups/",
    "/api/v1/events/",
    "/api/v1/themes/",
    "/api/v1/countries/",
]


def test_done_when_partners_match_the_page_in_the_same_order(client, demo_content):
    query = "type=international_organisation&theme=child-labour"
    page = client.get(f"/partners/?{query}")
    on_page = [partner.slug for partner in page.context["page_obj"].object_list]
    body = client.get(f"/api/v1/partners/?{query}&page_size=100").json()
    assert [row["slug"] for row in body["results"]] == on_page
    assert body["count"] == page.context["page_obj"].paginator.count
    assert len(on_page) >= 2  # the comparison says something
    assert all(
        row["organisation_type"]["code"] == "international_organisation" for row in body["results"]
    )
    assert all(
        "child-labour" in [theme["slug"] for theme in row["themes"]] for row in body["results"]
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sort=-joined",
        "q=labour",
        "q=unicef",
        "region=europe",
        "country=np",
        "type=civil_society&type=workers_organisation",
    ],
)
def test_partner_order_is_the_directorys(client, demo_content, query):
    page = client.get(f"/partners/?{query}")
    assert not page.context["filterset"].input_errors
    on_page = [partner.slug for partner in page.context["page_obj"].object_list]
    body = client.get(f"/api/v1/partners/?{query}&page_size=24")
    assert [row["slug"] for row in body.json()["results"]] == on_page


def test_filters_or_within_and_across(client):
    child, forced = ThemeFactory(slug="child-labour"), ThemeFactory(slug="forced-labour")
    a = PartnerFactory(organisation_type="civil_society", themes=[child])
    b = PartnerFactory(organisation_type="civil_society", themes=[forced])
    PartnerFactory(organisation_type="workers_organisation", themes=[child])
    body = client.get(
        "/api/v1/partners/?type=civil_society&theme=child-labour&theme=forced-labour"
    ).json()
    assert {row["slug"] for row in body["results"]} == {a.slug, b.slug}


def test_only_published_content(client):
    PartnerFactory(slug="draft", is_published=False)
    PathfinderCountryFactory(slug="draft-country", is_published=False)
    ActionGroupFactory(slug="draft-group", is_published=False)
    EventFactory(slug="draft-event", is_published=False)
    for url in LISTS[:4]:
        assert client.get(url).json()["count"] == 0, url
    for url in (
        "/api/v1/partners/draft/",
        "/api/v1/pathfinders/draft-country/",
        "/api/v1/action-groups/draft-group/",
        "/api/v1/events/draft-event/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_pagination_totals_and_links(client):
    for n in range(5):
        PartnerFactory(name=f"Org {n}")
    body = client.get("/api/v1/partners/?page_size=2&page=2").json()
    assert body["count"] == 5
    assert [row["name"] for row in body["results"]] == ["Org 2", "Org 3"]
    assert body["next"].endswith("/api/v1/partners/?page=3&page_size=2")
    assert body["previous"].startswith("http://testserver/api/v1/partners/?")
    last = client.get("/api/v1/partners/?page_size=2&page=3").json()
    assert last["next"] is None and len(last["results"]) == 1


def test_updated_since_returns_only_later_changes(client):
    old, new = PartnerFactory(name="Old"), PartnerFactory(name="New")
    long_ago = timezone.now() - timedelta(days=30)
    Partner.objects.filter(pk=old.pk).update(updated_at=long_ago)
    since = (long_ago + timedelta(days=1)).isoformat()
    body = client.get("/api/v1/partners/", {"updated_since": since}).json()
    assert [row["slug"] for row in body["results"]] == [new.slug]
    before = client.get("/api/v1/partners/", {"updated_since": "2000-01-01"}).json()
    assert before["count"] == 2
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(updated_at=long_ago)
    assert client.get("/api/v1/events/", {"updated_since": since}).json()["count"] == 0


def test_facets_on_request(client):
    theme = ThemeFactory(slug="child-labour", name="Child labour")
    PartnerFactory(organisation_type="civil_society", themes=[theme])
    PartnerFactory(organisation_type="workers_organisation")
    plain = client.get("/api/v1/partners/").json()
    assert "facets" not in plain
    body = client.get("/api/v1/partners/?facets=true&type=civil_society").json()
    facets = {facet["name"]: facet for facet in body["facets"]}
    types = {option["value"]: option for option in facets["type"]["options"]}
    # Counted under the *other* filters, as on the page: one type picked, the others still counted.
    assert types["civil_society"]["count"] == 1 and types["civil_society"]["selected"]
    assert types["workers_organisation"]["count"] == 1
    assert facets["theme"]["options"] == [
        {"value": "child-labour", "label": "Child labour", "count": 1, "selected": False}
    ]


def test_lang_translates_labels(client):
    PartnerFactory(organisation_type="workers_organisation", headquarters_country="CH")
    row = client.get("/api/v1/partners/?lang=fr").json()["results"][0]
    assert row["organisation_type"]["code"] == "workers_organisation"
    assert row["headquarters"]["name"] == "Suisse"
    row = client.get("/api/v1/partners/?lang=es").json()["results"][0]
    assert row["headquarters"]["name"] == "Suiza"


def test_themes_and_countries_with_counts(client):
    theme = ThemeFactory(slug="child-labour")
    PartnerFactory(themes=[theme], headquarters_country="FR", countries=["NP"])
    PartnerFactory(themes=[theme], is_published=False, headquarters_country="DE")
    EventFactory(tags=[theme], country="NP")
    PathfinderCountryFactory(country="NP", slug="nepal")
    themes = client.get("/api/v1/themes/").json()["results"]
    assert themes[0]["slug"] == "child-labour"
    assert (themes[0]["partner_count"], themes[0]["event_count"]) == (1, 1)
    countries = {row["code"]: row for row in client.get("/api/v1/countries/").json()["results"]}
    assert set(countries) == {"FR", "NP"}  # the draft's Germany does not appear
    assert countries["NP"]["partner_count"] == 1
    assert countries["NP"]["event_count"] == 1
    assert countries["NP"]["pathfinder"] == "nepal"


def test_nested_records(client, demo_content):
    nepal = client.get("/api/v1/pathfinders/nepal/").json()
    assert nepal["priorities"] and nepal["milestones"]
    assert client.get("/api/v1/pathfinders/uganda/").json()["next_steps"]
    assert nepal["url"].endswith("/pathfinders/nepal/")
    assert nepal["api_url"].endswith("/api/v1/pathfinders/nepal/")
    group = client.get("/api/v1/action-groups/supply-chains/").json()
    assert group["chairs"] and group["work_plans"]
    assert all(chair["role"]["code"] in ("chair", "co_chair") for chair in group["chairs"])
    members = client.get(group["members_url"]).json()
    assert members["count"] == group["member_count"] >= len(group["chairs"])
    assert all(
        "supply-chains" in [m["group"]["slug"] for m in row["action_groups"]]
        for row in members["results"]
    )
    event = client.get("/api/v1/events/5th-gcg-meeting-new-york-2019/").json()
    assert event["agenda"] and event["start"].endswith("Z")


# -- bounded work ------------------------------------------------------------------------------


def _make_partner(theme, group, i):
    partner = PartnerFactory(themes=[theme], countries=["NP", "KE"])
    MembershipFactory(group=group, partner=partner, role=MemberRole.MEMBER)


def _make_pathfinder(theme, group, i):
    country = PathfinderCountryFactory(country=["NP", "AL", "CL", "FJ", "MG"][i])
    PriorityFactory(country=country).themes.set([theme])
    NextStepFactory(country=country)
    MilestoneFactory(country=country)


def _make_group(theme, group, i):
    new = ActionGroupFactory()
    new.themes.set([theme])
    MembershipFactory(group=new, role=MemberRole.CHAIR)
    MembershipFactory(group=new)
    OutputFactory(objective=ObjectiveFactory(work_plan=WorkPlanFactory(group=new)))


def _make_event(theme, group, i):
    event = EventFactory(tags=[theme], hosts=[PartnerFactory()], action_group=group)
    AgendaItemFactory(event=event)
    OutcomeFactory(event=event)
    event.pathfinder_countries.set([PathfinderCountryFactory(country=["NP", "AL", "CL"][i % 3])])


def _make_theme(theme, group, i):
    PartnerFactory(themes=[ThemeFactory()], headquarters_country=["NP", "KE", "FR", "DE", "BR"][i])


MAKERS = {
    "/api/v1/partners/?facets=true": _make_partner,
    "/api/v1/pathfinders/?facets=true": _make_pathfinder,
    "/api/v1/action-groups/": _make_group,
    "/api/v1/events/?facets=true": _make_event,
    "/api/v1/themes/": _make_theme,
    "/api/v1/countries/": _make_theme,
}


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("url", MAKERS)
def test_query_count_is_constant_in_page_size(client, url):
    theme, group = ThemeFactory(slug="child-labour"), ActionGroupFactory(slug="base-group")
    MAKERS[url](theme, group, 0)
    one, count_one = _queries(client, url)
    for i in range(1, 5):
        MAKERS[url](theme, group, i)
    many, count_many = _queries(client, url)
    assert count_many > count_one
    assert many == one, f"{url}: {one} queries for one row, {many} for several"
