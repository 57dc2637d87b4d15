"""Admin pages in a real browser: logging in works, axe finds no WCAG 2.1 AA violation, and the
strict Content-Security-Policy blocks nothing (no inline script or style in our templates)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from actiongroups.models import ActionGroup
from common.roles import SECRETARIAT_EDITOR, setup_roles
from events.models import Event
from partners.models import Partner
from tests.browser.test_layout import OVERFLOW_JS
from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser

PASSWORD = "a long browser password 87"
PHONE_WIDTHS = (320,)


@pytest.fixture
def editor_login(site):
    setup_roles()
    user = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_EDITOR))
    return site


def log_in(page, site):
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def admin_paths():
    group = ActionGroup.objects.get(slug="supply-chains")
    plan = group.work_plans.order_by("-start_year").first()
    event = Event.objects.order_by("pk").first()
    partner = Partner.objects.get(slug="ilo")
    return [
        "/admin/",
        "/admin/partners/partner/",
        "/admin/partners/partner/?verified=stale",
        "/admin/partners/partner/import/",
        f"/admin/partners/partner/{partner.pk}/change/",
        "/admin/pathfinders/resource/",
        "/admin/events/event/recover/",
        f"/admin/events/event/{event.pk}/change/",
        f"/admin/events/event/{event.pk}/history/",
        f"/admin/actiongroups/actiongroup/{group.pk}/work-plans/{plan.pk}/",
        f"/admin/actiongroups/actiongroup/{group.pk}/preview/",
        "/admin/partners/partner/?q=ilo",
        "/admin/password_change/",
    ]


def test_admin_pages_are_accessible(editor_login, page):
    site = editor_login
    log_in(page, site)
    assert "/admin/login/" not in page.url
    for path in admin_paths():
        response = page.goto(site.url + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path
        assert page.evaluate(OVERFLOW_JS) is None, path  # at the default 1280 px


def test_admin_pages_run_under_the_strict_csp(editor_login, browser):
    """Without bypassing the CSP: any inline script or style would be reported by the browser."""
    site = editor_login
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        log_in(page, site)
        for path in admin_paths():
            response = page.goto(site.url + path)
            assert "script-src 'self'" in response.headers["content-security-policy"], path
            html = page.content()
            assert "<script>" not in html, path
        # The slug is filled in from the name by the admin's own (external) script.
        page.goto(site.url + "/admin/events/event/add/")
        page.locator("#id_title").press_sequentially("Regional workshop")
        assert page.input_value("#id_slug") == "regional-workshop"
    finally:
        context.close()
    assert blocked == []


def test_no_admin_page_is_wider_than_a_phone(editor_login, browser):
    """The desktop width is checked with axe above; 320 px is the hardest case of the rest."""
    site = editor_login
    too_wide = []
    for width in PHONE_WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
        page = context.new_page()
        log_in(page, site)
        for path in admin_paths():
            page.goto(site.url + path)
            excess = page.evaluate(OVERFLOW_JS)
            if excess:
                too_wide.append(f"{path} at {width}px: {excess}")
        context.close()
    assert too_wide == []


def test_superuser_pages_of_stock_django_are_accessible(site, page):
    """Users and groups are stock Django pages: their two axe violations are fixed in ours."""
    get_user_model().objects.create_superuser("boss", password=PASSWORD)
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    user = get_user_model().objects.get(username="boss")
    for path in [f"/admin/auth/user/{user.pk}/change/", "/admin/auth/group/add/", "/fr/admin/"]:
        assert page.goto(site.url + path).status == 200, path
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("prefix", ["/fr", "/es"])
def test_admin_pages_are_accessible_in_french_and_spanish(editor_login, page, prefix):
    """One page of each kind (index, list, change form with inlines, custom editor) in each
    language: the admin's templates are shared, its translated labels are not."""
    site = editor_login
    log_in(page, site)
    paths = admin_paths()
    for path in (paths[0], paths[1], paths[4], paths[7], paths[9]):
        response = page.goto(site.url + prefix + path)
        assert response.status == 200, prefix + path
        assert page.locator("html").get_attribute("lang") == prefix.strip("/"), prefix + path
        assert axe_violations(page) == [], prefix + path
