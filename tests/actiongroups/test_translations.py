"""Every interface string of the app has a French and a Spanish translation, none fuzzy."""

import ast
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "actiongroups" / "locale"


def entries(path):
    """(msgid, [msgstr...], flags) for each entry of a .po file."""
    result, block = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            result.append(block)
        block = []
    parsed = []
    for block in result:
        flags = " ".join(line for line in block if line.startswith("#,"))
        fields, key = {}, None
        for line in block:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, rest = line.split(" ", 1)
                fields[key] = ast.literal_eval(rest)
        strs = [value for name, value in fields.items() if name.startswith("msgstr")]
        parsed.append((fields.get("msgid"), strs, flags))
    return parsed


@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogue_is_complete_compiled_and_not_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1
    catalogue = entries(po)
    assert len(catalogue) > 100
    for msgid, strs, flags in catalogue:
        assert "fuzzy" not in flags, msgid
        if msgid:
            assert strs and all(strs), f"untranslated: {msgid!r}"
