"""Bring a database loaded with earlier demo content up to the corrected briefing pack.

The corrections (data/demo_corrections.json) name each demo record, the field, its old demo
value and the corrected one. A correction is applied only where the record still holds the old
value, so whatever the Secretariat edited, renamed or deleted stays exactly as it is; the
report says what was corrected and what was left alone and why. Applying them twice changes
nothing: DemoLoad.version records the corrections already applied. Version 2 adds the demo's
French and Spanish (alliance87/demo_translations.py), with the same rule: only where the English
is still the demo's and the field is not translated yet.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.apps import apps
from django.db import transaction

from common.models import Theme
from events.models import Event, EventParticipation
from partners.models import Partner
from pathfinders.models import Priority, Resource

from .demo_translations import TRANSLATIONS_DIR, apply_demo_translations
from .models import DemoLoad
from .services import DEMO_VERSION, TRANSLATIONS_VERSION, _holds_content

CORRECTIONS_FILE = Path(__file__).parent / "data" / "demo_corrections.json"


@dataclass
class UpgradeReport:
    applied: int = 0
    left_alone: list[str] = field(default_factory=list)
    status: str = "upgraded"  # or "current", "no_demo"

    def skip(self, what: str, why: str):
        self.left_alone.append(f"{what}: {why}")


def _plain(value):
    """A field value as the corrections file writes it (dates as ISO text, countries as codes)."""
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "code"):
        return value.code or ""
    return value


def _describe(model, lookup) -> str:
    return f"{model._meta.verbose_name} {', '.join(str(v)[:60] for v in lookup.values())}"


def _fix_field(row, report):
    model = apps.get_model(row["model"])
    what = f"{_describe(model, row['lookup'])} ({row['field']})"
    record = model.objects.filter(**row["lookup"]).first()
    if record is None:
        return report.skip(what, "not found (deleted or renamed)")
    expected = {row["field"]: row["old"], **row.get("when", {})}
    if any(_plain(getattr(record, name)) != value for name, value in expected.items()):
        return report.skip(what, "edited since it was loaded")
    setattr(record, row["field"], row["new"])
    record.save()
    report.applied += 1


def _remove(row, report):
    model = apps.get_model(row["model"])
    deleted, _ = model.objects.filter(**row["lookup"]).delete()
    if deleted:
        report.applied += 1
    else:
        report.skip(_describe(model, row["lookup"]), "already gone")


def _event_organisations(row, report):
    what = f"event {row['slug']} (organisations and roles)"
    event = Event.objects.filter(slug=row["slug"]).first()
    if event is None:
        return report.skip(what, "not found (deleted or renamed)")
    current = sorted(
        [slug, role] for slug, role in event.participations.values_list("partner__slug", "role")
    )
    if current != row["old"]:
        return report.skip(what, "edited since it was loaded")
    partners = Partner.objects.in_bulk([slug for slug, _role in row["new"]], field_name="slug")
    missing = sorted({slug for slug, _role in row["new"]} - set(partners))
    if missing:
        return report.skip(what, f"organisations not found: {', '.join(missing)}")
    event.participations.all().delete()
    EventParticipation.objects.bulk_create(
        EventParticipation(event=event, partner=partners[slug], role=role)
        for slug, role in row["new"]
    )
    report.applied += 1


def _priority_themes(row, report):
    what = f"priority of {row['country']} “{row['text'][:50]}…” (themes)"
    priority = Priority.objects.filter(country__slug=row["country"], text=row["text"]).first()
    if priority is None:
        return report.skip(what, "not found (deleted or edited)")
    if sorted(priority.themes.values_list("slug", flat=True)) != row["old"]:
        return report.skip(what, "edited since it was loaded")
    themes = list(Theme.objects.filter(slug__in=row["new"]))
    if len(themes) != len(row["new"]):
        return report.skip(what, "a theme was deleted or renamed")
    priority.themes.set(themes)
    report.applied += 1


def _add(row, report):
    values = row["row"]
    if Resource.objects.filter(title=values["title"]).exists():
        return report.skip(f"resource {values['title']}", "already present")
    order = (Resource.objects.filter(kind=values["kind"]).count() or 0) + 1
    Resource.objects.create(**values, order=order)
    report.applied += 1


SETS = {"event_organisations": _event_organisations, "priority_themes": _priority_themes}


@transaction.atomic
def upgrade_demo(
    path: Path = CORRECTIONS_FILE, translations: Path = TRANSLATIONS_DIR
) -> UpgradeReport:
    report = UpgradeReport()
    marker = DemoLoad.objects.select_for_update().order_by("pk").first()
    if marker is None:
        if not _holds_content():
            report.status = "no_demo"
            return report
        marker = DemoLoad.objects.create(source="briefing_pack.json", version=0, adopted=True)
    if marker.version >= DEMO_VERSION:
        report.status = "current"
        return report
    corrections = json.loads(path.read_text(encoding="utf-8"))
    if marker.version < corrections["version"]:
        _apply_corrections(corrections, report)
    if marker.version < TRANSLATIONS_VERSION:
        translated = apply_demo_translations(translations)
        report.applied += translated.applied
        report.left_alone.extend(translated.left_alone)
    marker.version = max(corrections["version"], DEMO_VERSION)
    marker.save(update_fields=["version"])
    return report


def _apply_corrections(corrections, report):
    for row in corrections["removals"]:
        _remove(row, report)
    for row in corrections["sets"]:
        SETS[row["kind"]](row, report)
    for row in corrections["fields"]:
        _fix_field(row, report)
    for row in corrections["added"]:
        _add(row, report)
