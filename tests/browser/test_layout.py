"""Every public page at phone and desktop widths: never wider than the screen (WCAG 1.4.10),
results first on a phone, axe-clean in French and Spanish. Full-page screenshots of every page at
each width are saved to a pytest temporary directory (printed by the test, kept by pytest)."""

import pytest

from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1366)
PHONE = {"width": 390, "height": 844}

PUBLIC_PATHS = [
    "/",
    "/partners/",
    "/partners/ilo/",
    "/pathfinders/",
    "/pathfinders/nepal/",
    "/pathfinders/vietnam/",
    "/action-groups/",
    "/action-groups/supply-chains/",
    "/events/",
    "/events/?when=past",
    "/events/?view=month&month=2019-07",
    "/events/5th-gcg-meeting-new-york-2019/",
    "/events/supply-chains-action-group-2nd-global-workshop-abidjan-2019/",
    "/about/",
    "/contact/",
    "/privacy/",
    "/accessibility/",
]

# For axe in French and Spanish: a page of each kind (English: see test_pages_in_browser.py).
AXE_PATHS = [
    "/",
    "/partners/",
    "/pathfinders/nepal/",
    "/action-groups/supply-chains/",
    "/events/?when=past",
    "/events/?view=month&month=2019-07",
    "/accessibility/",
]

# Internal state and apologies that public pages leave out (staff previews keep some of them).
INTERNAL_STATE = [
    "not recorded",
    "Not yet verified",
    "not yet available",
    "No outputs defined",
    "No options match",
    "outputs done (0%)",
]

# The first result of each list, and the page whose list it is. /events/ opens on upcoming events,
# none in the 2019 demo content, so the past list stands for it.
FIRST_RESULTS = [
    ("/partners/", "#results .card h3 a"),
    ("/pathfinders/", "#results tbody th a"),
    ("/events/", "#results .event-card h3 a"),  # no upcoming event: the recent ones
]

# How wide a page is beyond the window (0 when it fits); the widest element names the culprit.
OVERFLOW_JS = """() => {
  const excess = document.documentElement.scrollWidth - window.innerWidth;
  if (excess <= 0) return null;
  let widest = null;
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    if (!widest || right > widest.right) widest = {right, tag: el.tagName, cls: el.className};
  }
  return `${excess}px too wide; widest: ${widest.tag}.${widest.cls}`;
}"""


def screenshot_name(path, width):
    slug = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-")
    return f"{slug or 'home'}-{width}.png"


def test_no_public_page_is_wider_than_the_screen(site, browser, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    too_wide, internal = [], []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
        page = context.new_page()
        for path in PUBLIC_PATHS + ["/no-such-page/"]:
            response = page.goto(site.url + path)
            assert response.status == (404 if path == "/no-such-page/" else 200), path
            excess = page.evaluate(OVERFLOW_JS)
            if excess:
                too_wide.append(f"{path} at {width}px: {excess}")
            if width == WIDTHS[-1]:
                text = page.locator("body").inner_text()
                internal.extend(f"{path}: {p}" for p in INTERNAL_STATE if p in text)
            page.screenshot(path=shots / screenshot_name(path, width), full_page=True)
        context.close()
    print(f"Screenshots: {shots}")
    assert too_wide == []
    assert internal == []


def test_first_result_is_on_a_phones_first_screen_and_five_tabs_away(site, browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    failures = []
    for path, first_result in FIRST_RESULTS:
        # Scripts that enhance the list run after "load"; measure once they have settled.
        page.goto(site.url + path, wait_until="networkidle")
        result = page.locator(first_result).first
        box = result.bounding_box()
        if box["y"] + box["height"] > PHONE["height"]:
            failures.append(f"{path}: first result at {box['y']}px")
        # The filters are folded: the disclosure is there, closed.
        assert page.locator("details.filters-disclosure:not([open]) > summary").is_visible()
        visited = []
        if tab_stops_to(page, result, visited) > 5:
            failures.append(f"{path}: first result not reached in 5 Tab stops: {visited}")
    context.close()
    assert failures == []


def tab_stops_to(page, target, visited, limit=5):
    """Tab stops from the top of main, following "Skip to results" when it comes (limit + 1:
    not reached)."""
    page.focus("#main")
    for stop in range(1, limit + 1):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("document.activeElement.outerHTML.slice(0, 60)"))
        if page.evaluate("document.activeElement.classList.contains('skip-results')"):
            page.keyboard.press("Enter")
            # Following the link is a same-page navigation, which moves focus a moment later.
            from playwright.sync_api import expect  # here: the module imports without Playwright

            expect(page.locator("#results")).to_be_focused(timeout=10_000)
        if target.evaluate("el => el === document.activeElement"):
            return stop
    return limit + 1


def test_filters_unfold_on_a_phone_and_stay_open_beside_results_on_a_desktop(site, browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(site.url + "/partners/?type=government")
    summary = page.locator("details.filters-disclosure > summary")
    assert summary.inner_text().startswith("▸ Filters (1)") or "Filters (1)" in summary.inner_text()
    search = page.locator("#directory-q")
    assert not search.is_visible()
    summary.click()
    assert search.is_visible()
    # On a phone a ticked box does not redraw the list under the finger; "Show partners" does,
    # and folds the filters again above the new count.
    page.locator("#directory-facets input[name=type]:not(:checked)").first.check()
    page.wait_for_timeout(300)
    assert page.url.endswith("?type=government")
    page.locator("#directory-filters button[type=submit]").click()
    page.wait_for_url(lambda url: url.count("type=") == 2)
    assert page.locator("details.filters-disclosure:not([open])").count() == 1
    assert "Filters (2)" in summary.inner_text()
    page.set_viewport_size({"width": 1366, "height": 800})
    page.reload()
    assert search.is_visible() and not summary.is_visible()
    # Beside the results: the filter column ends left of where the results begin.
    filters_box = page.locator("#directory-filters").bounding_box()
    results_box = page.locator("#results").bounding_box()
    assert filters_box["x"] + filters_box["width"] <= results_box["x"]
    context.close()


@pytest.mark.parametrize("prefix,width", [("/fr", 1366), ("/es", 390)])
def test_public_pages_are_accessible_in_french_and_spanish(site, browser, prefix, width):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, bypass_csp=True, locale="en-GB"
    )
    page = context.new_page()
    violations = {}
    for path in AXE_PATHS:
        page.goto(site.url + prefix + path)
        assert page.locator("html").get_attribute("lang") == prefix.strip("/")
        found = axe_violations(page)
        if found:
            violations[path] = found
    context.close()
    assert violations == {}
