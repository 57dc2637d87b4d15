"""The gap view of a pathfinder hub: the country's priority themes beside the partners present.

A partner is present in a country when it is headquartered there or lists it as a country of
work. It works there on a theme when its presence there carries that theme, or, when that
presence carries no themes of its own (always the case for a headquarters-only presence
without a country-of-work row), when the partner's own themes include it.

Two queries whatever the number of partners: the counts per theme elsewhere in the region
(partners present in other countries of the region and not in this one), and the partners per
theme here with the first few by name. Both are joins over id lists read from the country
indexes, never a test of each partner of the region.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Value, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from common.content_version import content_version
from common.models import Theme
from common.regions import countries_in
from partners.models import Partner, PartnerCountry, ThemedPartner

GAP_PARTNER_LIMIT = 5
PresenceTheme = PartnerCountry.themes.through


@dataclass
class GapRow:
    theme: Theme
    here: int = 0
    elsewhere: int = 0
    partners: list = field(default_factory=list)  # the first GAP_PARTNER_LIMIT, by name

    @property
    def more(self) -> int:
        return self.here - len(self.partners)


def _plain_presences(codes):
    """Ids of the partners present in one of `codes` through a presence without its own
    themes, so their own themes apply there: a country of work without themes, or the
    headquarters unless its country-of-work row there has themes.

    One id list (a UNION ALL; a partner may come twice) read from the country indexes: testing
    each partner of the region with correlated EXISTS took seconds at 100 000 partners.
    """
    country_of_work = PartnerCountry.objects.filter(country__in=codes, themes__isnull=True)
    headquarters_with_own_themes = PresenceTheme.objects.filter(
        partnercountry__partner=OuterRef("pk"),
        partnercountry__country=OuterRef("headquarters_country"),
    )
    headquarters = Partner.objects.filter(is_published=True, headquarters_country__in=codes)
    return (
        country_of_work.order_by()
        .values("partner")
        .union(
            headquarters.exclude(Exists(headquarters_with_own_themes)).order_by().values("pk"),
            all=True,
        )
    )


def _left_out(code=None):
    """Ids the counts leave out: the unpublished partners (drafts, few; cheaper than keeping
    the published among a region's tens of thousands) and, given a country, the partners
    present there (headquarters or country of work)."""
    ids = Partner.objects.filter(is_published=False).order_by().values("pk")
    if code is None:
        return ids
    return ids.union(
        Partner.objects.filter(is_published=True, headquarters_country=code)
        .order_by()
        .values("pk"),
        PartnerCountry.objects.filter(country=code).order_by().values("partner"),
        all=True,
    )


def _working_on(codes, theme_pks, left_out):
    """(ThemedPartner rows, PresenceTheme rows): the partners, outside `left_out`, working on
    one of the themes in `codes`.

    A partner works there through its own themes where a presence of it has none (the common
    case), else through the presence's themes; the second part leaves out the partners the
    first already has for that theme, so adding the two counts each partner once. The first
    part has one row per partner and theme (unique_partner_theme), so it needs no DISTINCT.
    """
    plain = _plain_presences(codes)
    through_partner = ThemedPartner.objects.filter(
        tag__in=theme_pks, content_object__in=plain
    ).exclude(content_object__in=left_out)
    partner_has_it = ThemedPartner.objects.filter(
        content_object=OuterRef("partnercountry__partner"), tag=OuterRef("theme")
    )
    through_presence = (
        PresenceTheme.objects.filter(theme__in=theme_pks, partnercountry__country__in=codes)
        .exclude(partnercountry__partner__in=left_out)
        .exclude(Q(partnercountry__partner__in=plain) & Exists(partner_has_it))
    )
    return through_partner, through_presence


def _elsewhere_counts(code, elsewhere, theme_pks) -> dict[int, int]:
    """{theme: partners working on it in `elsewhere` and not present in the country}."""
    through_partner, through_presence = _working_on(elsewhere, theme_pks, _left_out(code))
    parts = (through_partner.order_by().values_list("tag").annotate(n=Count("pk"))).union(
        through_presence.order_by()
        .values_list("theme")
        .annotate(n=Count("partnercountry__partner", distinct=True)),
        all=True,
    )
    counts = {}
    for theme_pk, n in parts:
        counts[theme_pk] = counts.get(theme_pk, 0) + n
    return counts


def _here(code, theme_pks):
    """(theme, part, the part's partners working on the theme in the country, name, slug) rows:
    the first few partners by name of each part and theme, in one query.

    Each part numbers and counts its rows per theme (windows); in one country a partner has one
    presence, so a part has one row per partner and theme. The rows come in the database's
    name order, so the first few of both parts together are those of the whole.
    """
    through_partner, through_presence = _working_on([code], theme_pks, _left_out())
    parts = []
    for part, rows, partner, theme in (
        (0, through_partner, "content_object", "tag"),
        (1, through_presence, "partnercountry__partner", "theme"),
    ):
        name = F(f"{partner}__name")
        per_theme = {"partition_by": [F(theme)]}
        parts.append(
            rows.annotate(
                partner_name=name,
                partner_slug=F(f"{partner}__slug"),
                n=Window(Count("pk"), **per_theme),
                rank=Window(RowNumber(), order_by=[name.asc()], **per_theme),
            )
            .filter(rank__lte=GAP_PARTNER_LIMIT)
            .order_by()
            .values_list(theme, Value(part), "n", "partner_name", "partner_slug")
        )
    return parts[0].union(parts[1], all=True).order_by("partner_name")


def gap_rows(code: str, region_slug: str | None, themes) -> list[GapRow]:
    """The rows, once per content version (as the facet counts are).

    At 100 000 partners on PostgreSQL (bench_perf_100000, 20 countries, a busy 2-core machine)
    the uncached rows took 2.1-4.0 s while the counts tested each partner of the region
    (correlated EXISTS under COUNT(DISTINCT)); as joins over id lists they take 0.12-0.31 s,
    two queries, most of it the region's count (about 0.11 s for Nepal in Asia). That is what
    the first hub request after a content change pays; later ones read the cache.
    """
    themes = list(themes)
    seconds = getattr(settings, "FACET_COUNT_CACHE_SECONDS", 0)
    if not seconds:
        return _gap_rows(code, region_slug, themes)
    raw = "|".join(
        [str(content_version()), get_language() or "", code, str(region_slug)]
        + [str(pk) for pk in sorted(t.pk for t in themes)]
    )
    key = "portal:gaps:" + hashlib.sha256(raw.encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        rows = _gap_rows(code, region_slug, themes)
        cache.set(key, rows, seconds)
    return rows


def _gap_rows(code: str, region_slug: str | None, themes) -> list[GapRow]:
    """One row per priority theme: partners working on it here, and elsewhere in the region."""
    themes = list(themes)
    if not themes:
        return []
    elsewhere = [c for c in countries_in(region_slug) if c != code] if region_slug else []
    theme_pks = [t.pk for t in themes]
    rows = {t.pk: GapRow(t) for t in themes}
    if elsewhere:  # a country outside the M49 table has no "elsewhere in the region"
        for theme_pk, n in _elsewhere_counts(code, elsewhere, theme_pks).items():
            rows[theme_pk].elsewhere = n
    counted = set()
    for theme_pk, part, n, name, slug in _here(code, theme_pks):
        row = rows[theme_pk]
        if (theme_pk, part) not in counted:  # a part gives its count on each of its rows
            counted.add((theme_pk, part))
            row.here += n
        if len(row.partners) < GAP_PARTNER_LIMIT:
            row.partners.append((name, slug))
    for row in rows.values():
        row.partners.sort(key=lambda p: p[0].casefold())
    return list(rows.values())
