"""Every interface string of the app has a French and a Spanish translation, none fuzzy."""

from pathlib import Path

import pytest

from tests.helpers import po_entries

LOCALE = Path(__file__).resolve().parents[2] / "actiongroups" / "locale"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogue_is_complete_compiled_and_not_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1
    catalogue = po_entries(po)
    assert len(catalogue) > 100
    for entry in catalogue:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert entry.strings and all(entry.strings), f"untranslated: {entry.msgid!r}"
