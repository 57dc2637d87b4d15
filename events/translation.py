"""Translatable event content (issue 15): titles, descriptions, the venue's free text, agenda
items and outcomes. City and country stay as stored (the country name is localised on display)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Event, Outcome


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "venue")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ("heading", "text")
