"""Which records and fields are translated, by area of the portal.

The translatable fields are the ones registered with django-modeltranslation (each app's
translation.py); this module only groups them by the areas the Secretariat works in and says,
for a row that has no admin page of its own (a priority, an agenda item), which record's page
shows it. English is the source language; the others are the translations.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = "en"

# Area slug: (label, app label), in the back office's order.
AREAS = {
    "partners": (_("Partners"), "partners"),
    "pathfinders": (_("Pathfinder countries"), "pathfinders"),
    "action_groups": (_("Action groups"), "actiongroups"),
    "events": (_("Events"), "events"),
    "themes": (_("Themes"), "common"),
}

# Rows edited inside another record's page: the path to that record.
OWNERS = {
    "pathfinders.priority": "country",
    "pathfinders.nextstep": "country",
    "pathfinders.milestone": "country",
    "events.agendaitem": "event",
    "events.outcome": "event",
    "actiongroups.objective": "work_plan",
    "actiongroups.output": "objective__work_plan",
}

# What a row's name and its owner's name read (a work plan is named after its group): fetched
# with the row, so a page or an export costs the same queries for 1 row or 5 000.
SHOWN_WITH = {
    "actiongroups.workplan": "group",
    "actiongroups.objective": "work_plan__group",
    "actiongroups.output": "objective__work_plan__group",
}


@dataclass(frozen=True)
class Segment:
    """One translatable field of one model, in one area."""

    area: str
    model: type
    field: str

    @property
    def label(self) -> str:
        return str(self.model._meta.get_field(self.field).verbose_name)

    @property
    def source_column(self) -> str:
        return build_localized_fieldname(self.field, SOURCE_LANGUAGE)

    def column(self, language: str) -> str:
        return build_localized_fieldname(self.field, language)

    @property
    def owner_path(self) -> str | None:
        return OWNERS.get(model_key(self.model))

    @property
    def related(self) -> list[str]:
        key = model_key(self.model)
        return [path for path in (OWNERS.get(key), SHOWN_WITH.get(key)) if path]


def model_key(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def target_languages() -> list[tuple[str, str]]:
    """(code, name) of every language content is translated into."""
    return [(code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def area_of(model) -> str | None:
    for slug, (_label, app_label) in AREAS.items():
        if model._meta.app_label == app_label:
            return slug
    return None


def translatable_fields(model) -> list[str]:
    if model not in translator.get_registered_models(abstract=False):
        return []
    return sorted(translator.get_options_for_model(model).all_fields)


def segments(area: str | None = None) -> list[Segment]:
    """Every translatable field, areas in order, then model and field names."""
    found = []
    for model in translator.get_registered_models(abstract=False):
        model_area = area_of(model)
        if model_area is None or (area and model_area != area):
            continue
        found.extend(Segment(model_area, model, field) for field in translatable_fields(model))
    order = list(AREAS)
    return sorted(found, key=lambda s: (order.index(s.area), s.model._meta.model_name, s.field))


def models_by_key() -> dict[str, type]:
    return {model_key(s.model): s.model for s in segments()}


def owner_of(instance):
    """The record whose admin page shows this row (itself for top-level records)."""
    path = OWNERS.get(model_key(type(instance)))
    if not path:
        return instance
    for step in path.split("__"):
        instance = getattr(instance, step)
    return instance
