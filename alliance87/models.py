import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase


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

    class Meta:
        abstract = True


def _random_start() -> int:
    # A fresh database starts at a random point, so pages cached for an earlier database (the
    # cache may outlive it, e.g. Redis) are never taken for this one's.
    return secrets.randbelow(2**40) + 1


class ContentVersion(models.Model):
    """One row, bumped by every change to portal content: the key of the public page cache.

    Kept in the database, not in the cache, so every app server sees a change on its very next
    request whatever the cache backend (a local-memory cache is private to each worker).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(_("version"), default=_random_start)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="content_version_single_row")
        ]

    def __str__(self):
        return str(self.version)
