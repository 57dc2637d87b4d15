"""Search per language (issue 15): /fr/ and /es/ match the translated description with that
language's stemming and accent folding, on SQLite and on PostgreSQL, ranked as in English."""

import pytest
from django.db import connection
from django.utils import translation

from partners import search
from partners.models import Partner
from tests.factories import PartnerFactory

from .helpers import on_postgres, slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    PartnerFactory(
        slug="march",
        name="Global March Against Child Labour",
        acronym="",
        description="Campaigns against child labour in supply chains.",
        description_fr=(
            "Campagnes contre le travail des enfants dans les chaînes d'approvisionnement."
        ),
        description_es="Campañas contra el trabajo infantil de niños y niñas.",
    )
    PartnerFactory(
        slug="untranslated",
        name="Walk Free",
        acronym="",
        description="Measures modern slavery.",
    )
    PartnerFactory(
        slug="other",
        name="Office of Statistics",
        acronym="",
        description="Counts households.",
        description_fr="Compte les ménages; l'enfant n'est pas concerné.",
    )


def found(query, language):
    with translation.override(language):
        return slugs(Partner.objects.published().search(query))


def test_french_search_finds_the_french_description(partners):
    assert found("travail des enfants", "fr") == ["march"]
    # Stemming: the singular finds the plural; accents folded both ways.
    assert found("enfant", "fr") == ["march", "other"]
    assert found("chaines approvisionnement", "fr") == ["march"]
    assert found("CHAÎNE", "fr") == ["march"]


def test_french_words_are_not_searched_on_english_pages(partners):
    assert found("travail des enfants", "en") == []
    assert found("child labour", "en") == ["march"]


def test_spanish_search_finds_the_spanish_description(partners):
    assert found("trabajo infantil", "es") == ["march"]
    assert found("niño", "es") == ["march"]
    assert found("ninos", "es") == ["march"]


def test_untranslated_description_is_searched_in_english_on_french_pages(partners):
    # The page shows the English text (marked as such), so the search finds it too.
    assert found("slavery", "fr") == ["untranslated"]
    assert found("Walk Free", "es") == ["untranslated"]


def test_editing_a_translation_refreshes_that_language_search(partners):
    partner = Partner.objects.get(slug="untranslated")
    partner.description_fr = "Mesure l'esclavage moderne."
    partner.save(update_fields=["description_fr"])
    assert found("esclavage", "fr") == ["untranslated"]
    assert found("slavery", "fr") == []
    assert found("slavery", "en") == ["untranslated"]


def test_stemming_and_little_words():
    assert search.stem("enfants", "fr") == "enfant"
    assert search.stem("ninos", "es") == "nino"
    assert search.stem("labour", "en") == "labour"
    assert search.language_terms("le travail des enfants", "fr") == ["travail", "enfant"]
    # A query of little words only is still searched (not turned into "everything").
    assert search.language_terms("des", "fr") == ["des"]


def test_french_page_finds_the_partner(client, partners):
    response = client.get("/fr/partners/", {"q": "travail des enfants"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "/fr/partners/march/" in html
    assert "/fr/partners/other/" not in html


def test_spanish_page_finds_the_partner(client, partners):
    html = client.get("/es/partners/", {"q": "trabajo infantil"}).content.decode()
    assert "/es/partners/march/" in html


@on_postgres
def test_postgres_language_vectors_use_the_language_configuration(partners):
    march = Partner.objects.get(slug="march")
    assert "'enfant'" in str(march.search_vector_fr)
    assert "'trabaj'" in str(march.search_vector_es) or "'trabajo'" in str(march.search_vector_es)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'partners_partner'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"partners_partner_search_vector_fr_gin", "partners_partner_search_vector_es_gin"} <= (
        indexes
    )


@on_postgres
def test_postgres_french_ranks_the_name_above_the_description(partners):
    PartnerFactory(slug="enfants", name="Enfants du Monde", acronym="", description="Aid.")
    with translation.override("fr"):
        plan = search.plan(Partner.objects.all(), "enfants")
        ranked = plan.filter(Partner.objects.all()).annotate(rank=plan.rank()).order_by("-rank")
        assert [p.slug for p in ranked][0] == "enfants"
        assert set(slugs(ranked)) == {"enfants", "march", "other"}
