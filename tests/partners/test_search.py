"""Search: the same behaviour on both backends, plus what only PostgreSQL does."""

import pytest
from django.db import connection
from django.urls import reverse

from partners import search
from partners.models import Partner
from tests.factories import PartnerFactory

from .helpers import filterset, on_postgres, on_sqlite, slugs

pytestmark = pytest.mark.django_db


def found(query):
    return slugs(Partner.objects.published().search(query))


@pytest.fixture
def partners():
    PartnerFactory(
        slug="ci-government",
        name="Government of Côte d'Ivoire",
        acronym="",
        headquarters_country="CI",
        description="Hosted the workshop in Abidjan.",
    )
    PartnerFactory(
        slug="ilo",
        name="International Labour Organization",
        acronym="ILO",
        headquarters_country="CH",
        description="Chairs the Supply Chains Action Group.",
    )
    PartnerFactory(
        slug="march",
        name="Global March Against Child Labour",
        acronym="",
        headquarters_country="IN",
        description="Works with the ILO on child labour.",
    )
    PartnerFactory(
        slug="sodertalje",
        name="Søder Network",
        acronym="",
        headquarters_country="SE",
        description="100% volunteers; ÉTUDES & données.",
    )


def test_normalise_lowercases_and_strips_accents():
    assert search.normalise("Côte d'Ivoire") == "cote d'ivoire"
    assert search.normalise("ÉTUDES Søder Œuvre straße") == "etudes soder oeuvre strasse"


def test_terms_keep_only_letters_and_digits():
    assert search.terms("'; DROP TABLE partners; --") == ["drop", "table", "partners"]
    assert search.terms("%_\\") == []
    assert search.terms("a_b") == ["a", "b"]
    assert len(search.terms("word " * 100)) == search.MAX_TERMS


def test_search_text_is_kept_up_to_date_on_save(partners):
    partner = Partner.objects.get(slug="ilo")
    assert partner.search_text.startswith("international labour organization ilo")
    assert "switzerland" in partner.search_text and "suiza" in partner.search_text
    partner.name = "Organización Internacional del Trabajo"
    partner.save(update_fields=["name"])
    partner.refresh_from_db()
    assert partner.search_text.startswith("organizacion internacional del trabajo")


@pytest.mark.parametrize(
    "query,expected",
    [
        ("cote d'ivoire", ["ci-government"]),
        ("CÔTE D’IVOIRE", ["ci-government"]),
        ("costa de marfil", ["ci-government"]),  # the country's name in Spanish
        ("ILO", ["ilo", "march"]),
        ("child labour", ["march"]),
        ("labour", ["ilo", "march"]),
        ("soder", ["sodertalje"]),
        ("études", ["sodertalje"]),
        ("100", ["sodertalje"]),
        ("abidjan workshop", ["ci-government"]),
        ("labour abidjan", []),  # every word must match
    ],
)
def test_search_matches_words_whatever_their_accents_and_case(partners, query, expected):
    assert found(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "'",
        '"',
        "%",
        "_",
        "\\",
        "' OR 1=1 --",
        "'; DROP TABLE partners_partner; --",
        "ilo' AND '1'='1",
        "labour & | ! :* ()",
        "<script>alert(1)</script>",
        "日本語 العربية 🙂",
        "x" * 10_000,
    ],
)
def test_awkward_searches_never_fail(client, partners, query):
    response = client.get(reverse("partners:list"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Partner.objects.count() == 4


def test_percent_and_underscore_are_not_wildcards(partners):
    assert found("100%") == ["sodertalje"]
    assert found("labour_") == ["ilo", "march"]  # "_" separates words, it matches no letter
    assert filterset("q=%25").qs.count() == 4  # nothing to search: reported and ignored


def test_best_match_comes_first(client, partners):
    response = client.get(reverse("partners:list"), {"q": "ilo"})
    html = response.content.decode()
    assert html.index("/partners/ilo/") < html.index("/partners/march/")


@on_sqlite
def test_sqlite_does_not_guess_misspellings(partners):
    assert found("labur") == []


@on_postgres
def test_postgres_extensions_trigger_and_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'partners_partner'"
        )
        indexes = dict(cursor.fetchall())
    assert {"unaccent", "pg_trgm"} <= extensions
    assert "USING gin (search_vector)" in indexes["partners_partner_search_vector_gin"]
    assert "lower((name)::text) gin_trgm_ops" in indexes["partners_partner_name_trgm"]


@on_postgres
def test_postgres_trigger_fills_the_search_vector(partners):
    ilo = Partner.objects.get(slug="ilo")
    assert "'ilo':" in str(ilo.search_vector)
    Partner.objects.bulk_create(
        [Partner(name="Bulk Ünïon", slug="bulk", organisation_type="business")]
    )
    assert "'bulk':1A" in str(Partner.objects.get(slug="bulk").search_vector)
    assert "'union':2A" in str(Partner.objects.get(slug="bulk").search_vector)


@on_postgres
def test_postgres_uses_the_gin_index_for_the_search(partners):
    plan = search.plan(Partner.objects.all(), "labour")
    queryset = plan.filter(Partner.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        explained = queryset.explain()
        cursor.execute("RESET enable_seqscan")
    assert "partners_partner_search_vector_gin" in explained


@on_postgres
def test_postgres_tolerates_small_typos_when_nothing_matches_exactly(partners):
    plan = search.plan(Partner.objects.all(), "Internatonal Labur")
    assert plan.fuzzy
    assert "ilo" in slugs(plan.filter(Partner.objects.all()))
    assert not search.plan(Partner.objects.all(), "labour").fuzzy


@on_postgres
def test_postgres_typo_note_is_shown(client, partners):
    html = client.get(reverse("partners:list"), {"q": "labur"}).content.decode()
    assert "close spellings" in html
    assert "/partners/ilo/" in html


@on_postgres
def test_postgres_ranks_the_name_above_the_description(partners):
    plan = search.plan(Partner.objects.all(), "ilo")
    ranked = plan.filter(Partner.objects.all()).annotate(rank=plan.rank()).order_by("-rank")
    assert [p.slug for p in ranked] == ["ilo", "march"]
