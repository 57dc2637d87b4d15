"""Writes of translation state that are not a record's save: marking a translation reviewed."""

from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from .models import TranslationState, source_hash
from .registry import SOURCE_LANGUAGE


class NotReviewableError(Exception):
    pass


def mark_reviewed(state: TranslationState, user) -> TranslationState:
    """A reviewer confirms the translation fits the English as it is now."""
    record = state.content_type.model_class()._base_manager.filter(pk=state.object_id).first()
    if record is None:
        raise NotReviewableError("record deleted")
    translation = getattr(record, build_localized_fieldname(state.field, state.language)) or ""
    if not translation:
        raise NotReviewableError("no translation")
    source = getattr(record, build_localized_fieldname(state.field, SOURCE_LANGUAGE))
    state.source_hash = source_hash(source)
    state.stale = False
    state.reviewed = True
    state.reviewed_by = user
    state.reviewed_at = timezone.now()
    state.save()
    return state
