"""Translatable action group content (issue 15): names, mandates and work plans."""

from modeltranslation.translator import TranslationOptions, register

from .models import ActionGroup, Objective, Output, WorkPlan


@register(ActionGroup)
class ActionGroupTranslation(TranslationOptions):
    fields = ("name", "mandate")


@register(WorkPlan)
class WorkPlanTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("title",)


@register(Output)
class OutputTranslation(TranslationOptions):
    fields = ("title",)
