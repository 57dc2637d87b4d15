from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase

from .publishing import TaggedItemQuerySet


class Theme(TagBase):
    """The one theme vocabulary shared by partners, priorities, action groups and events."""

    description = models.TextField(_("description"), blank=True)

    class Meta:
        # The table predates the kernel app (Theme moved here from alliance87 with a
        # state-only migration, common/migrations/0001): keeping its name kept every row and link.
        db_table = "alliance87_theme"
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
