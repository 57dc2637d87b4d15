"""Reads of the translation status: what lacks a translation, what is older than its English.

The list is a sequence of parts, one per (field, language, status), in a fixed order. Their
sizes come from a handful of grouped counts (one per translated model, one for all states), and
a page reads only the parts it overlaps, a slice of each: the work per page does not grow with
the number of records.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from .enums import TO_DO, Status
from .models import TranslationState
from .registry import Segment, owner_of, segments, target_languages


def missing_q(segment: Segment, language: str) -> Q:
    source, column = segment.source_column, segment.column(language)
    has_source = ~Q(**{source: ""}) & Q(**{f"{source}__isnull": False})
    lacks = Q(**{column: ""}) | Q(**{f"{column}__isnull": True})
    return has_source & lacks


@dataclass
class Part:
    segment: Segment
    language: str
    status: str
    size: int = 0

    @cached_property
    def content_type(self):
        return ContentType.objects.get_for_model(self.segment.model)

    def records(self):
        queryset = self.segment.model._base_manager.all()
        if self.segment.related:
            queryset = queryset.select_related(*self.segment.related)
        return queryset

    def states(self):
        states = TranslationState.objects.filter(
            content_type=self.content_type, field=self.segment.field, language=self.language
        )
        if self.status == Status.OUTDATED:
            return states.outdated()
        return states.awaiting_review()

    def rows(self, start: int, stop: int) -> list["Row"]:
        if self.status == Status.MISSING:
            found = self.records().filter(missing_q(self.segment, self.language)).order_by("pk")
            return [Row(self, record, None) for record in found[start:stop]]
        states = list(self.states().order_by("object_id")[start:stop])
        records = self.records().in_bulk([state.object_id for state in states])
        return [Row(self, records[s.object_id], s) for s in states if s.object_id in records]


@dataclass
class Row:
    part: Part
    record: object
    state: TranslationState | None

    @property
    def status(self):
        return Status(self.part.status)

    @property
    def source(self) -> str:
        return getattr(self.record, self.part.segment.source_column) or ""

    @property
    def translation(self) -> str:
        return getattr(self.record, self.part.segment.column(self.part.language)) or ""

    @cached_property
    def owner(self):
        return owner_of(self.record)

    @property
    def admin_url(self) -> str:
        opts = self.owner._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.owner.pk])
        except NoReverseMatch:
            return ""


def _missing_counts(chosen: list[Segment], languages: list[str]) -> dict:
    counts = {}
    by_model: dict[type, list[Segment]] = {}
    for segment in chosen:
        by_model.setdefault(segment.model, []).append(segment)
    for model, model_segments in by_model.items():
        wanted = {
            f"{s.field}__{lang}": Count("pk", filter=missing_q(s, lang))
            for s in model_segments
            for lang in languages
        }
        counts[model] = model._base_manager.aggregate(**wanted)
    return counts


def _state_counts(languages: list[str]) -> dict:
    grouped = (
        TranslationState.objects.filter(language__in=languages)
        .values("content_type", "field", "language", "stale", "reviewed")
        .annotate(n=Count("pk"))
    )
    counts = {}
    for row in grouped:
        status = (
            Status.OUTDATED if row["stale"] else (None if row["reviewed"] else Status.UNREVIEWED)
        )
        if status:
            key = (row["content_type"], row["field"], row["language"], status)
            counts[key] = counts.get(key, 0) + row["n"]
    return counts


class StatusListing:
    """The rows for some areas, languages and statuses; sliceable, so Paginator can page it."""

    def __init__(self, area=None, language=None, status=None):
        self.languages = [language] if language else [code for code, _ in target_languages()]
        self.statuses = [Status(status)] if status else list(TO_DO)
        self.parts = self._parts(segments(area))

    def _parts(self, chosen) -> list[Part]:
        missing = _missing_counts(chosen, self.languages) if Status.MISSING in self.statuses else {}
        states = _state_counts(self.languages) if set(self.statuses) - {Status.MISSING} else {}
        types = ContentType.objects.get_for_models(*{s.model for s in chosen}) if chosen else {}
        parts = []
        for segment in chosen:
            for language in self.languages:
                for status in self.statuses:
                    if status == Status.MISSING:
                        size = missing[segment.model][f"{segment.field}__{language}"]
                    else:
                        key = (types[segment.model].pk, segment.field, language, status)
                        size = states.get(key, 0)
                    if size:
                        parts.append(Part(segment, language, status, size))
        return parts

    def count(self) -> int:
        return sum(part.size for part in self.parts)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("StatusListing supports slices only")
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        rows, offset = [], 0
        for part in self.parts:
            if offset >= stop:
                break
            begin, end = max(start - offset, 0), min(stop - offset, part.size)
            if begin < end:
                rows.extend(part.rows(begin, end))
            offset += part.size
        return rows

    def summary(self) -> list[tuple[str, str, str, int]]:
        """(area, language, status, count) for every non-empty part group."""
        totals = {}
        for part in self.parts:
            key = (part.segment.area, part.language, part.status)
            totals[key] = totals.get(key, 0) + part.size
        return [(*key, size) for key, size in totals.items()]
