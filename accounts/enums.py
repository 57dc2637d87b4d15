from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    PROFILE_UPDATE = "profile_update", _("Profile update by a focal point")
    CORRECTION = "correction", _("Correction suggested by a visitor")
    NEW_ORGANISATION = "new_organisation", _("New organisation suggested by a visitor")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the Secretariat")
    APPROVED = "approved", _("Approved and published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Organisation deleted before review")
