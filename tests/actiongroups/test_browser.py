"""The group pages in a real browser: axe finds no WCAG 2.1 AA violation; no JavaScript needed."""

import pytest

from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path",
    [
        "/action-groups/supply-chains/?plan=2018-2019",
        "/action-groups/supply-chains/?plan=%3Cscript%3E",
        "/action-groups/communications-and-engagement/",
        "/action-groups/rule-of-law-and-governance/",
        "/fr/action-groups/supply-chains/",
        "/es/action-groups/",
    ],
)
def test_group_pages_are_accessible(site, page, path):  # noqa: F811
    response = page.goto(site.url + path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_earlier_work_plan_opens_without_javascript(site, nojs_page):  # noqa: F811
    nojs_page.goto(site.url + "/action-groups/supply-chains/")
    nojs_page.get_by_role("link", name="Work plan 2018–2019").click()
    nojs_page.wait_for_load_state()
    assert "plan=2018-2019" in nojs_page.url
    assert nojs_page.locator("#work-plan").inner_text() == "Work plan 2018–2019"
    assert nojs_page.get_by_role(
        "heading", name="Advocacy and partnerships", exact=True
    ).is_visible()
