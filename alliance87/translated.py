"""Content in the page's language, and whether it fell back to English (issue 15).

django-modeltranslation (see <app>/translation.py) gives each translatable field `_en`, `_fr`
and `_es` columns and reads `obj.field` in the active language, falling back to English. This
module adds what the pages need on top: which language a text is really in (so an English
fallback is marked `lang="en"` and the page says it is not yet translated), and an SQL
expression of "the text in this language, else English" for queries that cannot go through the
descriptor (UNIONs, values of related rows), with no extra query.
"""

from django.conf import settings
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def active_language() -> str:
    language = (get_language() or DEFAULT).split("-")[0]
    return language if language in settings.MODELTRANSLATION_LANGUAGES else DEFAULT


def translated_fields(model) -> tuple[str, ...]:
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def in_language(field: str, *, model=None, prefix: str = "", language: str | None = None):
    """SQL: `field` in the active language, English when that is empty.

    `prefix` reaches a related row ("tag__"); `model` (the row the field belongs to) may be
    given to fall back to the plain column when that model's field is not translatable.
    """
    if model is not None and field not in translated_fields(model):
        return F(prefix + field)
    language = language or active_language()
    english = F(f"{prefix}{field}_{DEFAULT}")
    if language == DEFAULT:
        return Coalesce(english, F(prefix + field), output_field=CharField())
    own = NullIf(F(f"{prefix}{field}_{language}"), Value(""))
    return Coalesce(own, english, F(prefix + field), output_field=CharField())


def text_language(obj, field: str) -> str:
    """The language `obj.field` is shown in on this page: the active one, or English."""
    language = active_language()
    if language == DEFAULT or field not in translated_fields(type(obj)):
        return language
    if getattr(obj, f"{field}_{language}", None):
        return language
    return DEFAULT


def is_fallback(obj, field: str) -> bool:
    """True when the page's language lacks this text and English is shown instead."""
    return bool(getattr(obj, field, "")) and text_language(obj, field) != active_language()


def lacks_translation(obj, fields=None) -> bool:
    """True when any of `fields` (default: all translatable ones) that has English text lacks
    the page's language: the page then says it is not yet available in that language."""
    if active_language() == DEFAULT or obj is None:
        return False
    return any(is_fallback(obj, field) for field in fields or translated_fields(type(obj)))
