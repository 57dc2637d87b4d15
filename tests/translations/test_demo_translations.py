"""The demo content in French and Spanish (issue 15, item 5): what the data files translate is
loaded with the demo, read on the French and Spanish pages, and applied once to a database
loaded before, never over the Secretariat's edits."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from actiongroups.models import ActionGroup
from alliance87.demo_translations import TRANSLATIONS_DIR
from alliance87.models import DemoLoad
from alliance87.services import DEMO_VERSION, load_demo_file
from common.models import Theme
from pathfinders.models import PathfinderCountry, Priority, Resource
from tests.conftest import DEMO_FILE
from tests.helpers import main_text
from translations.models import TranslationState

pytestmark = pytest.mark.django_db

MADAGASCAR_EN = "Strengthening the capacity and resources of labour inspectors"
MADAGASCAR_FR = "Renforcer les capacités et les ressources des inspecteurs du travail"
CHILE_EN = "Strengthen the knowledge base on child labour and on trafficking in persons"
CHILE_ES = (
    "Fortalecer la base de conocimientos sobre el trabajo infantil y sobre la trata de personas"
)


def entries(language):
    data = json.loads((TRANSLATIONS_DIR / f"{language}.json").read_text(encoding="utf-8"))
    assert data["language"] == language
    return data["entries"]


def test_the_french_madagascar_hub_reads_in_french(demo_content, client):
    page = main_text(client.get("/fr/pathfinders/madagascar/"))
    assert MADAGASCAR_FR in page
    assert MADAGASCAR_EN not in page
    assert "Pôle national sur la situation de la traite des êtres humains" in page


def test_the_spanish_chile_hub_reads_in_spanish(demo_content, client):
    page = main_text(client.get("/es/pathfinders/chile/"))
    assert CHILE_ES in page
    assert CHILE_EN not in page
    assert "Hoja de ruta adoptada tras el taller nacional de estrategia (marzo de 2019)" in page


def test_the_english_hubs_stay_in_english(demo_content, client):
    assert MADAGASCAR_EN in main_text(client.get("/pathfinders/madagascar/"))
    assert MADAGASCAR_FR not in main_text(client.get("/pathfinders/madagascar/"))
    # Madagascar's hub is not translated into Spanish: it falls back to English.
    assert MADAGASCAR_EN in main_text(client.get("/es/pathfinders/madagascar/"))


def test_every_theme_action_group_and_resource_has_french_and_spanish(demo_content):
    for model, fields in (
        (Theme, ("name", "description")),
        (ActionGroup, ("name",)),
        (Resource, ("title",)),
    ):
        for record in model.objects.all():
            for name in fields:
                for language in ("fr", "es"):
                    assert getattr(record, f"{name}_{language}"), (record, name, language)
    assert Theme.objects.get(slug="child-labour").name_fr == "Travail des enfants"
    assert Theme.objects.get(slug="child-labour").name_es == "Trabajo infantil"


def test_the_hubs_are_translated_into_their_countrys_language_only(demo_content):
    def translated(slug, language):
        country = PathfinderCountry.objects.get(slug=slug)
        priorities = Priority.objects.filter(country=country)
        return bool(getattr(country, f"summary_{language}")) and all(
            getattr(p, f"text_{language}") for p in priorities
        )

    for slug in ("madagascar", "mauritania", "tunisia", "morocco"):
        assert translated(slug, "fr") and not translated(slug, "es")
    for slug in ("chile", "peru", "mexico"):
        assert translated(slug, "es") and not translated(slug, "fr")
    assert not PathfinderCountry.objects.get(slug="nepal").summary_fr


def test_every_entry_of_the_data_files_is_applied_to_the_demo(demo_content):
    """Each entry names a demo record, a translated field and its English exactly."""
    assert demo_content.created["translations"] == len(entries("fr")) + len(entries("es"))
    assert TranslationState.objects.count() == demo_content.created["translations"]
    # Recorded as made from today's English and awaiting a reviewer.
    assert not TranslationState.objects.filter(stale=True).exists()
    assert not TranslationState.objects.filter(reviewed=True).exists()


def test_the_translations_keep_the_packs_order_and_count(demo_content):
    for slug, language in (("tunisia", "fr"), ("chile", "es")):
        priorities = Priority.objects.filter(country__slug=slug).order_by("order")
        texts = [getattr(p, f"text_{language}") for p in priorities]
        wanted = [
            e["text"]
            for e in entries(language)
            if e["model"] == "pathfinders.Priority"
            and e["key"]["country__slug"] == slug
            and e["field"] == "text"
        ]
        assert texts == wanted and len(set(texts)) == len(texts)


def load_without_translations():
    load_demo_file(DEMO_FILE, translations=None)
    DemoLoad.objects.update(version=1)  # loaded before issue 15


def run_upgrade() -> str:
    out = StringIO()
    call_command("upgrade_demo", stdout=out)
    return out.getvalue()


def test_upgrade_applies_the_translations_once():
    load_without_translations()
    assert not Theme.objects.get(slug="child-labour").name_fr
    output = run_upgrade()
    count = len(entries("fr")) + len(entries("es"))
    assert f"Applied {count} corrections and translations" in output
    assert "Left alone" not in output
    assert Priority.objects.get(country__slug="madagascar", order=1).text_fr == MADAGASCAR_FR
    assert DemoLoad.objects.get().version == DEMO_VERSION
    # Deleted by the Secretariat afterwards: a second run does not bring it back.
    theme = Theme.objects.get(slug="child-labour")
    theme.name_fr = ""
    theme.save()
    assert "already has every correction" in run_upgrade()
    assert not Theme.objects.get(slug="child-labour").name_fr


def test_upgrade_leaves_the_secretariats_edits_alone_and_lists_them():
    load_without_translations()
    edited = Priority.objects.get(country__slug="madagascar", order=1)
    edited.text_en = "Our own wording of the first priority."
    edited.save()
    theme = Theme.objects.get(slug="education")
    theme.name_fr = "Éducation et formation"
    theme.save()
    output = run_upgrade()
    assert "Left alone (2)" in output
    assert "English edited since it was loaded" in output
    assert "already translated differently" in output
    edited.refresh_from_db()
    theme.refresh_from_db()
    assert edited.text_fr is None or edited.text_fr == ""
    assert theme.name_fr == "Éducation et formation"
    assert Priority.objects.get(country__slug="madagascar", order=2).text_fr.startswith("Mener")
