"""The gap view of a pathfinder hub: the country's priority themes beside the partners present.

A partner is present in a country when it is headquartered there or lists it as a country of
work. It works there on a theme when its presence there carries that theme, or, when that
presence carries no themes of its own (always the case for a headquarters-only presence
without a country-of-work row), when the partner's own themes include it.

Two queries whatever the number of partners: the counts per theme (here, and elsewhere in the
region: partners present in other countries of the region and not in this one), and the first
few partners per theme.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Value
from django.utils.translation import get_language

from common.content_version import content_version
from common.models import Theme
from common.regions import countries_in
from partners.models import Partner, PartnerCountry, ThemedPartner

GAP_PARTNER_LIMIT = 5
PresenceTheme = PartnerCountry.themes.through


def works_on_in(codes, theme) -> Q:
    """Q on Partner: present in one of `codes` and working there on `theme` (a pk or OuterRef
    seen from inside a subquery on the partner)."""
    own_theme = PresenceTheme.objects.filter(
        partnercountry__partner=OuterRef("pk"), partnercountry__country__in=codes, theme=theme
    )
    plain_presence = PartnerCountry.objects.filter(
        partner=OuterRef("pk"), country__in=codes, themes__isnull=True
    )
    headquarters_with_own_themes = PartnerCountry.objects.filter(
        partner=OuterRef("pk"), country=OuterRef("headquarters_country"), themes__isnull=False
    )
    partner_theme = ThemedPartner.objects.filter(content_object=OuterRef("pk"), tag=theme)
    present = PartnerCountry.objects.filter(partner=OuterRef("pk"), country__in=codes)
    return (Q(headquarters_country__in=codes) | Exists(present)) & (
        Exists(own_theme)
        | Exists(partner_theme)
        & (
            Exists(plain_presence)
            | Q(headquarters_country__in=codes) & ~Exists(headquarters_with_own_themes)
        )
    )


def plain_presence(codes) -> Q:
    """Q on Partner: present in one of `codes` through a presence without its own themes (so
    the partner's themes apply there)."""
    plain_country_of_work = PartnerCountry.objects.filter(
        partner=OuterRef("pk"), country__in=codes, themes__isnull=True
    )
    headquarters_with_own_themes = PartnerCountry.objects.filter(
        partner=OuterRef("pk"), country=OuterRef("headquarters_country"), themes__isnull=False
    )
    return Exists(plain_country_of_work) | (
        Q(headquarters_country__in=codes) & ~Exists(headquarters_with_own_themes)
    )


def _counts_per_theme(label, codes, theme_pks, partners):
    """(label, theme, partners) rows: the `partners` working on each theme in `codes`.

    Two grouped parts, each partner counted once per theme: through its own themes where its
    presence has none (the common case), else through the presence's themes, leaving out a
    partner the first part already counted for that theme.
    """
    plain = partners.filter(plain_presence(codes)).values("pk")
    through_partner = (
        ThemedPartner.objects.filter(tag__in=theme_pks, content_object__in=plain)
        .order_by()
        .values_list(Value(label), "tag")
        .annotate(n=Count("content_object", distinct=True))
    )
    partner_has_it = ThemedPartner.objects.filter(
        content_object=OuterRef("partnercountry__partner"), tag=OuterRef("theme")
    )
    through_presence = (
        PresenceTheme.objects.filter(
            theme__in=theme_pks,
            partnercountry__country__in=codes,
            partnercountry__partner__in=partners.values("pk"),
        )
        .exclude(Q(partnercountry__partner__in=plain) & Exists(partner_has_it))
        .order_by()
        .values_list(Value(label), "theme")
        .annotate(n=Count("partnercountry__partner", distinct=True))
    )
    return through_partner.union(through_presence, all=True)


@dataclass
class GapRow:
    theme: Theme
    here: int = 0
    elsewhere: int = 0
    partners: list = field(default_factory=list)  # the first GAP_PARTNER_LIMIT, by name

    @property
    def more(self) -> int:
        return self.here - len(self.partners)


def _theme_counts(code, elsewhere, theme_pks) -> dict[int, tuple[int, int]]:
    published = Partner.objects.published()
    parts = _counts_per_theme("here", [code], theme_pks, published)
    if elsewhere:  # a country outside the M49 table has no "elsewhere in the region"
        others = published.exclude(pk__in=published.in_country(code).values("pk"))
        parts = parts.union(_counts_per_theme("away", elsewhere, theme_pks, others), all=True)
    counts = {}
    for label, theme_pk, n in parts:
        here, away = counts.get(theme_pk, (0, 0))
        counts[theme_pk] = (here + n, away) if label == "here" else (here, away + n)
    return counts


def gap_rows(code: str, region_slug: str | None, themes) -> list[GapRow]:
    """The rows, once per content version (as the facet counts are).

    At 100 000 partners the theme counts took 4.9 s (one COUNT(DISTINCT) over every partner of
    the region) and the first partners per theme 170 ms; both change only with content. The
    first hub request after a change still pays them: a grouped count per country and theme
    would be the lasting fix.
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
    published = Partner.objects.published()
    counts = _theme_counts(code, elsewhere, theme_pks)
    rows = {t.pk: GapRow(t, *counts.get(t.pk, (0, 0))) for t in themes}
    # The first few per theme, all themes in one UNION (SQLite refuses LIMIT directly inside a
    # compound statement, so each part picks its partners through a limited IN subquery).
    firsts = [
        published.filter(
            pk__in=published.filter(works_on_in([code], t.pk))
            .order_by("name")
            .values("pk")[:GAP_PARTNER_LIMIT]
        )
        .order_by()
        .values_list(Value(t.pk, output_field=IntegerField()), "name", "slug")
        for t in themes
        if rows[t.pk].here
    ]
    if firsts:
        for theme_pk, name, slug in firsts[0].union(*firsts[1:], all=True):
            rows[theme_pk].partners.append((name, slug))
    for row in rows.values():
        row.partners.sort(key=lambda p: p[0].casefold())
    return list(rows.values())
