from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The pathfinder pipeline, in order."""

    INTEREST = "interest", _("Formal manifestation of interest")
    WORKSHOP_PLANNED = "workshop_planned", _("Strategic planning workshop planned")
    WORKSHOP_HELD = "workshop_held", _("Strategic planning workshop held")
    ROADMAP_ADOPTED = "roadmap_adopted", _("Roadmap or action plan adopted")

    @classmethod
    def ordered(cls):
        return [cls.INTEREST, cls.WORKSHOP_PLANNED, cls.WORKSHOP_HELD, cls.ROADMAP_ADOPTED]

    @property
    def rank(self) -> int:
        return type(self).ordered().index(self)


class NextStepStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    # The source gave a target but never said whether it was met: never shown as overdue.
    NOT_REPORTED = "not_reported", _("Status not reported")


# Statuses whose lateness is known: only these can be overdue.
KNOWN_OPEN_STATUSES = (NextStepStatus.PLANNED, NextStepStatus.IN_PROGRESS)


class MilestoneKind(models.TextChoices):
    INTEREST = "interest", _("Manifestation of interest")
    WORKSHOP_PLANNED = "workshop_planned", _("Workshop planned")
    WORKSHOP_HELD = "workshop_held", _("Workshop held")
    ROADMAP_ADOPTED = "roadmap_adopted", _("Roadmap adopted")
    PRIORITIES = "priorities", _("Priorities identified")
    CONSULTATION = "consultation", _("Consultation")
    OTHER = "other", _("Other")


class ResourceKind(models.TextChoices):
    VISION_STATEMENT = "vision_statement", _("Vision statement")
    GUIDANCE_NOTE = "guidance_note", _("Guidance note")
    FAQ = "faq", _("Frequently asked questions")
    METHODOLOGICAL_NOTE = "methodological_note", _("Methodological note")
    SUPERVISORY_CASES = "supervisory_cases", _("Supervisory body cases")
    REPORT = "report", _("Report")
    LESSON = "lesson", _("Lesson learnt")
    OTHER = "other", _("Other")


# The milestone that records a country reaching each stage (MilestoneKind reuses Stage's values).
STAGE_MILESTONE_KIND = {stage: MilestoneKind(stage.value) for stage in Stage.ordered()}

# Toolkit documents, as opposed to lessons learnt and other reports.
TOOLKIT_KINDS = (
    ResourceKind.VISION_STATEMENT,
    ResourceKind.GUIDANCE_NOTE,
    ResourceKind.FAQ,
    ResourceKind.METHODOLOGICAL_NOTE,
    ResourceKind.SUPERVISORY_CASES,
)
