"""/search/ on /fr/ and /es/ (issue 15): every area matches the text the page shows, i.e. the
translation, else English, with the language's little words dropped and words stemmed."""

import pytest

from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ThemeFactory,
)

from .test_search import areas, slugs

pytestmark = pytest.mark.django_db


def test_french_search_finds_translated_records_in_every_area(client):
    PartnerFactory(slug="march", description="Child labour.", description_fr="Travail des enfants.")
    EventFactory(slug="atelier", title="Workshop", title_fr="Atelier sur le travail des enfants")
    country = PathfinderCountryFactory(country="MG", slug="madagascar", summary="Priorities.")
    country.summary_fr = "Éliminer le travail des enfants."
    country.save()
    ThemeFactory(slug="child-labour", name="Child labour", name_fr="Travail des enfants")
    found = areas(client.get("/fr/search/", {"q": "travail des enfant"}))
    assert slugs(found["partners"]) == ["march"]
    assert slugs(found["events"]) == ["atelier"]
    assert slugs(found["pathfinders"]) == ["madagascar"]
    assert slugs(found["themes"]) == ["child-labour"]


def test_untranslated_records_are_found_by_their_english_text(client):
    event = EventFactory(slug="abidjan", title="Workshop in Abidjan")
    AgendaItemFactory(event=event, title="Panel on recruitment fees")
    found = areas(client.get("/es/search/", {"q": "recruitment"}))
    assert slugs(found["events"]) == ["abidjan"]


def test_english_pages_do_not_search_translations(client):
    EventFactory(slug="atelier", title="Workshop", title_fr="Atelier")
    found = areas(client.get("/search/", {"q": "atelier"}))
    assert slugs(found.get("events", [])) == []
