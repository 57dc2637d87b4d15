from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common.enums import DatePrecision
from common.media import RandomName
from common.publishing import Publishable, PublishableQuerySet, RelatedPublishedQuerySet
from common.regions import region_for

from .enums import KNOWN_OPEN_STATUSES, MilestoneKind, NextStepStatus, ResourceKind, Stage


class PathfinderCountryQuerySet(PublishableQuerySet):
    def with_counts(self):
        return self.annotate(
            priority_count=models.Count("priorities", distinct=True),
            next_step_count=models.Count("next_steps", distinct=True),
        )


class PathfinderCountry(Publishable):
    detail_url_name = "pathfinders:detail"

    country = CountryField(_("country"), unique=True)
    name = models.CharField(
        _("name"), max_length=100, help_text=_("The country's English short name, shown in lists.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("From the country's English name, e.g. nepal."),
    )
    stage = models.CharField(
        _("stage"), max_length=32, choices=Stage.choices, default=Stage.INTEREST, db_index=True
    )
    interest_date = models.DateField(_("interest manifested on"), null=True, blank=True)
    workshop_date = models.DateField(
        _("strategic planning workshop"),
        null=True,
        blank=True,
        help_text=_("Date held, or planned date."),
    )
    workshop_date_precision = models.CharField(
        _("workshop date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    roadmap_date = models.DateField(_("roadmap adopted on"), null=True, blank=True)
    coordination_body = models.CharField(
        _("lead ministry or national coordination body"), max_length=300, blank=True
    )
    focal_point_role = models.CharField(
        _("national focal point"),
        max_length=200,
        blank=True,
        help_text=_("A role or office, never a private e-mail address."),
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = PathfinderCountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("pathfinder country")
        verbose_name_plural = _("pathfinder countries")

    def __str__(self):
        return self.name

    @property
    def region(self):
        return region_for(self.country.code)

    @property
    def display_name(self):
        """The editors' English name on English pages, the standard localised name elsewhere."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language == "en" or not self.country:
            return self.name
        return str(self.country.name) or self.name

    @property
    def stage_number(self) -> int:
        """1-based position in the pipeline (for "stage 3 of 4")."""
        try:
            return Stage(self.stage).rank + 1
        except ValueError:
            return 0


class PriorityQuerySet(RelatedPublishedQuerySet):
    def of_published_countries(self):
        return self.related_published("country")


class Priority(models.Model):
    country = models.ForeignKey(
        PathfinderCountry,
        on_delete=models.CASCADE,
        related_name="priorities",
        verbose_name=_("country"),
    )
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("The heading the country's plan uses, e.g. 'Child labour and supply chains'."),
    )
    themes = models.ManyToManyField(
        "common.Theme", related_name="priorities", blank=True, verbose_name=_("themes")
    )
    text = models.TextField(_("priority"))
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["country", "order", "pk"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self):
        return self.text[:80]


def period_start(today: date, precision: str) -> date:
    """The first day of the period (day, month or year) that `today` falls in.

    A step due "June 2019" is late from 1 July 2019, whichever day of June was stored: it is
    overdue exactly when its target date is before the start of today's period of that precision.
    """
    if precision == DatePrecision.YEAR:
        return today.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return today.replace(day=1)
    return today


def overdue_q(today: date, prefix: str = "") -> models.Q:
    """Q for steps not done whose target period has ended before `today` (precision-aware)."""
    late = models.Q()
    for precision in DatePrecision.values:
        late |= models.Q(
            **{
                f"{prefix}target_precision": precision,
                f"{prefix}target_date__lt": period_start(today, precision),
            }
        )
    return late & models.Q(**{f"{prefix}status__in": KNOWN_OPEN_STATUSES})


class NextStep(models.Model):
    country = models.ForeignKey(
        PathfinderCountry,
        on_delete=models.CASCADE,
        related_name="next_steps",
        verbose_name=_("country"),
    )
    text = models.TextField(_("next step"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    target_precision = models.CharField(
        _("target date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NextStepStatus.choices,
        default=NextStepStatus.PLANNED,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["country", "order", "pk"]
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The status as loaded, so save() knows whether it changed (admin, services or shell).
        self._loaded_status = self.status if self.pk else None

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self.status != self._loaded_status:
            self.status_changed_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "status" in update_fields:
                kwargs["update_fields"] = {*update_fields, "status_changed_at"}
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def is_overdue(self, today) -> bool:
        if not self.target_date or self.status not in KNOWN_OPEN_STATUSES:
            return False
        return self.target_date < period_start(today, self.target_precision)


class Milestone(models.Model):
    country = models.ForeignKey(
        PathfinderCountry,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("country"),
    )
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=MilestoneKind.choices, default=MilestoneKind.OTHER
    )
    description = models.TextField(_("what happened"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("Set when a stage change recorded this milestone automatically."),
    )

    class Meta:
        ordering = ["country", "date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.date:%Y-%m}: {self.description[:60]}"


class Resource(models.Model):
    """Shared pathfinder material: the toolkit, reports and lessons learnt."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=ResourceKind.choices)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"), upload_to=RandomName("pathfinders/resources/"), blank=True, db_index=True
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    # Not Publishable: no slug page of its own and no updated_at column.
    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.UniqueConstraint(fields=["title", "kind"], name="unique_resource_title_kind"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pathfinders:list") + "#resources"

    def clean(self):
        if self.url and self.file:
            raise ValidationError(_("Give either a link or a file, not both."))
