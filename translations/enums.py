from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Older than the English")
    UNREVIEWED = "unreviewed", _("Not yet reviewed")


# What the status view lists when no status is chosen: the work to do.
TO_DO = (Status.MISSING, Status.OUTDATED)


class FileFormat(models.TextChoices):
    PO = "po", _("PO (gettext)")
    XLIFF = "xliff", _("XLIFF 1.2")
