"""Facet counts are computed once per content version and filter combination, then reused."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ActionGroupFactory, EventFactory, MembershipFactory, PartnerFactory
from tests.partners.factories import rich_partners

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _count_cache_on(settings):
    settings.FACET_COUNT_CACHE_SECONDS = 600
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every request renders: only the counts are reused


def fetch(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response, len(queries)


def counts(response):
    return {
        facet.name: {option.value: option.count for option in facet.options}
        for facet in response.context["facets"]
    }


def breakdown(response):
    summary = response.context["breakdown"]
    return summary["total"], [(bar.value, bar.count) for bar in summary["types"]]


def test_second_directory_request_reuses_the_counts(client, settings):
    settings.PAGE_SIZE = 2
    rich_partners(3, organisation_type="government")
    PartnerFactory(organisation_type="academia", headquarters_country="FR")
    url = reverse("partners:list")
    first, first_queries = fetch(client, url, {"theme": "child-labour"})
    # Another page and another order of the same result: the same counts, without recounting.
    second, second_queries = fetch(
        client, url, {"theme": "child-labour", "page": 2, "sort": "joined"}
    )
    assert second_queries < first_queries
    assert counts(second) == counts(first)
    assert counts(first)["type"]["government"] == 3
    assert breakdown(second) == breakdown(first) == (3, [("government", 3)])


def test_a_logged_in_editor_reuses_the_counts_of_visitors(client, settings):
    rich_partners(2)
    url = reverse("partners:list")
    anonymous, anonymous_queries = fetch(client, url)
    editor = get_user_model().objects.create_user("editor", password="x" * 16, is_staff=True)
    client.force_login(editor)
    logged_in, logged_in_queries = fetch(client, url)
    client.logout()
    # Logging in created rows of its own (a user, a session) but changed no content.
    assert counts(logged_in) == counts(anonymous)
    fresh, fresh_queries = fetch(client, url, {"page": 1})
    assert counts(fresh) == counts(anonymous)
    assert fresh_queries < anonymous_queries


def test_a_content_change_recounts(client):
    rich_partners(2, organisation_type="government")
    url = reverse("partners:list")
    before, _ = fetch(client, url)
    assert counts(before)["type"].get("academia", 0) == 0
    PartnerFactory(organisation_type="academia")  # a save: a new content version
    after, after_queries = fetch(client, url)
    assert counts(after)["type"]["academia"] == 1
    assert breakdown(after)[0] == 3
    again, again_queries = fetch(client, url)
    assert again_queries < after_queries


@pytest.mark.parametrize("url", ["/partners/", "/fr/partners/", "/events/", "/es/pathfinders/"])
def test_after_a_committed_change_the_first_request_finds_the_counts_warm(
    client, django_capture_on_commit_callbacks, url
):
    rich_partners(2, organisation_type="government")
    EventFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        PartnerFactory(organisation_type="academia")  # the commit warms the unfiltered counts
    first, first_queries = fetch(client, url)
    later, later_queries = fetch(client, url)
    # The first visitor after the change pays what every later one does: nothing is regrouped.
    assert first_queries == later_queries
    assert counts(first) == counts(later)
    if "partners" in url:
        assert counts(first)["type"]["academia"] == 1  # counted after the change, not before


def test_without_the_commit_the_first_request_counts_itself(client):
    """The opposite case, so the test above can fail: cold counts cost the first request."""
    rich_partners(2)
    _first, first_queries = fetch(client, "/partners/")
    _later, later_queries = fetch(client, "/partners/")
    assert first_queries > later_queries


def test_a_request_waits_for_counts_another_is_computing(client, settings):
    """The lock is held (another worker counting): the request takes the counts it stored."""
    from django.core.cache import cache

    from partners.selectors import directory_filterset

    settings.FACET_COUNT_WAIT_SECONDS = 0.2
    rich_partners(2, organisation_type="government")
    key = directory_filterset(QueryDict()).count_cache_key()
    stored = directory_filterset(QueryDict()).compute_counts()
    stored["type"]["government"] = 99  # what the other worker stored: visibly not recounted
    cache.add(key + ":counting", 1, 5)
    cache.set(key, stored, 60)
    response = client.get("/partners/")
    assert counts(response)["type"]["government"] == 99
    cache.delete(key)
    # Nobody stores them within the wait: the request counts them itself.
    fresh = client.get("/partners/")
    assert counts(fresh)["type"]["government"] == 2


def test_different_filters_are_counted_apart(client):
    rich_partners(2, organisation_type="government")
    PartnerFactory(organisation_type="academia", headquarters_country="FR")
    url = reverse("partners:list")
    everyone, _ = fetch(client, url)
    academia, _ = fetch(client, url, {"type": "academia"})
    assert counts(everyone)["country"]["NP"] == 2
    assert counts(academia)["country"].get("NP", 0) == 0
    assert counts(academia)["country"]["FR"] == 1


def test_second_events_request_reuses_the_counts(client):
    EventFactory.create_batch(3)
    url = reverse("events:list")
    first, first_queries = fetch(client, url)
    second, second_queries = fetch(client, url, {"page": 1})
    assert second_queries < first_queries
    assert counts(second) == counts(first)


# -- broad searches ------------------------------------------------------------------------------

BROAD_NOTE = "Not counted for a search this broad"


def theme_facet(response):
    return next(facet for facet in response.context["facets"] if facet.name == "theme")


def test_a_broad_search_skips_the_theme_and_group_counts_and_says_so(client, settings):
    settings.FACET_COUNT_CACHE_SECONDS = 0  # every request counts afresh
    rich_partners(3, description="Fights forced labour.")
    url = reverse("partners:list")
    settings.BROAD_SEARCH_COUNT_LIMIT = 10
    counted, counted_queries = fetch(client, url, {"q": "labour"})
    settings.BROAD_SEARCH_COUNT_LIMIT = 2
    broad, broad_queries = fetch(client, url, {"q": "labour"})
    assert broad_queries < counted_queries
    assert BROAD_NOTE not in counted.content.decode()
    html = broad.content.decode()
    assert html.count(BROAD_NOTE) == 2  # themes and action groups
    facet = theme_facet(broad)
    assert not facet.counted
    # Every theme can still be chosen, shown without a number.
    assert [option.value for option in facet.visible_options] == ["child-labour", "supply-chains"]
    assert 'value="child-labour"' in html
    assert "Child labour <span" not in html
    assert counts(broad)["type"] == counts(counted)["type"]  # the other facets are counted
    assert theme_facet(counted).counted


def test_a_narrow_search_and_an_unsearched_list_count_every_facet(client, settings):
    settings.BROAD_SEARCH_COUNT_LIMIT = 2
    rich_partners(3, description="Fights forced labour.")
    PartnerFactory(description="Recruits fairly.")
    url = reverse("partners:list")
    narrow, _ = fetch(client, url, {"q": "fairly"})
    everyone, _ = fetch(client, url)
    assert theme_facet(narrow).counted and theme_facet(everyone).counted
    assert counts(everyone)["theme"]["child-labour"] == 3


def test_the_api_says_which_facets_a_broad_search_left_uncounted(client, settings):
    settings.BROAD_SEARCH_COUNT_LIMIT = 2
    rich_partners(3, description="Fights forced labour.")
    body = client.get("/api/v1/partners/", {"facets": "true", "q": "labour"}).json()
    facets = {facet["name"]: facet for facet in body["facets"]}
    assert facets["theme"]["counted"] is False
    assert {option["count"] for option in facets["theme"]["options"]} == {None}
    assert len(facets["theme"]["options"]) == 2
    assert facets["type"]["counted"] is True
    assert facets["type"]["options"][0]["count"] == 3


def test_group_member_counts_are_kept_per_content_version(client):
    """The groups page and the API count members once per content version, and a published
    or unpublished partner shows in the next count."""
    group = ActionGroupFactory(slug="counted")
    members = [PartnerFactory() for _ in range(3)]
    for partner in members:
        MembershipFactory(group=group, partner=partner)
    hidden = PartnerFactory(is_published=False)
    MembershipFactory(group=group, partner=hidden)

    def shown(response):
        return next(g.member_count for g in response.context["groups"] if g.pk == group.pk)

    first, first_queries = fetch(client, reverse("actiongroups:list"))
    again, again_queries = fetch(client, reverse("actiongroups:list"))
    assert shown(first) == shown(again) == 3
    assert again_queries < first_queries
    api = client.get("/api/v1/action-groups/").json()["results"]
    assert [row["member_count"] for row in api if row["slug"] == "counted"] == [3]

    hidden.is_published = True
    hidden.save()
    assert shown(fetch(client, reverse("actiongroups:list"))[0]) == 4
    members[0].delete()
    members[1].memberships.all().delete()
    assert shown(fetch(client, reverse("actiongroups:list"))[0]) == 2
    MembershipFactory(group=group, partner=PartnerFactory())
    assert shown(fetch(client, reverse("actiongroups:list"))[0]) == 3
    api = client.get("/api/v1/action-groups/").json()["results"]
    assert [row["member_count"] for row in api if row["slug"] == "counted"] == [3]


def test_api_countries_are_counted_once_per_content_version_and_language(client):
    PartnerFactory(headquarters_country="FR", countries=["NP"])

    def rows(prefix=""):
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/v1/countries/", {"lang": prefix} if prefix else {}).json()
        return {row["code"]: row for row in body["results"]}, len(queries)

    first, first_queries = rows()
    again, again_queries = rows()
    assert again == first and again_queries < first_queries
    assert first["NP"]["partner_count"] == 1
    assert rows("fr")[0]["FR"]["name"] == "France"
    assert rows("es")[0]["FR"]["name"] == "Francia"  # each language its own names
    PartnerFactory(headquarters_country="NP")
    assert rows()[0]["NP"]["partner_count"] == 2
