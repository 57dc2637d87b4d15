import calendar
import zoneinfo
from datetime import UTC, date, time, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from common.choices import choice_is
from common.models import ThemedItem
from common.publishing import Publishable, PublishableQuerySet, RelatedPublishedQuerySet

from .enums import EventDatePrecision, EventStatus, EventType, ParticipationRole


@cache
def timezone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not an IANA time zone."), params={"value": value})


class EventQuerySet(PublishableQuerySet):
    """Every "which events" of the pages and feeds; the day filters read the events' own
    calendar days (local_start_date, local_end_date), never UTC dates."""

    def chronological(self):
        return self.order_by("start", "pk")

    def newest_first(self):
        return self.order_by("-start", "-pk")

    def upcoming(self, now=None):
        """Not over yet (running or to come), soonest first."""
        return self.filter(end__gte=now or timezone.now()).chronological()

    def past(self, now=None):
        """Over, most recent first."""
        return self.filter(end__lt=now or timezone.now()).newest_first()

    def on_days(self, first: date, last: date):
        """Events taking place on at least one of these days of their own calendar."""
        return self.filter(local_start_date__lte=last, local_end_date__gte=first)

    def in_month(self, month: date):
        """Taking place on at least one day of `month` (any day of it), soonest first."""
        return self.on_days(*month_bounds(month)).chronological()

    def ending_from(self, day: date):
        """Still taking place on `day` or later."""
        return self.filter(local_end_date__gte=day)

    def last_day_before(self, day: date) -> date | None:
        """The latest last day of these events before `day`, or None."""
        earlier = self.filter(local_end_date__lt=day).order_by("-local_end_date")
        return earlier.values_list("local_end_date", flat=True).first()

    def first_day_after(self, day: date) -> date | None:
        """The earliest first day of these events after `day`, or None."""
        later = self.filter(local_start_date__gt=day).order_by("local_start_date")
        return later.values_list("local_start_date", flat=True).first()


