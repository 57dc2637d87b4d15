"""Each translation records the English it was made from, so the Translations view can tell a
translation older than its English (translations.signals, on every save)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import Theme
from tests.factories import PartnerFactory, ThemeFactory
from translations.models import TranslationState, source_hash
from translations.services import mark_reviewed

pytestmark = pytest.mark.django_db


def state_of(record, field="name", language="fr"):
    return TranslationState.objects.filter(
        object_id=record.pk, field=field, language=language
    ).first()


def test_a_translation_saved_records_the_english_it_was_made_from():
    theme = ThemeFactory(name="Child labour")
    assert state_of(theme) is None  # nothing translated yet: missing, no state
    theme.name_fr = "Travail des enfants"
    theme.save()
    state = state_of(theme)
    assert state.source_hash == source_hash("Child labour")
    assert not state.stale and not state.reviewed
    assert state_of(theme, language="es") is None


def test_changing_the_english_makes_the_translation_outdated_and_back():
    theme = ThemeFactory(name="Child labour")
    theme.name_fr = "Travail des enfants"
    theme.save()
    theme.name_en = "Child labour (all forms)"
    theme.save()
    assert state_of(theme).stale
    theme.name_en = "Child labour"
    theme.save()
    assert not state_of(theme).stale


def test_a_translator_saving_a_new_translation_brings_it_up_to_date():
    theme = ThemeFactory(name="Child labour")
    theme.name_fr = "Travail des enfants"
    theme.save()
    theme.name_en = "Child labour (all forms)"
    theme.save()
    theme = Theme.objects.get(pk=theme.pk)
    theme.name_fr = "Travail des enfants (toutes formes)"
    theme.save()
    state = state_of(theme)
    assert not state.stale and state.source_hash == source_hash("Child labour (all forms)")


def test_marking_reviewed_accepts_the_translation_for_todays_english(django_user_model):
    reviewer = django_user_model.objects.create_user("reviewer")
    theme = ThemeFactory(name="Child labour")
    theme.name_fr = "Travail des enfants"
    theme.save()
    theme.name_en = "Child labour, all forms"
    theme.save()
    state = mark_reviewed(state_of(theme), reviewer)
    assert state.reviewed and not state.stale and state.reviewed_by == reviewer
    # A later change of the English makes it outdated again and no longer reviewed.
    theme.name_en = "Child labour and its worst forms"
    theme.save()
    state.refresh_from_db()
    assert state.stale and not state.reviewed and state.reviewed_by is None


def test_emptying_a_translation_or_deleting_the_record_forgets_its_state():
    partner = PartnerFactory(description="Works on Target 8.7.")
    partner.description_es = "Trabaja en la meta 8.7."
    partner.save()
    assert state_of(partner, "description", "es")
    partner.description_es = ""
    partner.save()
    assert state_of(partner, "description", "es") is None
    partner.description_es = "Trabaja en la meta 8.7."
    partner.save()
    partner.delete()
    assert not TranslationState.objects.exists()


def test_a_save_that_touches_no_text_costs_no_translation_queries():
    partner = PartnerFactory()
    with CaptureQueriesContext(connection) as queries:
        partner.save(update_fields=["website"])
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "translations_translationstate" not in sql
    assert "description_fr" not in sql  # the stored texts are not read either
