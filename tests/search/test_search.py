"""One search across the portal: grouped by area, counted, ranked, accent-insensitive, bounded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ActionGroupFactory,
    AgendaItemFactory,
    EventFactory,
    NextStepFactory,
    ObjectiveFactory,
    OutputFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    PriorityFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db


def areas(response):
    return {area.key: area for area in response.context["results"].areas}


def slugs(area):
    return [getattr(hit, "slug", None) or getattr(hit, "title", None) for hit in area.hits]


def test_done_when_fair_recruitment_finds_nepal_partners_and_events(client, demo_content):
    response = client.get("/search/?q=fair+recruitment")
    assert response.status_code == 200
    found = areas(response)
    # What the demo content actually says: Nepal's summary, IOM's description, the Abidjan
    # workshop's agenda and outcomes, the Supply Chains group's outputs, the theme itself.
    assert "nepal" in slugs(found["pathfinders"])
    assert "iom" in slugs(found["partners"])
    assert "supply-chains-action-group-2nd-global-workshop-abidjan-2019" in slugs(found["events"])
    assert "supply-chains" in slugs(found["groups"])
    assert "fair-recruitment" in slugs(found["themes"])
    html = response.content.decode()
    assert 'href="/pathfinders/nepal/"' in html
    assert 'Pathfinder countries <span class="count">(' in html


def test_every_word_must_match_somewhere_in_the_record_or_its_rows(client):
    country = PathfinderCountryFactory(country="NP", slug="nepal", summary="Bilateral agreements")
    PriorityFactory(country=country, text="Ending bonded labour")
    NextStepFactory(country=country, text="A survey of brick kilns")
    PathfinderCountryFactory(country="AL", slug="albania", summary="Bonded labour survey")
    group = ActionGroupFactory(slug="supply", mandate="Supply chains")
    OutputFactory(objective=ObjectiveFactory(work_plan__group=group), title="Recruitment pilots")
    event = EventFactory(slug="abidjan", title="Workshop", description="")
    AgendaItemFactory(event=event, title="Panel on recruitment fees")
    found = areas(client.get("/search/?q=kilns+bonded"))
    assert slugs(found["pathfinders"]) == ["nepal"]
    found = areas(client.get("/search/?q=recruitment"))
    assert slugs(found["groups"]) == ["supply"]
    assert slugs(found["events"]) == ["abidjan"]


def test_accents_and_case_are_ignored_both_ways(client):
    EventFactory(slug="abidjan", title="Atelier à Abidjan, Côte d'Ivoire")
    PartnerFactory(slug="cote", name="Réseau ivoirien", description="Côte d'Ivoire")
    for query in ("cote d'ivoire", "CÔTE", "côte d’ivoire"):
        found = areas(client.get("/search/", {"q": query}))
        assert slugs(found["events"]) == ["abidjan"], query
        assert slugs(found["partners"]) == ["cote"], query


def test_ranked_title_first(client):
    EventFactory(slug="mentions", title="Annual meeting", description="On child labour in mines")
    EventFactory(slug="titled", title="Child labour in mines", description="")
    assert slugs(areas(client.get("/search/?q=child+labour"))["events"]) == [
        "titled",
        "mentions",
    ]


def test_drafts_are_never_found(client):
    PartnerFactory(name="Hidden recruitment", is_published=False)
    EventFactory(title="Hidden recruitment", is_published=False)
    PathfinderCountryFactory(summary="Hidden recruitment", is_published=False)
    ActionGroupFactory(mandate="Hidden recruitment", is_published=False)
    ResourceFactory(title="Hidden recruitment", is_published=False)
    response = client.get("/search/?q=hidden+recruitment")
    assert response.context["results"].total == 0
    assert "Nothing on the portal matches" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["", "%", "' OR 1=1 --", "x" * 10_000, "<script>alert(1)</script>", "_", "\\"]
)
def test_bad_input_is_never_an_error(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_long_query_is_cut_and_said(client):
    response = client.get("/search/", {"q": "labour " * 1500})
    assert "cut to its first 200 characters" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
def test_query_count_does_not_grow_with_results(prefix, client):
    def make(n):
        for i in range(n):
            PartnerFactory(description="forced labour")
            EventFactory(title="Forced labour")
            ResourceFactory(title=f"Forced labour note {n}-{i}")
            ActionGroupFactory(mandate="forced labour")

    make(1)
    one = _queries(client, prefix + "/search/?q=forced+labour")
    make(12)  # more than a page of hits in every area
    assert _queries(client, prefix + "/search/?q=forced+labour") == one


def test_header_search_box_on_every_page(client):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html
    assert 'action="/fr/search/"' in client.get("/fr/").content.decode()


def test_in_each_language(client, demo_content):
    response = client.get("/fr/search/?q=fair+recruitment")
    assert response["Content-Language"] == "fr"
    html = response.content.decode()
    assert "Rechercher dans le portail" in html and "Pays pionniers" in html
    html = client.get("/es/search/?q=fair+recruitment").content.decode()
    assert "Buscar en el portal" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="close spellings: PostgreSQL only")
def test_close_spellings_on_postgresql(client):
    EventFactory(slug="recruitment", title="Fair recruitment workshop")
    ActionGroupFactory(slug="supply", name="Supply chains")
    response = client.get("/search/?q=recrutment")
    assert slugs(areas(response)["events"]) == ["recruitment"]
    assert "showing close spellings" in response.content.decode()
    assert slugs(areas(client.get("/search/?q=suply+chains"))["groups"]) == ["supply"]
