"""UN M49 regions as data: ISO 3166-1 alpha-2 code → region and sub-region.

The table in data/m49_regions.csv was generated from the country data shipped with the
`country_converter` package (columns ISO2, continent, UNregion), which follows the UN Statistics
Division's M49 standard; "America" is renamed "Americas" as in M49.
"""

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).parent / "data" / "m49_regions.csv"


# The five M49 regions, named for translation.
REGION_LABELS = {
    "africa": _("Africa"),
    "americas": _("Americas"),
    "asia": _("Asia"),
    "europe": _("Europe"),
    "oceania": _("Oceania"),
}


@dataclass(frozen=True)
class Region:
    slug: str
    english_name: str

    @property
    def name(self):
        return REGION_LABELS.get(self.slug, self.english_name)

    def __str__(self):
        return str(self.name)


@cache
def _table() -> dict[str, tuple[str, str]]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return {row["iso2"]: (row["region"], row["subregion"]) for row in csv.DictReader(handle)}


@cache
def all_regions() -> tuple[Region, ...]:
    names = sorted({region for region, _ in _table().values()})
    return tuple(Region(slugify(name), name) for name in names)


def region_for(country_code: str | None) -> Region | None:
    return _region_for((country_code or "").upper())


# The directory's breakdown asks for ~2 500 codes a request: slugify each time cost 10 ms.
@lru_cache(maxsize=1024)
def _region_for(code: str) -> Region | None:
    entry = _table().get(code)
    if entry is None:
        return None
    return Region(slugify(entry[0]), entry[0])


@cache
def countries_in(region_slug: str) -> tuple[str, ...]:
    return tuple(
        sorted(code for code, (region, _) in _table().items() if slugify(region) == region_slug)
    )
