import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_version() -> int:
    """A random version: a value names one state of the content, whatever database made it.

    Counting up would let a new or restored database meet versions an earlier one used, whose
    pages a shared cache (Redis) may still hold; 2**62 random values do not meet.
    """
    return secrets.randbelow(2**62) + 1


class ContentVersion(models.Model):
    """One row, changed by every change to portal content: the key of the public page cache.

    Kept in the database, not in the cache, so every app server sees a change on its very next
    request whatever the cache backend (a local-memory cache is private to each worker).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(_("version"), default=new_version)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="content_version_single_row")
        ]

    def __str__(self):
        return str(self.version)
