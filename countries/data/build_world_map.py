"""Build countries/data/world_110m.json from Natural Earth's shapes, once, at build time.

Usage (needs node's npm only to fetch the public-domain data; nothing runs at request time):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python countries/data/build_world_map.py package/

It reads the 1:110m country shapes (countries-110m.json) and, for the small countries that
scale leaves out, the centre of their 1:50m shape (countries-50m.json); decodes the TopoJSON
arcs; projects with the Equal Earth projection (Šavrič, Patterson & Jenny 2018, an equal-area
projection meant for world thematic maps); drops Antarctica (no partner works there and it
would take a fifth of the height); rounds to whole units of a 1000-unit-wide view box, thins
each ring (Douglas–Peucker) and writes SVG path data with relative moves, keyed by ISO 3166-1
alpha-2 code (world-atlas keys shapes by numeric code; django-countries maps them).
"""

import json
import math
import sys
from pathlib import Path

WIDTH = 1000
TOLERANCE = 0.7  # view-box units: below this a vertex is not visible at any usual size
OUT = Path(__file__).with_name("world_110m.json")
DROPPED = {"AQ"}  # Antarctica

# Equal Earth constants (Šavrič et al. 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = math.pi / (M * A1)


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def uncrossed(points):
    """A ring crossing the antimeridian (Fiji, Chukotka) would be drawn across the whole map:
    its points on the far side are pinned to the edge of the side holding most of it."""
    if not any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:], strict=False)):
        return points
    east = sum(1 for lon, _lat in points if lon > 0) >= len(points) / 2
    edge = 180 if east else -180
    return [(edge if (lon > 0) != east else lon, lat) for lon, lat in points]


def polygons(geometry, arcs):
    if geometry["type"] == "Polygon":
        yield [uncrossed(ring(arcs, r)) for r in geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["arcs"]:
            yield [uncrossed(ring(arcs, r)) for r in polygon]


def simplify(points, tolerance):
    """Douglas–Peucker on a closed ring (first point kept as anchor)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-9
        best, best_index = 0.0, None
        for i in range(start + 1, end):
            px, py = points[i]
            if dx == dy == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if distance > best:
                best, best_index = distance, i
        if best_index is not None and best > tolerance:
            keep[best_index] = True
            stack += [(start, best_index), (best_index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def signed_area(points) -> float:
    following = points[1:] + points[:1]
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, following, strict=True)) / 2


class Frame:
    """Projected coordinates to view-box units (y downwards), fitted to the drawn countries."""

    def __init__(self, lat_min: float, lat_max: float):
        self.scale = WIDTH / (2 * X_MAX)
        self.top = equal_earth(0, lat_max)[1]
        self.height = math.ceil((self.top - equal_earth(0, lat_min)[1]) * self.scale)

    def __call__(self, lon, lat):
        x, y = equal_earth(lon, lat)
        return (x + X_MAX) * self.scale, (self.top - y) * self.scale


def path_data(rings) -> str:
    """Absolute first move, then relative lines: short and well compressed."""
    parts = []
    for points in rings:
        x0, y0 = points[0]
        segment = [f"M{x0} {y0}l"]
        previous = (x0, y0)
        for x, y in points[1:]:
            segment.append(f"{x - previous[0]} {y - previous[1]} ")
            previous = (x, y)
        parts.append("".join(segment).rstrip().replace(" -", "-") + "z")
    return "".join(parts)


def project_rings(geometry, arcs, frame):
    rings, area, weighted = [], 0.0, [0.0, 0.0]
    for polygon in polygons(geometry, arcs):
        for index, points in enumerate(polygon):
            projected = [frame(lon, lat) for lon, lat in points]
            part_area = abs(signed_area(projected))
            if index == 0:  # the outer ring gives the area and the label's centre
                area += part_area
                cx = sum(p[0] for p in projected) / len(projected)
                cy = sum(p[1] for p in projected) / len(projected)
                weighted[0] += cx * part_area
                weighted[1] += cy * part_area
            thinned = simplify(projected, TOLERANCE)
            rounded = []
            for x, y in thinned:
                point = (round(x), round(y))
                if not rounded or rounded[-1] != point:
                    rounded.append(point)
            if len(rounded) >= 3:
                rings.append(rounded)
    centre = (round(weighted[0] / area), round(weighted[1] / area)) if area else None
    return rings, round(area), centre


def alpha2(numeric_id):
    from django_countries import countries

    return countries.alpha2(int(numeric_id)) if numeric_id else ""


def main(folder: str):
    import django
    from django.conf import settings

    settings.configure()
    django.setup()
    source = Path(folder)
    frame = Frame(lat_min=-56, lat_max=84)
    shapes, others = {}, []
    topology = json.loads((source / "countries-110m.json").read_text())
    arcs = decode_arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha2(geometry.get("id"))
        if code in DROPPED:
            continue
        rings, area, centre = project_rings(geometry, arcs, frame)
        if not rings:
            continue
        if code:
            shapes[code] = {"d": path_data(rings), "area": area, "centre": centre}
        else:  # disputed areas without an ISO code (Kosovo, Somaliland, N. Cyprus): land only
            others.append(path_data(rings))
    points = {}
    detailed = json.loads((source / "countries-50m.json").read_text())
    detailed_arcs = decode_arcs(detailed)
    for geometry in detailed["objects"]["countries"]["geometries"]:
        code = alpha2(geometry.get("id"))
        if code and code not in shapes and code not in DROPPED:
            _rings, _area, centre = project_rings(geometry, detailed_arcs, frame)
            if centre:
                points[code] = centre
    data = {
        "source": "Natural Earth 1:110m and 1:50m countries, via world-atlas 2.0.2",
        "projection": "Equal Earth",
        "width": WIDTH,
        "height": frame.height,
        "shapes": dict(sorted(shapes.items())),
        "points": dict(sorted(points.items())),
        "unnamed": "".join(others),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n")
    print(f"{len(shapes)} shapes, {len(points)} points, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package")
