"""The world map shared by the list pages: server-drawn SVG, one link per country with data.

The shapes (Natural Earth 1:110m, Equal Earth projection) are a committed file made once by
data/build_world_map.py; nothing is downloaded or computed from geography per request. A map is
built from figures a page already has (facet counts, the listed countries), so it costs no query.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.http import QueryDict
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries

from common.facets import per_content_version

DATA_FILE = Path(__file__).parent / "data" / "world_110m.json"
# A shape smaller than this (in view-box units², of 1000 × 433) is hard to see and to hit with a
# finger at phone width, so it also gets a round marker.
SMALL_AREA = 40
MARKER_RADIUS = 5
# Round thresholds for the count buckets; at most MAX_BUCKETS colours are used.
NICE_STEPS = (1, 2, 5)
MAX_BUCKETS = 5


@cache
def world():
    """The committed shapes, read once per process."""
    return json.loads(DATA_FILE.read_text())


@dataclass(frozen=True)
class Bucket:
    css: str  # the class colouring the shapes and the legend swatch
    label: str


@dataclass
class MapArea:
    code: str
    name: str
    figure: str  # what the country's number or category means, in words
    url: str
    css: str
    count: int | None = None
    path: str = ""
    marker: tuple[int, int] | None = None


@dataclass
class LegendEntry:
    bucket: Bucket
    countries: int


@dataclass
class WorldMap:
    slug: str  # unique on the page: ids of the caption and the table
    title: str
    figure_heading: str  # the table twin's second column
    areas: list[MapArea]
    legend: list[LegendEntry]
    width: int = 0
    height: int = 0
    background: str = ""  # every shape without data, as one path
    not_drawn: list[MapArea] = field(default_factory=list)  # in the table only

    @property
    def marker_radius(self):
        return MARKER_RADIUS


def count_buckets(highest: int) -> list[tuple[int, int]]:
    """(low, high) ranges of round numbers covering 1..highest, at most MAX_BUCKETS of them."""
    if highest <= 0:
        return []
    starts, scale = [], 1
    while scale <= highest:
        starts += [step * scale for step in NICE_STEPS if step * scale <= highest]
        scale *= 10
    stride = -(-len(starts) // MAX_BUCKETS)  # ceiling division
    starts = starts[::stride]
    ends = [start - 1 for start in starts[1:]] + [highest]
    return list(zip(starts, ends, strict=True))


def _range_label(low, high):
    return str(low) if low == high else f"{low}–{high}"


def build_map(slug, title, figure_heading, areas, buckets) -> WorldMap:
    """Place the areas (shape, marker or table only) and count them per legend entry."""
    data = world()
    shapes, points = data["shapes"], data["points"]
    drawn_codes, not_drawn = set(), []
    for area in areas:
        shape = shapes.get(area.code)
        if shape:
            area.path = shape["d"]
            if shape["area"] < SMALL_AREA:
                area.marker = tuple(shape["centre"])
        elif area.code in points:
            area.marker = tuple(points[area.code])
        else:
            not_drawn.append(area)
        drawn_codes.add(area.code)
    background = "".join(d["d"] for code, d in shapes.items() if code not in drawn_codes)
    per_bucket = {}
    for area in areas:
        per_bucket[area.css] = per_bucket.get(area.css, 0) + 1
    return WorldMap(
        slug=slug,
        title=title,
        figure_heading=figure_heading,
        areas=sorted(areas, key=lambda a: a.name.casefold()),
        legend=[LegendEntry(b, per_bucket.get(b.css, 0)) for b in buckets],
        width=data["width"],
        height=data["height"],
        background=background + data["unnamed"],
        not_drawn=not_drawn,
    )


def count_map(slug, title, figure_heading, counts, url_for, describe) -> WorldMap:
    """A map of counts per country code, coloured in round-number buckets.

    `url_for(code)` gives each country's link; `describe(count)` the figure in words
    ("3 partners"). Codes that are not ISO countries (e.g. "" for none given) are left out.
    """
    names = dict(countries)
    counts = {code: n for code, n in counts.items() if n and code in names}
    ranges = count_buckets(max(counts.values(), default=0))
    buckets = [
        Bucket(f"map-c{number}", _range_label(low, high))
        for number, (low, high) in enumerate(ranges, start=1)
    ]
    areas = []
    for code, n in counts.items():
        number = next(i for i, (low, high) in enumerate(ranges, start=1) if low <= n <= high)
        areas.append(
            MapArea(code, str(names[code]), describe(n), url_for(code), f"map-c{number}", n)
        )
    return build_map(slug, title, figure_heading, areas, buckets)


def filtered_url(path: str, query: QueryDict | None, code: str) -> str:
    """`path` with the page's accepted filters, the country filter set to `code` alone."""
    query = query.copy() if isinstance(query, QueryDict) else QueryDict(mutable=True)
    query.pop("page", None)
    query.setlist("country", [code])
    return f"{path}?{query.urlencode()}"


def facet_counts(facets, name="country") -> dict[str, int]:
    """The counts a facet already shows (no second computation)."""
    return {o.value: o.count for f in facets if f.name == name for o in f.options}


MAP_TEMPLATE = "countries/includes/world_map.html"


def rendered_map(world_map: WorldMap | None) -> str:
    """The map's HTML, rendered once per distinct map and language.

    Drawing ~200 shapes, links, the legend and the table twin took 54 ms of the directory's
    162 at 100 000 partners, for the same figures on every request between two content changes.
    The key is the map itself (every figure, name and link it shows), the language of its
    interface words and the stylesheet's hashed URL: the same key can only be the same HTML.
    """
    if world_map is None or not world_map.areas:
        return ""
    html = per_content_version(
        "map",
        lambda: render_to_string(MAP_TEMPLATE, {"map": world_map}),
        get_language(),
        static("countries/maps.css"),
        repr(world_map),
    )
    return mark_safe(html)  # noqa: S308 -- our own template's output, escaped when rendered
