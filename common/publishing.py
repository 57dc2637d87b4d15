"""What every content model shares: a published flag, the time of its last change, a slug URL.

One definition of "a visitor may see this row" (`published()`), and one of "the row this one
points at is published" (`related_published()`), which the apps' named QuerySet methods
(`Membership.objects.of_published_partners()`, ...) call so that no app writes the filter by
hand. The concrete fields are exactly those the apps' tables already have: using the mixin
changes no schema.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RelatedPublishedQuerySet(models.QuerySet):
    """For rows that point at publishable rows (memberships, participations, tags...)."""

    def related_published(self, relation: str):
        """Rows whose `relation` (a foreign key path, e.g. "partner") is published."""
        return self.filter(**{f"{relation}__is_published": True})


class PublishableQuerySet(RelatedPublishedQuerySet):
    def published(self):
        return self.filter(is_published=True)


class Publishable(models.Model):
    """Abstract: a content row a visitor sees only once it is published, at a slug URL.

    Subclasses declare their own `slug` (lengths and help texts differ per model) and set
    `detail_url_name` to the URL name of their public page.
    """

    detail_url_name = ""

    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(self.detail_url_name, kwargs={"slug": self.slug})


class TaggedItemQuerySet(RelatedPublishedQuerySet):
    """The rows tagging a content row with a theme (common.models.ThemedItem)."""

    def of_published_items(self):
        return self.related_published("content_object")
