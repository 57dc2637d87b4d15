"""The Translations screens in a real browser, in English, French and Spanish: no axe
violation (WCAG 2.1 AA), nothing wider than a phone, no inline script or style."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from common.roles import SECRETARIAT_EDITOR, setup_roles
from tests.backoffice.test_browser import PASSWORD, log_in
from tests.browser.test_layout import OVERFLOW_JS
from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser

PATHS = [
    "/admin/",
    "/admin/translations/translationstate/",
    "/admin/translations/translationstate/?area=themes&status=unreviewed",
    "/admin/translations/translationstate/?page=2",
    "/admin/translations/translationstate/import/",
]


@pytest.fixture
def editor_login(site):
    setup_roles()
    user = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_EDITOR))
    return site


def upload_junk(page, site, prefix, tmp_path):
    junk = tmp_path / "junk.po"
    junk.write_text("x" * 10_000)
    page.goto(site.url + prefix + "/admin/translations/translationstate/import/")
    page.set_input_files("input[type=file]", str(junk))
    page.click("input[name=_preview]")
    page.wait_for_load_state()


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
def test_translations_screens_are_accessible(editor_login, page, prefix, tmp_path):
    site = editor_login
    log_in(page, site)
    for path in PATHS:
        response = page.goto(site.url + prefix + path)
        assert response.status == 200, prefix + path
        assert page.locator("h1").count() == 1, prefix + path
        assert axe_violations(page) == [], prefix + path
    upload_junk(page, site, prefix, tmp_path)
    assert page.locator(".errornote").count() == 1
    assert axe_violations(page) == []


def test_translations_screens_fit_a_phone_under_the_strict_csp(editor_login, browser, tmp_path):
    site = editor_login
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="en-GB")
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    too_wide = []
    try:
        log_in(page, site)
        for path in PATHS:
            page.goto(site.url + path)
            excess = page.evaluate(OVERFLOW_JS)
            if excess:
                too_wide.append(f"{path}: {excess}")
        upload_junk(page, site, "", tmp_path)
        if page.evaluate(OVERFLOW_JS):
            too_wide.append("import with errors")
    finally:
        context.close()
    assert too_wide == []
    assert blocked == []
