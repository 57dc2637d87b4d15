from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PanelState(models.TextChoices):
    """What the "write to this organisation" box of a partner page shows its reader."""

    ANONYMOUS = "anonymous", _("Not signed in")
    SIGNED_IN = "signed_in", _("Signed in, not a focal point")
    OWN = "own", _("A focal point of this organisation")
    OPTED_OUT = "opted_out", _("Organisation takes no messages")
    NO_FOCAL_POINT = "no_focal_point", _("Organisation has no focal point")
    LIMIT = "limit", _("Daily limit reached")
    FORM = "form", _("May write")
