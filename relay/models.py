"""The contact relay: who wrote to which organisation and when, opt-outs, and abuse reports.

A message is delivered by e-mail to the organisation's focal points (relay.services); nobody's
address is shown on a page. The record is kept for RELAY_RETENTION_DAYS, then purged
(`manage.py purge_relay_messages`), except while an abuse report about it is open.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import ReportStatus

SUBJECT_MAX = 150
BODY_MAX = 5000


class ContactMessageQuerySet(models.QuerySet):
    def sent_by_since(self, user, since):
        return self.filter(sender=user, created_at__gte=since)

    def expired(self, before):
        """Older than the retention period and under no open abuse report."""
        return self.filter(created_at__lt=before).exclude(reports__status=ReportStatus.OPEN)


class ContactMessage(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sender"),
    )
    sender_name = models.CharField(_("sender's name"), max_length=200)
    sender_organisation = models.CharField(
        _("sender's organisation"),
        max_length=300,
        help_text=_("The organisation or pathfinder country the sender is focal point of."),
    )
    recipient = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation written to"),
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    body = models.TextField(_("message"), max_length=BODY_MAX)
    recipient_count = models.PositiveSmallIntegerField(
        _("focal points reached"), help_text=_("How many focal points it was e-mailed to.")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message between partners")
        verbose_name_plural = _("messages between partners")
        indexes = [models.Index(fields=["sender", "created_at"], name="relay_sender_day_idx")]

    def __str__(self):
        return f"{self.sender_organisation} → {self.recipient}: {self.subject}"

    def get_absolute_url(self):
        return reverse("admin:relay_contactmessage_change", args=[self.pk])


class ContactOptOut(models.Model):
    """An organisation that does not take messages through the portal."""

    partner = models.OneToOneField(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="relay_opt_out",
        verbose_name=_("organisation"),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("opt-out from messages")
        verbose_name_plural = _("opt-outs from messages")

    def __str__(self):
        return str(self.partner)

    def get_absolute_url(self):
        return self.partner.get_absolute_url()


class AbuseReport(models.Model):
    message = models.ForeignKey(
        ContactMessage,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("message"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="relay_one_report_per_reader"
            ),
        ]

    def __str__(self):
        return f"{self.message} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("admin:relay_abusereport_change", args=[self.pk])
