"""The outbox: every e-mail the portal sends is a row here first (see mailer.services)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import OutboundStatus


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued messages whose next attempt time has come, oldest first."""
        now = now or timezone.now()
        return self.filter(status=OutboundStatus.QUEUED, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "pk"
        )

    def queued(self):
        return self.filter(status=OutboundStatus.QUEUED)


class OutboundEmail(models.Model):
    """One rendered message, stored in the caller's transaction and sent after it commits."""

    template = models.CharField(
        _("template"), max_length=100, help_text=_("Directory under templates/email/.")
    )
    language = models.CharField(_("language"), max_length=10)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list, help_text=_("Recipient addresses."))
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(
        _("extra headers"),
        default=dict,
        blank=True,
        help_text=_("Message-ID is fixed when queued, so a retry is recognisably the same mail."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboundStatus.choices,
        default=OutboundStatus.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt"), default=timezone.now, help_text=_("Not sent before this time.")
    )
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mailer_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=OutboundStatus.SENT) | models.Q(sent_at__isnull=False),
                name="mailer_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("admin:mailer_outboundemail_change", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == OutboundStatus.SENT and self.sent_at is None:
            raise ValidationError({"sent_at": _("A sent message has a sending time.")})
