"""Translatable partner content (issue 15): the description and an optional translated name.

The organisation's name and acronym stay as the organisation writes them (`name` is not
registered); `translated_name` is the name in the page's language when the organisation has one.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Partner


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("description", "translated_name")
