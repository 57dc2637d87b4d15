"""/sitemap.xml: the published pages of the four areas, in every language, for search engines.

Only published records are listed (drafts have no public page); each entry names its French
and Spanish alternates.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actiongroups.models import ActionGroup
from events.models import Event
from partners.models import Partner
from pathfinders.models import PathfinderCountry


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    model = None
    changefreq = "weekly"

    def items(self):
        return self.model.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


class PartnerSitemap(PortalSitemap):
    model = Partner


class PathfinderSitemap(PortalSitemap):
    model = PathfinderCountry


class ActionGroupSitemap(PortalSitemap):
    model = ActionGroup


class EventSitemap(PortalSitemap):
    model = Event
    changefreq = "daily"


class AreaSitemap(Sitemap):
    """The home page and the four lists."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        return ["home", "partners:list", "pathfinders:list", "actiongroups:list", "events:list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "areas": AreaSitemap,
    "partners": PartnerSitemap,
    "pathfinders": PathfinderSitemap,
    "action-groups": ActionGroupSitemap,
    "events": EventSitemap,
}
