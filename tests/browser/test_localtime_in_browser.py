"""The visitor's own time beside the event's, written in the page's own date style."""

import re

import pytest

pytestmark = pytest.mark.browser

GCG = "/events/5th-gcg-meeting-new-york-2019/"


@pytest.fixture
def paris_page(browser):
    # A visitor in Paris whose browser prefers US English: the page's style must still win.
    context = browser.new_context(locale="en-US", timezone_id="Europe/Paris")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    "prefix,expected",
    [
        ("", "Your local time: 17 July 2019, 16:30–19:00 (CEST)"),
        ("/fr", r"Votre heure locale : 17 juillet 2019, 16:30–19:00 \((UTC\+2|CEST|HAEC)\)"),
        ("/es", r"17 de julio de 2019, 16:30–19:00 \((CEST|GMT\+2|UTC\+2)\)"),
    ],
)
def test_visitor_time_uses_the_pages_style(site, paris_page, prefix, expected):
    paris_page.goto(site.url + prefix + GCG)
    event_time = paris_page.locator("[data-localtime]").inner_text()
    local = paris_page.locator(".local-time").inner_text()
    assert "10:30" in event_time and "New York" in event_time
    assert re.search(re.escape(expected) if not prefix else expected, local), local
