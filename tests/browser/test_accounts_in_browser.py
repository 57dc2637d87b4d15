"""Focal-point pages and the suggestion form in a real browser: axe-clean at 320 px in three
languages, the proof of work solved by the page's script, and the no-JavaScript path."""

import re

import pytest

from accounts import services
from accounts.models import ChangeRequest
from tests.accounts.factories import PASSWORD
from tests.browser_support import axe_violations
from tests.factories import PartnerFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def partner(transactional_db):
    return PartnerFactory(name="Walk Free", slug="walk-free")


def fits_320(page):
    page.set_viewport_size({"width": 320, "height": 800})
    return page.evaluate("document.documentElement.scrollWidth <= 320")


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
def test_suggestion_form_is_accessible_at_320px(live_server, page, partner, prefix):
    page.set_viewport_size({"width": 320, "height": 800})
    response = page.goto(f"{live_server.url}{prefix}/account/suggest/?partner=walk-free")
    assert response.status == 200
    assert fits_320(page)
    assert axe_violations(page) == []


def test_the_page_solves_the_challenge_and_the_suggestion_arrives(live_server, page, partner):
    page.goto(f"{live_server.url}/partners/walk-free/")
    page.get_by_role("link", name=re.compile("Suggest a correction")).click()
    page.wait_for_function(
        "document.querySelector('input[name=pow_number]').value !== ''", timeout=60_000
    )
    assert page.locator("[data-pow-fallback]").is_hidden()
    page.fill("#id_message", "The website moved.")
    page.fill("#id_reply_email", "visitor@example.net")
    page.get_by_role("button", name="Send the suggestion").click()
    assert "Thank you" in page.locator("h1").inner_text()
    assert ChangeRequest.objects.get().partner_id == partner.pk


def test_without_javascript_the_sum_works(live_server, nojs_page, partner):
    nojs_page.goto(f"{live_server.url}/account/suggest/")
    question = nojs_page.locator("label[for=id_answer]").inner_text()
    first, second = re.search(r"(\d) \+ (\d)", question).groups()
    nojs_page.fill("#id_name", "Anti-Slavery Network")
    nojs_page.fill("#id_message", "Missing from the directory.")
    nojs_page.fill("#id_reply_email", "visitor@example.net")
    nojs_page.fill("#id_answer", str(int(first) + int(second)))
    nojs_page.get_by_role("button", name="Send the suggestion").click()
    assert "Thank you" in nojs_page.locator("h1").inner_text()


def test_invitation_to_dashboard_by_keyboard_and_accessible(live_server, page, partner):
    _invitation, token = services.create_invitation(email="fp@example.org", partner=partner)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/account/invitation/{token}/")
    assert axe_violations(page) == []
    page.locator("#id_password1").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Your focal-point account" in page.locator("h1").inner_text()
    assert fits_320(page)
    assert axe_violations(page) == []
    for path in ("/account/profile/", "/fr/account/profile/", "/es/account/"):
        page.goto(live_server.url + path)
        assert fits_320(page), path
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
def test_login_page_is_accessible(live_server, page, transactional_db, prefix):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}{prefix}/account/login/")
    assert fits_320(page)
    assert axe_violations(page) == []


def test_secretariat_queue_and_review_screen_are_accessible(live_server, page, partner):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from common.roles import SECRETARIAT_EDITOR, setup_roles
    from tests.accounts.factories import FocalPointFactory

    setup_roles()
    editor = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=SECRETARIAT_EDITOR))
    focal_point = FocalPointFactory(partner=partner)
    request = services.submit_profile_change(focal_point, {"description": "New description"})
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    for path in (
        "/admin/accounts/changerequest/",
        f"/admin/accounts/changerequest/{request.pk}/change/",
        "/admin/accounts/invitation/add/",
        "/fr/admin/accounts/changerequest/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert axe_violations(page) == [], path
    page.goto(f"{live_server.url}/admin/accounts/changerequest/{request.pk}/change/")
    with page.expect_navigation():
        page.click("input[name=_approve]")
    partner.refresh_from_db()
    assert partner.description == "New description"


def test_the_hub_shows_progress_updates_accessibly(live_server, page, transactional_db):
    from accounts.models import ProgressUpdate
    from tests.pathfinders.factories import NextStepFactory, PathfinderCountryFactory

    country = PathfinderCountryFactory(country="NP", name="Nepal", slug="nepal")
    step = NextStepFactory(country=country, text="Adopt the plan", status="done")
    ProgressUpdate.objects.create(
        country=country, next_step=step, new_status="done", note="Adopted by the cabinet."
    )
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/pathfinders/nepal/")
    section = page.locator("section[aria-labelledby=progress-updates]")
    assert "Adopted by the cabinet." in section.inner_text()
    assert "now Done" in section.inner_text()
    assert fits_320(page)
    assert axe_violations(page) == []
