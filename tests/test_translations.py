"""Every interface string has a French and a Spanish translation, and the compiled catalogues
(.mo, committed so users need no gettext) match their sources (.po)."""

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path for path in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def entries(po_path):
    """(msgctxt, msgid, msgid_plural, [msgstr...], flags) for each live entry of a .po file."""
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        strings = [value for key, value in fields.items() if key.startswith("msgstr")]
        yield fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strings, flags


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
    for context, msgid, plural, strings, flags in entries(po_path):
        if "fuzzy" in flags:
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
