"""Export one language's missing and outdated texts for a translator, import the translated
file back: a preview first, then exactly what the file translates, with history; a bad file is
refused with a clear message and changes nothing."""

import re

import polib
import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from partners.models import Partner
from tests.factories import ObjectiveFactory, WorkPlanFactory
from tests.helpers import main_text
from translations.registry import segments

pytestmark = pytest.mark.django_db

EXPORT = "admin:translations_translationstate_export"
IMPORT = "admin:translations_translationstate_import"
ILO_FR = "Préside le Groupe d’action de l’Alliance 8.7 sur les chaînes d’approvisionnement."


def every_text():
    """Every translated column of every record, English included."""
    found = {}
    for segment in segments():
        columns = [segment.column(code) for code in ("en", "fr", "es")]
        for row in segment.model._base_manager.values("pk", *columns):
            for column in columns:
                found[(segment.model.__name__, row["pk"], column)] = row[column]
    return found


def export(client, language="fr", file_format="po", area=""):
    response = client.get(
        reverse(EXPORT), {"language": language, "format": file_format, "area": area}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def ilo_context_prefix():
    return f"partners.partner:{Partner.objects.get(slug='ilo').pk}:description:"


def translate_one(po_bytes: bytes, text=ILO_FR) -> bytes:
    po = polib.pofile(po_bytes.decode("utf-8"))
    [entry] = [e for e in po if e.msgctxt.startswith(ilo_context_prefix())]
    entry.msgstr = text
    return str(po).encode("utf-8")


def preview(client, content: bytes, language="fr", name="translated.po"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post(reverse(IMPORT), {"language": language, "file": upload})
    assert response.status_code == 200
    return response


def payload_of(response) -> str:
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)


def test_po_round_trip_changes_exactly_one_field_of_one_row_with_history(
    demo_content, secretariat, secretariat_user
):
    exported = export(secretariat)
    assert ilo_context_prefix().encode() in exported
    before = every_text()
    shown = preview(secretariat, translate_one(exported))
    page = main_text(shown)
    assert "1 translation would change." in page
    assert ILO_FR in page
    assert every_text() == before  # the preview writes nothing
    response = secretariat.post(reverse(IMPORT), {"payload": payload_of(shown), "_apply": "1"})
    assert response.status_code == 302
    after = every_text()
    ilo = Partner.objects.get(slug="ilo")
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {("Partner", ilo.pk, "description_fr")}
    assert after[("Partner", ilo.pk, "description_fr")] == ILO_FR
    # History: the partner's versions end with the import's revision, by the importer.
    latest = Version.objects.get_for_object(ilo).first()
    assert latest.revision.user == secretariat_user
    assert "Imported 1 French translation from" in latest.revision.get_comment()
    assert latest.field_dict["description_fr"] == ILO_FR
    assert LogEntry.objects.filter(object_id=str(ilo.pk), user=secretariat_user).exists()
    # The history page says so.
    history = secretariat.get(reverse("admin:partners_partner_history", args=[ilo.pk]))
    assert "Imported 1 French translation from" in history.content.decode()


def test_the_imported_translation_is_up_to_date_and_leaves_the_export(demo_content, secretariat):
    shown = preview(secretariat, translate_one(export(secretariat)))
    secretariat.post(reverse(IMPORT), {"payload": payload_of(shown), "_apply": "1"})
    assert ilo_context_prefix().encode() not in export(secretariat)


def test_xliff_round_trip(demo_content, secretariat):
    exported = export(secretariat, "es", "xliff", "partners").decode("utf-8")
    assert 'target-language="es"' in exported and "<xliff" in exported
    ilo = Partner.objects.get(slug="ilo")
    unit_id = rf"partners\.partner:{ilo.pk}:description:[0-9a-f]{{16}}"
    pattern = rf'(<trans-unit id="{unit_id}">.*?<target)( ?/>)'
    unit = re.search(pattern, exported, re.S)
    translated = exported.replace(unit.group(0), unit.group(1) + ">Preside el grupo.</target>")
    shown = preview(secretariat, translated.encode("utf-8"), "es", "translated.xlf")
    assert "1 translation would change." in main_text(shown)
    secretariat.post(reverse(IMPORT), {"payload": payload_of(shown), "_apply": "1"})
    assert Partner.objects.get(slug="ilo").description_es == "Preside el grupo."


def refused(client, content, language="fr"):
    before = every_text()
    response = preview(client, content, language)
    assert every_text() == before
    assert "payload" not in response.content.decode()
    assert "Nothing was imported" in main_text(response)
    return main_text(response)


def test_a_file_that_is_not_po_is_refused(demo_content, secretariat):
    assert "not UTF-8 text" in refused(secretariat, b"%PDF-1.7\n\xff\xfe\x00\x01binary")
    assert "not a readable PO file" in refused(secretariat, b"Dear translator,\nhere it is.\n")


def test_ten_thousand_characters_of_junk_are_refused(demo_content, secretariat):
    assert "not a readable PO file" in refused(secretariat, b"x" * 10_000)
    assert "not a readable XML file" in refused(secretariat, b"<" + b"junk" * 2_500)


def test_a_file_in_another_language_is_refused(demo_content, secretariat):
    text = refused(secretariat, translate_one(export(secretariat, "fr")), language="es")
    assert "The file is in “fr”, not in Spanish" in text


def test_unknown_record_ids_are_refused(demo_content, secretariat):
    content = translate_one(export(secretariat)).decode("utf-8")
    ilo = Partner.objects.get(slug="ilo")
    content = content.replace(f"partners.partner:{ilo.pk}:", "partners.partner:987654321:")
    assert "names a record that does not exist" in refused(secretariat, content.encode())
    foreign = content.replace("partners.partner:987654321:", "auth.user:1:")
    assert "not one this portal exported" in refused(secretariat, foreign.encode())


def test_a_stale_source_is_refused(demo_content, secretariat):
    content = translate_one(export(secretariat))
    ilo = Partner.objects.get(slug="ilo")
    ilo.description_en = "A newer English description."
    ilo.save()
    assert "English text changed after the export" in refused(secretariat, content)


def test_a_tampered_english_text_is_refused(demo_content, secretariat):
    po = polib.pofile(translate_one(export(secretariat)).decode("utf-8"))
    [entry] = [e for e in po if e.msgctxt.startswith(ilo_context_prefix())]
    entry.msgid = "Something else entirely."
    text = refused(secretariat, str(po).encode("utf-8"))
    assert "its English text was changed in the file" in text


def test_a_file_without_any_translation_is_refused(demo_content, secretariat):
    assert "nothing to import" in refused(secretariat, export(secretariat))


def test_a_tampered_apply_step_changes_nothing(demo_content, secretariat):
    shown = preview(secretariat, translate_one(export(secretariat)))
    before = every_text()
    response = secretariat.post(
        reverse(IMPORT), {"payload": payload_of(shown)[:-4] + "abcd", "_apply": "1"}
    )
    assert response.status_code == 200
    assert "could not be read back" in main_text(response)
    assert every_text() == before


def test_a_change_between_preview_and_apply_writes_nothing(demo_content, secretariat):
    shown = preview(secretariat, translate_one(export(secretariat)))
    ilo = Partner.objects.get(slug="ilo")
    ilo.description_en = "Changed while the preview was open."
    ilo.save()
    before = every_text()
    response = secretariat.post(reverse(IMPORT), {"payload": payload_of(shown), "_apply": "1"})
    assert response.status_code == 200
    assert "English text changed after the export" in main_text(response)
    assert every_text() == before


def test_only_editors_with_the_permission_may_export_or_import(
    demo_content, client, django_user_model
):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse(EXPORT), {"language": "fr", "format": "po"}).status_code == 403
    assert client.get(reverse(IMPORT)).status_code == 403


def test_the_export_costs_the_same_queries_for_one_row_or_many(secretariat):
    """Objectives are named with their work plan's group: fetched with them, not per row."""

    def count():
        with CaptureQueriesContext(connection) as queries:
            content = export(secretariat, area="action_groups")
        return len(queries), content.count(b"msgctxt")

    ObjectiveFactory(work_plan=WorkPlanFactory(), title="Research")
    count()  # content types are cached after the first request
    few, entries_few = count()
    for _ in range(3):
        ObjectiveFactory(work_plan=WorkPlanFactory(), title="Advocacy")
    many, entries_many = count()
    assert entries_many > entries_few
    assert many == few
