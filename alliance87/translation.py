"""Translatable content of the kernel: the shared theme vocabulary (issue 15).

Registered with django-modeltranslation: each field gets `<field>_en`, `_fr` and `_es` columns;
reading `theme.name` gives the active language's text, or English when it is missing
(alliance87.translated tells which). The slug stays the same in every language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
