"""Translatable pathfinder content (issue 15): summaries, priorities, next steps, milestones and
resources (the toolkit, reports and lessons learnt). Country names come from django-countries."""

from modeltranslation.translator import TranslationOptions, register

from .models import Milestone, NextStep, PathfinderCountry, Priority, Resource


@register(PathfinderCountry)
class PathfinderCountryTranslation(TranslationOptions):
    fields = ("summary",)


@register(Priority)
class PriorityTranslation(TranslationOptions):
    fields = ("heading", "text")


@register(NextStep)
class NextStepTranslation(TranslationOptions):
    fields = ("text",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("description",)


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "description")
