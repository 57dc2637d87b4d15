"""The portal search and the API documentation in a real browser: accessible, usable without
JavaScript and on a 320 px screen.

(Chromium does not apply the CSP to JSON-LD data blocks, so whether their hashes are allowed is
checked on the header itself, in tests/api/test_structured_data.py.)"""

import pytest

from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser


def test_header_search_without_javascript(site, nojs_page):
    nojs_page.set_viewport_size({"width": 320, "height": 640})
    nojs_page.goto(site.url + "/events/")
    box = nojs_page.get_by_role("searchbox", name="Search the portal")
    box.fill("fair recruitment")
    box.press("Enter")
    nojs_page.wait_for_load_state()
    assert "/search/?q=fair+recruitment" in nojs_page.url
    assert nojs_page.get_by_role("heading", name="Pathfinder countries").count() == 1
    nojs_page.get_by_role("link", name="Nepal").first.click()
    nojs_page.wait_for_load_state()
    assert nojs_page.url.endswith("/pathfinders/nepal/")
    # Nothing wider than the screen.
    assert nojs_page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize(
    "path",
    ["/search/?q=fair+recruitment", "/fr/search/?q=travail", "/search/?q=zzzz", "/api/v1/docs/"],
)
def test_pages_are_accessible(site, page, path):
    response = page.goto(site.url + path)
    assert response.status == 200
    assert axe_violations(page) == []
