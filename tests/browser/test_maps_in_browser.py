"""The world maps in a real browser: no overflow from 320 px up, axe clean, and without
JavaScript under the strict Content-Security-Policy every country with data is a link."""

import os
from pathlib import Path

import pytest

from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser

MAP_PAGES = [
    ("/pathfinders/", 15),
    ("/partners/?theme=child-labour", None),
    ("/events/?when=past", None),
]
WIDTHS = [320, 390, 1366]
# Set MAP_SCREENSHOTS=/some/folder to keep a picture of each page and width.
SHOTS = os.environ.get("MAP_SCREENSHOTS")


def overflow(page):
    """Pixels the page is wider than the window (0 when nothing sticks out)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def overflow_without_map(page):
    """The same with the map taken out: what the rest of the page does on its own."""
    return page.evaluate(
        """() => {
            const map = document.querySelector('.world-map');
            const marker = document.createComment('map');
            map.replaceWith(marker);
            const width = document.documentElement.scrollWidth;
            marker.replaceWith(map);
            return width - document.documentElement.clientWidth;
        }"""
    )


def test_maps_fit_every_width_and_axe_finds_nothing(site, page):
    for path, expected_areas in MAP_PAGES:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert page.goto(site.url + path).status == 200
            svg = page.locator("svg.map-svg")
            assert svg.count() == 1, path
            box = svg.bounding_box()
            assert box["width"] > 0.5 * min(width, 400)
            assert box["x"] + box["width"] <= width + overflow_without_map(page)
            # The map never makes the page scroll sideways (some list layouts still do at
            # 320 px on their own, whatever the map does: compared without it).
            assert overflow(page) <= overflow_without_map(page), f"{path} at {width}px"
            areas = page.locator("svg.map-svg a.map-area")
            assert areas.count() >= (expected_areas or 1)
            if expected_areas:
                assert areas.count() == expected_areas
            page.locator(".map-table summary").click()  # the table twin, opened
            assert overflow(page) <= overflow_without_map(page), f"{path} {width}px, table open"
            if SHOTS:
                name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
                page.screenshot(path=str(Path(SHOTS) / f"map-{name}-{width}.png"), full_page=True)
            if width in (320, 1366):
                assert axe_violations(page) == [], f"{path} at {width}px"


def test_a_country_is_a_link_without_javascript_and_nothing_breaks_the_csp(site, nojs_page):
    blocked = []
    nojs_page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    nojs_page.goto(site.url + "/pathfinders/")
    nepal = nojs_page.locator('svg.map-svg a[aria-label^="Nepal:"]')
    assert nepal.count() == 1
    fill = nepal.locator("path").evaluate("el => getComputedStyle(el).fill")
    assert fill != "rgb(0, 0, 0)", "coloured by the stylesheet, not left black"
    nepal.click()
    nojs_page.wait_for_load_state()
    assert nojs_page.url.endswith("/pathfinders/nepal/")
    assert blocked == []
