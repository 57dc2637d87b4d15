from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    STARTING = "starting", _("Starting")
    PLANNED = "planned", _("Planned")

    @property
    def section_heading(self) -> str:
        """The heading of the groups page's section of groups with this status."""
        return {
            GroupStatus.ACTIVE: _("Active groups"),
            GroupStatus.STARTING: _("Groups starting work"),
        }.get(self, _("Planned groups"))


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")


class WorkPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CURRENT = "current", _("Current")
    COMPLETED = "completed", _("Completed")


class OutputStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
