"""Browser-test fixtures (loaded for the whole suite from tests/conftest.py): Playwright driving
Debian's Chromium, with axe-core checking every page.
Without Chromium the tests are skipped with the reason printed; under CI=true a missing browser
is a failure, so CI can never pass by skipping them.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from alliance87.services import load_demo_file

AXE_SCRIPT = Path(__file__).parent / "browser" / "vendor" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures make
# between page loads are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _browser_unavailable_reason():
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make test installs it)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_unavailable_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Browser tests cannot be skipped in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets axe be injected into pages served with a strict Content-Security-Policy.
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server, transactional_db):
    load_demo_file(Path(settings.BASE_DIR) / "fixtures" / "briefing_pack.json")
    return live_server


def axe_violations(page):
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in result["violations"]
    ]
