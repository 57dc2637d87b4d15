from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    """The stakeholder groups named in the GCG paper on stakeholder engagement (July 2019)."""

    GOVERNMENT = "government", _("Government")
    GOVERNMENT_INSTITUTION = "government_institution", _("Government institution")
    INTERNATIONAL_ORGANISATION = (
        "international_organisation",
        _("International or regional organisation"),
    )
    WORKERS_ORGANISATION = "workers_organisation", _("Workers' organisation")
    EMPLOYERS_ORGANISATION = (
        "employers_organisation",
        _("Employers' or business membership organisation"),
    )
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    ACADEMIA = "academia", _("Academic institution or think tank")
    MEDIA = "media", _("Media or journalist network")
    SURVIVOR_NETWORK = "survivor_network", _("Survivor network")


class Standing(models.TextChoices):
    """What the source says the organisation is: a partner, or only named (never inferred)."""

    ALLIANCE_PARTNER = "alliance_partner", _("Alliance 8.7 partner")
    MENTIONED = "mentioned", _("Named only (partnership not stated)")


class SortOrder(models.TextChoices):
    """Orders of the directory; "relevance" only means something with a search."""

    RELEVANCE = "relevance", _("Best match")
    NAME = "name", _("Name (A–Z)")
    JOINED = "-joined", _("Most recently joined")
