"""Importing a translator's file: check everything first, then write it all in one transaction.

`check()` reads nothing but the file and the records it names (one query per kind of record)
and reports, per entry, what would change or why it cannot; the whole file is refused while any
entry has an error. `apply()` runs the same checks again inside the transaction, saves each
changed field through the model (so the translation's state records the English it was made
from) and records one django-reversion revision with a comment, each record in the admin log.
"""

from dataclasses import dataclass, field

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Version

from .formats import CONTEXT, FileError, ParsedFile, parse
from .models import source_hash
from .registry import SOURCE_LANGUAGE, models_by_key, owner_of, target_languages

MAX_ENTRIES = 5000


@dataclass
class Change:
    record: object
    field: str
    language: str
    old: str
    new: str

    @property
    def column(self) -> str:
        return build_localized_fieldname(self.field, self.language)

    @property
    def label(self) -> str:
        return f"{self.record._meta.verbose_name} “{str(self.record)[:80]}” › {self.field}"


@dataclass
class ImportReport:
    language: str
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unchanged: int = 0
    left_out: int = 0  # empty or unfinished (fuzzy) entries

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


def language_name(code: str) -> str:
    return dict(target_languages()).get(code, code)


class TranslationImport:
    def __init__(self, data: bytes, language: str, user):
        self.data, self.language, self.user = data, language, user

    def check(self) -> ImportReport:
        report = ImportReport(self.language)
        try:
            parsed = parse(self.data)
        except FileError as error:
            report.errors.append(str(error))
            return report
        if not self._file_fits(parsed, report):
            return report
        wanted = self._wanted(parsed, report)
        records = self._records(wanted)
        for unit, (model, pk, name, fingerprint) in wanted:
            self._check_unit(unit, records.get(model, {}).get(pk), name, fingerprint, report)
        if not report.changes and not report.errors:
            report.errors.append(_("The file holds no new translations: nothing to import."))
        return report

    def _file_fits(self, parsed: ParsedFile, report) -> bool:
        if parsed.language is None:
            report.errors.append(_("The file does not say which language it is in."))
        elif parsed.language.replace("_", "-").lower().split("-")[0] != self.language:
            report.errors.append(
                _(
                    "The file is in “%(found)s”, not in %(language)s: choose its language or "
                    "export the file again."
                )
                % {"found": parsed.language[:20], "language": language_name(self.language)}
            )
        if not parsed.units:
            report.errors.append(_("The file holds no entries."))
        elif len(parsed.units) > MAX_ENTRIES:
            report.errors.append(
                _("The file holds %(count)s entries; at most %(max)s can be imported at once.")
                % {"count": len(parsed.units), "max": MAX_ENTRIES}
            )
        return not report.errors

    def _wanted(self, parsed, report):
        """(unit, (model, pk, field, fingerprint)) for every entry this portal exported."""
        models = models_by_key()
        wanted, seen = [], set()
        for unit in parsed.units:
            match = CONTEXT.match(unit.context)
            model = models.get(match["model"]) if match else None
            name = match["field"] if match else ""
            if model is None or name not in _fields(model):
                report.errors.append(
                    _("Entry %(n)s is not one this portal exported (unknown identifier “%(id)s”).")
                    % {"n": unit.number, "id": unit.context[:80]}
                )
                continue
            if not self.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
                report.errors.append(
                    _("Entry %(n)s: you may not change %(kind)s.")
                    % {"n": unit.number, "kind": model._meta.verbose_name_plural}
                )
                continue
            key = (model, int(match["pk"]), name)
            if key in seen:
                report.errors.append(
                    _("Entry %(n)s appears twice in the file.") % {"n": unit.number}
                )
                continue
            seen.add(key)
            wanted.append((unit, (*key, match["hash"])))
        return wanted

    @staticmethod
    def _records(wanted) -> dict:
        ids: dict[type, set[int]] = {}
        for _unit, (model, pk, _name, _hash) in wanted:
            ids.setdefault(model, set()).add(pk)
        return {model: model._base_manager.in_bulk(list(pks)) for model, pks in ids.items()}

    def _check_unit(self, unit, record, name, fingerprint, report):
        where = _("Entry %(n)s") % {"n": unit.number}
        if record is None:
            report.errors.append(
                _("%(where)s names a record that does not exist (deleted since the export?).")
                % {"where": where}
            )
            return
        if source_hash(unit.source) != fingerprint:
            report.errors.append(
                _(
                    "%(where)s: its English text was changed in the file; only translations may "
                    "be edited."
                )
                % {"where": where}
            )
            return
        current = getattr(record, build_localized_fieldname(name, SOURCE_LANGUAGE)) or ""
        if source_hash(current) != fingerprint:
            report.errors.append(
                _(
                    "%(where)s (%(record)s): the English text changed after the export; export "
                    "the file again."
                )
                % {"where": where, "record": str(record)[:60]}
            )
            return
        if unit.unfinished or not unit.target.strip():
            report.left_out += 1
            return
        self._compare(unit, record, name, where, report)

    def _compare(self, unit, record, name, where, report):
        column = build_localized_fieldname(name, self.language)
        old = getattr(record, column) or ""
        limit = record._meta.get_field(column).max_length
        if limit and len(unit.target) > limit:
            report.errors.append(
                _(
                    "%(where)s: the translation has %(length)s characters; the field takes at "
                    "most %(max)s."
                )
                % {"where": where, "length": len(unit.target), "max": limit}
            )
        elif unit.target == old:
            report.unchanged += 1
        else:
            report.changes.append(Change(record, name, self.language, old, unit.target))

    def apply(self, filename: str) -> ImportReport:
        """Check again and write everything, or nothing: one transaction, one revision."""
        with transaction.atomic():
            report = self.check()
            if report.has_errors:
                return report
            owners = _unique(owner_of(change.record) for change in report.changes)
            _ensure_baseline(owners)
            with reversion.create_revision():
                reversion.set_user(self.user)
                reversion.set_comment(
                    ngettext(
                        "Imported %(count)s %(language)s translation from “%(file)s”.",
                        "Imported %(count)s %(language)s translations from “%(file)s”.",
                        len(report.changes),
                    )
                    % {
                        "count": len(report.changes),
                        "language": language_name(self.language),
                        "file": filename[:100],
                    }
                )
                for change in report.changes:
                    setattr(change.record, change.column, change.new)
                    change.record.save(update_fields=[change.column])
                    if reversion.is_registered(type(change.record)):
                        reversion.add_to_revision(change.record)
                for owner in owners:
                    if reversion.is_registered(type(owner)):
                        reversion.add_to_revision(owner)
                self._log(report, owners)
        return report

    def _log(self, report, owners):
        for owner in owners:
            fields = sorted({c.column for c in report.changes if owner_of(c.record) == owner})
            LogEntry.objects.log_actions(
                user_id=self.user.pk,
                queryset=[owner],
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": fields}}],
                single_object=True,
            )


def _fields(model) -> list[str]:
    from .registry import translatable_fields

    return translatable_fields(model)


def _unique(objects) -> list:
    seen, found = set(), []
    for obj in objects:
        key = (type(obj), obj.pk)
        if key not in seen:
            seen.add(key)
            found.append(obj)
    return found


def _ensure_baseline(owners):
    """Record records with no history yet as they were, so the import can be undone."""
    missing = [
        owner
        for owner in owners
        if reversion.is_registered(type(owner))
        and not Version.objects.get_for_object(owner).exists()
    ]
    if missing:
        with reversion.create_revision():
            reversion.set_comment(_("As it was before its first change in the back office."))
            for owner in missing:
                reversion.add_to_revision(owner)
