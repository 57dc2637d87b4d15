"""The demo content's French and Spanish (fixtures/translations/<language>.json, issue 15).

Each entry names a record (model and natural key), a field, the English text it translates
(`source`) and the translation. It is written only where the record's English is still that
text and the field has no translation in that language yet: a record the Secretariat edited,
renamed, deleted or translated differently is left alone and listed. Saving through the model
records each translation's state (translations.signals), so the Translations view knows what
it was made from. Run by the demo load in its transaction, and once by `upgrade_demo` on a
database loaded before (DemoLoad.version).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from translations.registry import SOURCE_LANGUAGE, translatable_fields

TRANSLATIONS_DIR = Path(settings.BASE_DIR) / "fixtures" / "translations"


@dataclass
class TranslationLoad:
    applied: int = 0
    left_alone: list[str] = field(default_factory=list)


def _lookup(model, key: dict) -> dict:
    """The natural key, on the English column for a translated field (a resource's title)."""
    translated = set(translatable_fields(model))
    return {
        (build_localized_fieldname(name, SOURCE_LANGUAGE) if name in translated else name): value
        for name, value in key.items()
    }


def _describe(entry, language) -> str:
    key = ", ".join(str(value)[:50] for value in entry["key"].values())
    return f"{entry['model']} {key} ({entry['field']}, {language})"


def apply_entry(entry: dict, language: str, result: TranslationLoad):
    model = apps.get_model(entry["model"])
    name = entry["field"]
    if name not in translatable_fields(model):
        result.left_alone.append(f"{_describe(entry, language)}: not a translated field")
        return
    record = model._base_manager.filter(**_lookup(model, entry["key"])).first()
    if record is None:
        result.left_alone.append(f"{_describe(entry, language)}: not found (deleted or renamed)")
        return
    if getattr(record, build_localized_fieldname(name, SOURCE_LANGUAGE)) != entry["source"]:
        result.left_alone.append(
            f"{_describe(entry, language)}: English edited since it was loaded"
        )
        return
    column = build_localized_fieldname(name, language)
    current = getattr(record, column) or ""
    if current == entry["text"]:
        return
    if current:
        result.left_alone.append(f"{_describe(entry, language)}: already translated differently")
        return
    setattr(record, column, entry["text"])
    record.save(update_fields=[column])
    result.applied += 1


def apply_demo_translations(directory: Path = TRANSLATIONS_DIR) -> TranslationLoad:
    result = TranslationLoad()
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data["entries"]:
            apply_entry(entry, data["language"], result)
    return result
