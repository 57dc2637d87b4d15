"""Read the world map back from a page, as a visitor (or a screen reader) gets it."""

import gzip
import re

AREA = re.compile(
    r'<a href="(?P<href>[^"]+)" class="map-area (?P<css>map-[a-z]\d)" '
    r'aria-label="(?P<label>[^"]+)">'
    r"<title>[^<]*</title>(?P<shape><path[^>]*>)?(?P<marker><circle[^>]*>)?</a>"
)
TABLE_ROW = re.compile(
    r'<tr><th scope="row"><a href="(?P<href>[^"]+)">(?P<name>[^<]+)</a></th>'
    r"<td>(?P<figure>[^<]+)</td></tr>"
)


def page_text(response) -> str:
    return response.content.decode()


def world_map(response, slug):
    """(areas drawn in the SVG, rows of the table twin) of the map `slug` on the page."""
    html = page_text(response)
    start = html.find(f'aria-labelledby="map-{slug}-title"')
    assert start != -1, f"no {slug} map on the page"
    end = html.find("</figure>", start)
    block = html[start:end]
    svg, _sep, table = block.partition("</svg>")
    return [m.groupdict() for m in AREA.finditer(svg)], [
        m.groupdict() for m in TABLE_ROW.finditer(table)
    ]


def map_weight(response) -> tuple[int, int]:
    """Raw and gzipped bytes of the page's map markup (the figure element)."""
    html = page_text(response)
    start = html.find('<figure class="world-map"')
    end = html.find("</figure>", start) + len("</figure>")
    block = html[start:end].encode()
    return len(block), len(gzip.compress(block))