def month_bounds(month: date) -> tuple[date, date]:
    """The first and last day of the month `month` falls in."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


class Event(Publishable):
    detail_url_name = "events:detail"

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    event_type = models.CharField(
        _("type"),
        max_length=32,
        choices=EventType.choices,
        default=EventType.OTHER,
        db_index=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    start = models.DateTimeField(_("starts"), db_index=True, help_text=_("Stored in UTC."))
    end = models.DateTimeField(_("ends"), db_index=True, help_text=_("Stored in UTC."))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("The IANA time zone of the place, e.g. America/New_York."),
    )
    all_day = models.BooleanField(_("all day"), default=False)
    # The calendar days in the event's own zone, kept in step with start/end/timezone by save():
    # "events on 14 May" means 14 May where the event happens, which SQL cannot derive portably.
    local_start_date = models.DateField(_("first day (local)"), editable=False, db_index=True)
    local_end_date = models.DateField(_("last day (local)"), editable=False, db_index=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=EventDatePrecision.choices,
        default=EventDatePrecision.DAY,
        help_text=_("'Month only' when only the month has been announced."),
    )
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True, db_index=True)
    online_url = models.URLField(_("online link"), blank=True)
    registration_url = models.URLField(_("registration or RSVP link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        "partners.Partner",
        through="events.EventParticipation",
        related_name="events",
        blank=True,
        verbose_name=_("organisations"),
        help_text=_(
            "Each with its role: hosted, organised, chaired, funded, supported, took part."
        ),
    )
    action_group = models.ForeignKey(
        "actiongroups.ActionGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("action group"),
    )
    pathfinder_countries = models.ManyToManyField(
        "pathfinders.PathfinderCountry",
        related_name="events",
        blank=True,
        verbose_name=_("pathfinder countries"),
    )
    tags = TaggableManager(verbose_name=_("tags"), through="events.ThemedEvent", blank=True)
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Raised on every change so calendar clients update their copy."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="event_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk:
            self.sequence += 1
        self.set_local_dates()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "sequence",
                "local_start_date",
                "local_end_date",
            }
        super().save(*args, **kwargs)

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})

    def set_local_dates(self):
        """Derive the local calendar days; bulk_create callers must call this themselves."""
        self.local_start_date, self.local_end_date = self.compute_local_dates()

    def compute_local_dates(self) -> tuple[date | None, date | None]:
        if not self.start or not self.end:
            return None, None
        first = self.local_start.date()
        local_end = self.local_end
        last = local_end.date()
        # An all-day event entered as ending at midnight ends on the day before.
        if self.all_day and local_end.time() == time(0) and last > first:
            last -= timedelta(days=1)
        return first, last

    def participations_by_role(self, roles=None) -> list[tuple[str, list]]:
        """[(role label, [partners])] in role order, from the prefetched `participations`."""
        grouped: dict[str, list] = {}
        for participation in self.participations.all():
            if roles is None or participation.role in roles:
                grouped.setdefault(participation.role, []).append(participation.partner)
        ordered = sorted(grouped.items(), key=lambda item: ParticipationRole(item[0]).rank)
        return [(ParticipationRole(role).label, partners) for role, partners in ordered]

    @property
    def hosted_by(self) -> list[tuple[str, list]]:
        """The hosts and organisers, for event cards."""
        return self.participations_by_role(ParticipationRole.host_roles())

    is_scheduled = choice_is("status", EventStatus.SCHEDULED)
    is_cancelled = choice_is("status", EventStatus.CANCELLED)
    is_postponed = choice_is("status", EventStatus.POSTPONED)

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def local_start(self):
        return self.start.astimezone(self.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.zone)

    @property
    def first_day(self) -> date:
        return self.local_start_date or self.compute_local_dates()[0]

    @property
    def last_day(self) -> date:
        return self.local_end_date or self.compute_local_dates()[1]

    @property
    def is_multi_day(self):
        return self.first_day != self.last_day

    @property
    def is_month_precision(self):
        return self.date_precision == EventDatePrecision.MONTH

    @property
    def is_timed(self):
        """Shown with clock times (not all-day, not only a month)."""
        return not self.all_day and not self.is_month_precision

    @property
    def local_month(self) -> date:
        """The first day of the month the event starts in, locally (for grouping lists)."""
        return self.first_day.replace(day=1)

    @property
    def utc_start_iso(self) -> str:
        return self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def utc_end_iso(self) -> str:
        return self.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def ical_uid(self) -> str:
        """Stable for the event's whole life, so calendar clients update instead of duplicating."""
        return f"event-{self.pk}@alliance87.org"


def utc_offset_label(offset: timedelta | None) -> str:
    minutes = int((offset or timedelta()).total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


class ThemedEvent(ThemedItem):
    content_object = models.ForeignKey(Event, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("event tag")
        verbose_name_plural = _("event tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_event_tag"),
        ]


class AgendaItem(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("event")
    )
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    title = models.CharField(_("item"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="agenda_item_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": _("An item cannot end before it starts.")})


class Outcome(models.Model):
    """A meeting's outcome or key proposal, grouped under the session that produced it."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("event")
    )
    heading = models.CharField(
        _("session"),
        max_length=250,
        blank=True,
        help_text=_("The session or working group the proposal came from."),
    )
    text = models.TextField(_("outcome or key proposal"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return self.text[:80]


class EventParticipationQuerySet(RelatedPublishedQuerySet):
    def of_published_partners(self):
        return self.related_published("partner")

    def at_published_events(self):
        return self.related_published("event")


class EventParticipation(models.Model):
    """An organisation's relation to an event, recorded as what the source says it was."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="event_participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=ParticipationRole.choices,
        default=ParticipationRole.TOOK_PART,
        db_index=True,
        help_text=_("Speakers, panellists and attendees: took part."),
    )

    objects = EventParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "role", "partner"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "partner", "role"], name="unique_event_partner_role"
            ),
        ]

    def __str__(self):
        return f"{self.partner} – {self.get_role_display()}"
