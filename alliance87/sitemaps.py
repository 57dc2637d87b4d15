"""/sitemap.xml: an index of the published pages of the portal, in every language.

The index names one sitemap per area and page (/sitemap-partners.xml?p=2, ...), each with at most
PAGE_SIZE entries, so no request reads the whole directory. Only published records are listed
(drafts have no public page); each entry names its French and Spanish alternates.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from actiongroups.models import ActionGroup
from countries.selectors import codes_with_content
from events.models import Event
from partners.models import Partner
from pathfinders.models import PathfinderCountry

# Entries (one per page and language) per sitemap page: 300 records in three languages, about
# 450 KB of XML, far below the protocol's 50 000 entries.
PAGE_SIZE = 900


class _LanguagePairs:
    """(record, language) pairs of a queryset, read one page at a time.

    Django's Sitemap builds the whole list of pairs before paginating, which at 100 000 partners
    loads every record on every request; this gives the paginator a count and slices instead.
    """

    def __init__(self, queryset, languages):
        self.queryset, self.languages = queryset, languages

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("Only slices of consecutive entries are supported.")
        per, start = len(self.languages), index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        records = self.queryset[start // per : -(-stop // per)]
        pairs = [(record, language) for record in records for language in self.languages]
        offset = start // per * per
        return pairs[start - offset : stop - offset]


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    model = None
    changefreq = "weekly"
    limit = PAGE_SIZE

    def items(self):
        return self.model.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def _items(self):
        return _LanguagePairs(self.items(), self._languages())

    def _location(self, item, force_lang_code=None):
        # Paths differ between languages by their prefix only (i18n_patterns, English without
        # one), so one reverse() per record serves all its entries and alternates.
        record, language = item
        language = force_lang_code or language
        if not hasattr(record, "_sitemap_path"):
            with translation.override(settings.LANGUAGE_CODE):
                record._sitemap_path = record.get_absolute_url()
        if language == settings.LANGUAGE_CODE:
            return record._sitemap_path
        return f"/{language}{record._sitemap_path}"

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        # One aggregate for the index, rather than Django's loop over every record.
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


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
    limit = PAGE_SIZE

    def items(self):
        return [
            "home",
            "partners:list",
            "pathfinders:list",
            "actiongroups:list",
            "events:list",
            "about",
            "contact",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class CountrySitemap(AreaSitemap):
    """The page of every country that published content names."""

    changefreq = "weekly"

    def items(self):
        return codes_with_content()

    def location(self, item):
        return reverse("countries:detail", kwargs={"code": item})


SITEMAPS = {
    "areas": AreaSitemap,
    "partners": PartnerSitemap,
    "pathfinders": PathfinderSitemap,
    "action-groups": ActionGroupSitemap,
    "events": EventSitemap,
    "countries": CountrySitemap,
}
