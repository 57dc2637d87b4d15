"""Events in French and Spanish (issue 15): feeds and the event page follow the page language;
an untranslated event falls back to English and says so."""

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(
        slug="atelier",
        title="Workshop on child labour",
        title_fr="Atelier sur le travail des enfants",
        title_es="Taller sobre trabajo infantil",
        description="About child labour.",
        description_fr="Sur le travail des enfants.",
    )


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("/fr", "Atelier sur le travail des enfants"),
        ("/es", "Taller sobre trabajo infantil"),
        ("", "Workshop on child labour"),
    ],
)
def test_atom_and_icalendar_follow_the_page_language(client, event, prefix, title):
    atom = client.get(f"{prefix}/events/feed.atom").content.decode()
    assert title in atom
    ics = client.get(f"{prefix}/events/calendar.ics").content.decode()
    assert title in ics.replace("\r\n ", "")


def test_event_page_in_french_has_no_notice_when_translated(client, event):
    html = client.get("/fr/events/atelier/").content.decode()
    assert "<h1>Atelier sur le travail des enfants</h1>" in html
    assert "pas encore disponible" not in html


def test_partly_translated_event_says_so_and_marks_the_english(client, event):
    html = client.get("/es/events/atelier/").content.decode()
    assert "<h1>Taller sobre trabajo infantil</h1>" in html
    assert "Esta página aún no está disponible en español" in html
    assert '<div class="prose" lang="en"><p>About child labour.</p></div>' in html
