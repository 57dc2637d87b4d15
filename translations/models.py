import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def source_hash(text: str | None) -> str:
    """A short fingerprint of an English text: enough to see that it changed."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:16]


class TranslationStateQuerySet(models.QuerySet):
    def outdated(self):
        return self.filter(stale=True)

    def awaiting_review(self):
        return self.filter(stale=False, reviewed=False)


class TranslationState(models.Model):
    """What one field of one record was translated from, in one language.

    `source_hash` is the English text's fingerprint when the translation was last saved (in the
    back office or by an import) or marked reviewed; `stale` says the English has changed since,
    so the translation is older than its source. Kept up to date by translations.signals on every
    save of a translated model; a field whose translation is empty has no row (it is missing).
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    field = models.CharField(_("field"), max_length=64)
    language = models.CharField(_("language"), max_length=8)
    source_hash = models.CharField(
        _("English source fingerprint"),
        max_length=16,
        help_text=_("Fingerprint of the English text this translation was made from."),
    )
    stale = models.BooleanField(
        _("outdated"),
        default=False,
        help_text=_("The English text changed after this translation was made."),
    )
    reviewed = models.BooleanField(_("reviewed"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TranslationStateQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "field", "language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="unique_translation_state",
            ),
            models.CheckConstraint(
                condition=~models.Q(stale=True, reviewed=True),
                name="translation_state_outdated_not_reviewed",
            ),
        ]
        indexes = [
            models.Index(
                fields=["content_type", "field", "language", "stale", "reviewed"],
                name="translation_state_status",
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} {self.field} ({self.language})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("admin:translations_translationstate_changelist")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.stale and self.reviewed:
            raise ValidationError(_("An outdated translation cannot be marked reviewed."))
