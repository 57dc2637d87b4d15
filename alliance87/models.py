from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase

from .publishing import TaggedItemQuerySet


class Theme(TagBase):
    """The one theme vocabulary shared by partners, priorities, action groups and events."""

    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_absolute_url(self):
        return reverse("partners:list") + f"?theme={self.slug}"


class ThemedItem(ItemBase):
    """Abstract through model so each app gets its own indexed table (fast facet counts)."""

    tag = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items"
    )

    objects = TaggedItemQuerySet.as_manager()

    class Meta:
        abstract = True


class DemoLoad(models.Model):
    """The record that this database received the briefing pack's demo content.

    Written in the same transaction as the content itself, so the demo is loaded once per
    database and never again over what the Secretariat has since edited, renamed or deleted.
    `version` names the last set of corrections `upgrade_demo` applied.
    """

    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    source = models.CharField(_("source file"), max_length=250)
    version = models.PositiveIntegerField(_("corrections applied"), default=0)
    adopted = models.BooleanField(
        _("adopted"),
        default=False,
        help_text=_("Content was already present (loaded before this record existed)."),
    )

    class Meta:
        ordering = ["loaded_at"]
        verbose_name = _("demo content load")
        verbose_name_plural = _("demo content loads")

    def __str__(self):
        return f"{self.source} ({self.loaded_at:%Y-%m-%d})"
