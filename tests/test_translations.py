"""Every interface string has a French and a Spanish translation, and the compiled catalogues
(.mo, committed so users need no gettext) match their sources (.po)."""

import gettext
from pathlib import Path

import pytest

from tests.helpers import po_entries

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path for path in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def test_catalogues_exist_for_both_languages():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"fr", "es"} <= languages
    for app in ["partners", "pathfinders", "actiongroups", "events"]:
        assert (ROOT / app / "locale" / "fr" / "LC_MESSAGES" / "django.po").exists(), app
        assert (ROOT / app / "locale" / "es" / "LC_MESSAGES" / "django.po").exists(), app


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated_and_compiled(po_path):
    compiled = gettext.GNUTranslations(po_path.with_suffix(".mo").open("rb"))
    problems = []
    for entry in po_entries(po_path):
        context, msgid, plural, strings = entry.context, entry.msgid, entry.plural, entry.strings
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {msgid!r}")
        if not all(strings):
            problems.append(f"untranslated: {msgid!r}")
            continue
        if plural:
            got = (
                compiled.npgettext(context, msgid, plural, 1)
                if context
                else compiled.ngettext(msgid, plural, 1)
            )
        else:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        if got != strings[0]:
            problems.append(f".mo out of date for {msgid!r}")
    assert problems == []
