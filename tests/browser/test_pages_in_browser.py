"""Each area in a real browser: renders, links work, and axe finds no WCAG 2.1 AA violation."""

import pytest

from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser

AREAS = [
    ("/", "Ending forced labour"),
    ("/partners/", "Partners"),
    ("/pathfinders/", "Pathfinder countries"),
    ("/action-groups/", "Action groups"),
    ("/events/", "vents"),
]


@pytest.mark.parametrize("path,heading", AREAS)
def test_area_page_is_accessible_and_links_to_a_detail_page(site, page, path, heading):
    response = page.goto(site.url + path)
    assert response.status == 200
    assert heading in page.locator("h1").first.inner_text()
    assert axe_violations(page) == []

    # Follow the first link into a detail page of this area (or any area from home).
    link = page.locator("main a[href]:not(.skip-results)").first
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


@pytest.mark.parametrize("prefix,lang", [("/fr", "fr"), ("/es", "es")])
def test_translated_home_page_is_accessible(site, page, prefix, lang):
    page.goto(site.url + prefix + "/")
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_main_content(site, page):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_detail_pages_of_the_demo_content(site, page):
    for path in [
        "/pathfinders/nepal/",
        "/action-groups/supply-chains/",
        "/partners/ilo/",
        "/events/supply-chains-action-group-2nd-global-workshop-abidjan-2019/",
    ]:
        response = page.goto(site.url + path)
        assert response.status == 200, path
        assert axe_violations(page) == [], path


def test_pages_work_without_javascript(site, nojs_page):
    nojs_page.goto(site.url + "/")
    nojs_page.get_by_role("link", name="Partners").first.click()
    nojs_page.wait_for_load_state()
    assert "/partners/" in nojs_page.url
    assert nojs_page.locator("h1").inner_text() == "Partners"
