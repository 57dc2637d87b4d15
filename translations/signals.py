"""Keep TranslationState in step with every save of a translated model.

Before a save the record's stored texts are read (one query, only for an existing row whose save
touches translated columns); after it, each field and language is compared:

- the translation is empty: no state (the field is missing);
- the translation is new or changed in this save: it was made from the English as saved now;
- otherwise it keeps the fingerprint it was made from (a translation older than any record of
  it counts as made from the English as it was before this save);

and it is outdated (`stale`) when that fingerprint is not the English text's now. Bulk updates
(`QuerySet.update`, `bulk_create`) send no signals; the portal changes translated text only
through saves (back office, imports, services), and the demo loader records its own states.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from .models import TranslationState, source_hash
from .registry import SOURCE_LANGUAGE, target_languages

BEFORE = "_translations_before"


def tracked_fields(model) -> list[str]:
    try:
        return sorted(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return []


def _columns(fields) -> list[str]:
    languages = [SOURCE_LANGUAGE] + [code for code, _name in target_languages()]
    return [build_localized_fieldname(f, lang) for f in fields for lang in languages]


def _touches(update_fields, columns) -> bool:
    return update_fields is None or bool(set(update_fields) & set(columns))


def remember_before(sender, instance, raw=False, update_fields=None, **kwargs):
    fields = tracked_fields(sender)
    if raw or not fields or instance._state.adding or instance.pk is None:
        return
    columns = _columns(fields)
    if not _touches(update_fields, columns):
        return
    before = sender._base_manager.filter(pk=instance.pk).values(*columns).first()
    setattr(instance, BEFORE, before or {})


def record_states(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    fields = tracked_fields(sender)
    if raw or not fields or not _touches(update_fields, _columns(fields)):
        return
    before = None if created else instance.__dict__.pop(BEFORE, {})
    content_type = ContentType.objects.get_for_model(sender)
    states = {}
    if not created:
        states = {
            (state.field, state.language): state
            for state in TranslationState.objects.filter(
                content_type=content_type, object_id=instance.pk
            )
        }
    for field in fields:
        for language, _name in target_languages():
            sync_one(content_type, instance, field, language, states.get((field, language)), before)


def sync_one(content_type, instance, field, language, state, before):
    """Bring one field's state in one language up to date (see the module docstring)."""
    source_column = build_localized_fieldname(field, SOURCE_LANGUAGE)
    column = build_localized_fieldname(field, language)
    text = getattr(instance, column) or ""
    now = source_hash(getattr(instance, source_column))
    if not text:
        if state is not None:
            state.delete()
        return
    if before is None or text != (before.get(column) or ""):
        made_from, reviewed = now, False
    elif state is not None:
        made_from, reviewed = state.source_hash, state.reviewed
    else:
        made_from, reviewed = source_hash(before.get(source_column)), False
    stale = made_from != now
    values = {"source_hash": made_from, "stale": stale, "reviewed": reviewed and not stale}
    if state is None:
        TranslationState.objects.create(
            content_type=content_type,
            object_id=instance.pk,
            field=field,
            language=language,
            **values,
        )
    elif any(getattr(state, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(state, name, value)
        if not state.reviewed:
            state.reviewed_by, state.reviewed_at = None, None
        state.save()


def forget_deleted(sender, instance, **kwargs):
    if tracked_fields(sender):
        TranslationState.objects.filter(
            content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
        ).delete()


def connect():
    pre_save.connect(remember_before, dispatch_uid="translations_before")
    post_save.connect(record_states, dispatch_uid="translations_states")
    post_delete.connect(forget_deleted, dispatch_uid="translations_deleted")
