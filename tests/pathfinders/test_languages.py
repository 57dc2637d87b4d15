"""A pathfinder hub in French (issue 15): translated content reads in French; a hub with text
not yet translated says so and marks that text as English."""

import pytest

from tests.factories import PathfinderCountryFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def madagascar():
    country = PathfinderCountryFactory(
        country="MG",
        name="Madagascar",
        slug="madagascar",
        summary="Pathfinder since 2018.",
        summary_fr="Pays pionnier depuis 2018.",
    )
    PriorityFactory(
        country=country,
        heading="Child labour",
        heading_fr="Travail des enfants",
        text="Ending child labour in vanilla.",
        text_fr="Éliminer le travail des enfants dans la vanille.",
    )
    return country


def test_translated_hub_reads_in_french_without_notice(client, madagascar):
    html = client.get("/fr/pathfinders/madagascar/").content.decode()
    assert "Pays pionnier depuis 2018." in html
    assert "<span>Éliminer le travail des enfants dans la vanille.</span>" in html
    assert "pas encore disponible" not in html
    assert "Ending child labour" not in html


def test_untranslated_priority_says_so_and_is_marked(client, madagascar):
    PriorityFactory(country=madagascar, heading="", text="Fair recruitment of migrants.")
    html = client.get("/fr/pathfinders/madagascar/").content.decode()
    assert "Cette page n’est pas encore disponible en français" in html
    assert '<span lang="en">Fair recruitment of migrants.</span>' in html
