from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    GCG_MEETING = "gcg_meeting", _("Global Coordinating Group meeting")
    ACTION_GROUP_MEETING = "action_group_meeting", _("Action group meeting")
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")
    SIDE_EVENT = "side_event", _("Side event")
    FORUM = "forum", _("Forum")
    WEBINAR = "webinar", _("Webinar")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class EventDatePrecision(models.TextChoices):
    """Some events are announced for a month before their days are fixed."""

    DAY = "day", _("Exact dates")
    MONTH = "month", _("Month only")


class ListView(models.TextChoices):
    """How the events list is laid out."""

    LIST = "list", _("List")
    MONTH = "month", _("Month")


class When(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    PAST = "past", _("Past")


class ListMode(models.TextChoices):
    """What the events page shows, decided from its query string (events.selectors.Listing)."""

    UPCOMING = When.UPCOMING.value, When.UPCOMING.label
    PAST = When.PAST.value, When.PAST.label
    WINDOW = "window", _("Chosen dates")
    MONTH = ListView.MONTH.value, ListView.MONTH.label


class ParticipationRole(models.TextChoices):
    """How an organisation took part in an event, as the source states it (never inferred)."""

    HOSTED = "hosted", _("Hosted")
    ORGANISED = "organised", _("Organised")
    CHAIRED = "chaired", _("Chaired")
    FUNDED = "funded", _("Funded")
    SUPPORTED = "supported", _("Supported")
    TOOK_PART = "took_part", _("Took part")

    @classmethod
    def host_roles(cls):
        """The roles the events list's organiser facet and "Hosted by" line count."""
        return [cls.HOSTED, cls.ORGANISED]

    @property
    def rank(self) -> int:
        return list(type(self)).index(self)
