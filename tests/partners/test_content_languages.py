"""The directory in French and Spanish (issue 15): translated themes and groups everywhere on the
page (facets, chips, card tags), the description in the page's language, and an untranslated
partner that falls back to English and says so."""

import json
import re

import pytest

from tests.factories import ActionGroupFactory, MembershipFactory, PartnerFactory, ThemeFactory
from tests.helpers import main_text

pytestmark = pytest.mark.django_db

THEMES = {
    "child-labour": ("Child labour", "Travail des enfants", "Trabajo infantil"),
    "forced-labour": ("Forced labour", "Travail forcé", "Trabajo forzoso"),
    "supply-chains": ("Supply chains", "Chaînes d'approvisionnement", "Cadenas de suministro"),
}


@pytest.fixture
def directory():
    themes = [
        ThemeFactory(slug=slug, name=en, name_fr=fr, name_es=es)
        for slug, (en, fr, es) in THEMES.items()
    ]
    group = ActionGroupFactory(
        slug="supply-chains",
        name="Supply Chains Action Group",
        name_fr="Groupe d'action sur les chaînes d'approvisionnement",
        name_es="Grupo de acción sobre cadenas de suministro",
    )
    translated = PartnerFactory(
        slug="march",
        name="Global March Against Child Labour",
        description="Campaigns against child labour.",
        description_fr="Campagnes contre le travail des enfants.",
        description_es="Campañas contra el trabajo infantil.",
        themes=themes,
    )
    MembershipFactory(group=group, partner=translated)
    PartnerFactory(
        slug="walk-free", name="Walk Free", description="Measures modern slavery.", themes=themes
    )


@pytest.mark.parametrize("prefix", ["/fr", "/es"])
@pytest.mark.parametrize(
    "params", [{}, {"theme": "child-labour"}, {"theme": "forced-labour", "group": "supply-chains"}]
)
def test_no_theme_facet_chip_or_card_tag_in_english(client, directory, prefix, params):
    response = client.get(f"{prefix}/partners/", params)
    assert response.status_code == 200
    text = main_text(response)
    for english, french, spanish in THEMES.values():
        assert english not in text
        assert (french if prefix == "/fr" else spanish) in text
    assert "Supply Chains Action Group" not in text
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    # Nothing on the list is marked as English: every theme and group is translated.
    assert ' lang="en"' not in main


def test_english_directory_is_unchanged(client, directory):
    text = main_text(client.get("/partners/", {"theme": "child-labour"}))
    assert "Child labour" in text
    assert "Travail des enfants" not in text


def test_untranslated_theme_falls_back_to_english_and_is_marked(client, directory):
    slavery = ThemeFactory(slug="slavery", name="Modern slavery")
    PartnerFactory(slug="anti-slavery", name="Anti-Slavery", themes=[slavery])
    html = client.get("/fr/partners/").content.decode()
    assert re.search(r'<li lang="en">Modern slavery</li>', html)


@pytest.mark.parametrize(
    ("prefix", "text", "notice"),
    [
        ("/fr", "Campagnes contre le travail des enfants.", "pas encore disponible en français"),
        ("/es", "Campañas contra el trabajo infantil.", "aún no está disponible en español"),
    ],
)
def test_translated_partner_reads_in_its_language(client, directory, prefix, text, notice):
    response = client.get(f"{prefix}/partners/march/")
    html = response.content.decode()
    assert text in main_text(response)
    assert "Campaigns against child labour." not in html
    assert notice not in html
    assert '<div class="prose">' in html


@pytest.mark.parametrize(
    ("prefix", "notice"),
    [
        ("/fr", "Cette page n’est pas encore disponible en français"),
        ("/es", "Esta página aún no está disponible en español"),
    ],
)
def test_untranslated_partner_says_so_and_marks_the_english(client, directory, prefix, notice):
    html = client.get(f"{prefix}/partners/walk-free/").content.decode()
    assert notice in html
    assert '<div class="prose" lang="en"><p>Measures modern slavery.</p></div>' in html


def test_english_page_has_no_notice(client, directory):
    html = client.get("/partners/walk-free/").content.decode()
    assert "not yet available" not in html
    assert 'lang="en"><p>' not in html


def test_slugs_and_urls_are_the_same_in_every_language(client, directory):
    for prefix in ("", "/fr", "/es"):
        assert client.get(f"{prefix}/partners/march/").status_code == 200


@pytest.mark.parametrize(
    ("prefix", "theme", "group"),
    [
        ("/fr", "Travail des enfants", "Groupe d'action sur les chaînes d'approvisionnement"),
        ("/es", "Trabajo infantil", "Grupo de acción sobre cadenas de suministro"),
        ("", "Child labour", "Supply Chains Action Group"),
    ],
)
def test_exports_follow_the_page_language(client, directory, prefix, theme, group):
    response = client.get(f"{prefix}/partners/export.csv")
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert theme in csv_text
    assert group in csv_text
    response = client.get(f"{prefix}/partners/export.json")
    body = json.loads(b"".join(response.streaming_content))
    rows = body["partners"] if isinstance(body, dict) else body
    march = next(row for row in rows if row["url"].endswith("/march/"))
    assert {"slug": "child-labour", "name": theme} in march["themes"]


def test_theme_facet_is_sorted_by_the_name_shown(directory):
    from django.utils import translation

    from tests.partners.helpers import filterset

    ThemeFactory(slug="bonded-labour", name="Bonded labour")  # not translated: sorts as shown
    with translation.override("fr"):
        choices = [label for _slug, label in filterset().form.fields["theme"].choices]
    assert choices == [
        "Bonded labour",
        "Chaînes d'approvisionnement",
        "Travail des enfants",
        "Travail forcé",
    ]
