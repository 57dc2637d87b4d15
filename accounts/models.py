"""Focal points (partner or pathfinder-country accounts), their invitations, the moderated
change requests and the pathfinder progress updates they write.

A focal point never edits a public record directly: a profile change is a ChangeRequest that the
Secretariat approves (services.approve_request), so the public page and its history only change
through the back office. Progress updates are the exception the issue asks for: a pathfinder
focal point's next-step status and milestones are published at once, with who and when.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.media import RandomName

from .enums import RequestKind, RequestStatus

# A focal point speaks for exactly one organisation or exactly one pathfinder country.
ONE_TARGET = (Q(partner__isnull=False) & Q(country__isnull=True)) | (
    Q(partner__isnull=True) & Q(country__isnull=False)
)


def hash_token(token: str) -> str:
    """Invitation links carry a random token; only its hash is stored (a leaked table is no key)."""
    return hashlib.sha256(token.encode()).hexdigest()


class TargetMixin(models.Model):
    """What an account or invitation is for: one partner or one pathfinder country."""

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    country = models.ForeignKey(
        "pathfinders.PathfinderCountry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pathfinder country"),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if bool(self.partner_id) == bool(self.country_id):
            raise ValidationError(
                _("Choose either an organisation or a pathfinder country, not both.")
            )

    @property
    def target(self):
        return self.partner if self.partner_id else self.country


class FocalPointQuerySet(models.QuerySet):
    def for_partner(self, partner):
        return self.filter(partner=partner, user__is_active=True)


class FocalPoint(TargetMixin):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("user"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("organisation"),
    )
    country = models.ForeignKey(
        "pathfinders.PathfinderCountry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("pathfinder country"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_reminded_at = models.DateTimeField(
        _("last reminded"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the freshness reminder was last sent to this focal point."),
    )

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        ordering = ["user__email"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.CheckConstraint(condition=ONE_TARGET, name="focal_point_one_target"),
        ]

    def __str__(self):
        return f"{self.user.email} – {self.target}"

    def get_absolute_url(self):
        return reverse("accounts:dashboard")

    @property
    def email(self) -> str:
        return self.user.email


class InvitationQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, expires_at__gt=now)


class Invitation(TargetMixin):
    email = models.EmailField(_("e-mail address"), max_length=254)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(
        _("language of the e-mail"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(condition=ONE_TARGET, name="invitation_one_target"),
        ]

    def __str__(self):
        return f"{self.email} – {self.target}"

    def is_usable(self, now=None) -> bool:
        return self.used_at is None and self.expires_at > (now or timezone.now())


class ChangeRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RequestStatus.PENDING)


class ChangeRequest(models.Model):
    """A proposed change to a partner's public profile, or a suggested new organisation.

    `proposed` holds the new values by field name (description, themes as slugs, countries as
    codes, website, contact_url, name); only the fields that differ are stored, so the queue's
    diff is exactly what the submitter changed.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("organisation"),
    )
    partner_name = models.CharField(
        _("organisation name"),
        max_length=200,
        blank=True,
        help_text=_("As it was when the request was made (kept if the organisation is deleted)."),
    )
    submitted_by = models.ForeignKey(
        FocalPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("focal point"),
    )
    reply_email = models.EmailField(
        _("reply e-mail"),
        blank=True,
        help_text=_("Given by a visitor; shown to the Secretariat only."),
    )
    proposed = models.JSONField(_("proposed values"), default=dict, blank=True)
    proposed_logo = models.ImageField(
        _("proposed logo"), upload_to=RandomName("accounts/logos/"), blank=True
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    review_message = models.TextField(_("message to the submitter"), max_length=2000, blank=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        permissions = [("review_changerequest", _("Can approve or reject change requests"))]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.partner_name or self.proposed.get('name', '')}"

    def get_absolute_url(self):
        return reverse("admin:accounts_changerequest_change", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


class ProgressUpdate(models.Model):
    """A dated progress note from a pathfinder country's focal point, shown on its hub."""

    country = models.ForeignKey(
        "pathfinders.PathfinderCountry",
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("pathfinder country"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)
    note = models.TextField(_("progress note"), max_length=1000)
    next_step = models.ForeignKey(
        "pathfinders.NextStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("next step"),
    )
    new_status = models.CharField(_("new status"), max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d}: {self.note[:60]}"

    def get_absolute_url(self):
        return self.country.get_absolute_url()

    @property
    def new_status_label(self) -> str:
        from pathfinders.enums import NextStepStatus

        try:
            return str(NextStepStatus(self.new_status).label) if self.new_status else ""
        except ValueError:
            return self.new_status
