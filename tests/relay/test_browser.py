"""The contact relay in a real browser: signing in, writing to another organisation by keyboard
without JavaScript, the own-organisation switch and the report page, axe-clean in three
languages and no wider than a 320 px phone."""

import re

import pytest
from django.contrib.auth import get_user_model

from mailer.models import OutboundEmail
from partners.models import Partner
from tests.accounts.factories import PASSWORD, FocalPointFactory, UserFactory
from tests.browser.test_layout import OVERFLOW_JS
from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def relay_site(site, settings):
    settings.MAILER_SEND_ON_COMMIT = False  # the mail stays in the outbox for the test to read
    FocalPointFactory(
        partner=Partner.objects.get(slug="ilo"), user=UserFactory(email="fp@ilo.test")
    )
    FocalPointFactory(
        partner=Partner.objects.get(slug="ituc"), user=UserFactory(email="fp@ituc.test")
    )
    return site


def sign_in(page, site, email):
    page.goto(site.url + "/account/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    assert "/account/" in page.url and "/login/" not in page.url


def test_writing_to_another_organisation_by_keyboard_without_javascript(relay_site, nojs_page):
    page, site = nojs_page, relay_site
    sign_in(page, site, "fp@ilo.test")
    page.goto(site.url + "/partners/ituc/")
    page.focus("#id_subject")
    page.keyboard.type("Joint statement")
    page.keyboard.press("Tab")
    page.keyboard.type("Shall we draft it together?")
    page.keyboard.press("Tab")
    with page.expect_navigation():  # wait for the answer to the post, not the page before it
        page.keyboard.press("Enter")
    assert "Your message was sent to the focal points of" in page.inner_text("main")
    email = OutboundEmail.objects.get()
    assert (email.to, email.reply_to) == (["fp@ituc.test"], ["fp@ilo.test"])
    assert not re.search(r"fp@\w+\.test", page.content())


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
def test_relay_pages_are_accessible_and_fit_a_phone(relay_site, page, prefix):
    site = relay_site
    sign_in(page, site, "fp@ilo.test")
    paths = [
        "/partners/ituc/",  # the form
        "/partners/ilo/",  # one's own organisation: the receive switch
        "/messages/to/ituc/",
    ]
    for path in paths:
        page.goto(site.url + prefix + path)
        assert page.locator("form.relay-form").count() == 1, prefix + path  # signed in
        assert axe_violations(page) == [], prefix + path
    page.goto(site.url + prefix + "/messages/to/ituc/")
    page.click("form.relay-form button[type=submit]")  # empty: the errors are shown on the page
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 1
    assert axe_violations(page) == [], "errors"
    page.set_viewport_size({"width": 320, "height": 800})
    for path in paths:
        page.goto(site.url + prefix + path)
        assert page.evaluate(OVERFLOW_JS) is None, prefix + path


def test_the_report_page_is_accessible(relay_site, page):
    from relay.services import send_contact_message

    sender = get_user_model().objects.get(email="fp@ilo.test")
    message = send_contact_message(
        user=sender,
        partner=Partner.objects.get(slug="ituc"),
        subject="Hello",
        body="Text",
        language="en",
    )
    path = re.search(r"/messages/report/\S+/", OutboundEmail.objects.get().body_text).group()
    assert message.pk
    page.goto(relay_site.url + path)
    assert axe_violations(page) == []
    page.click("form.relay-form button[type=submit]")
    page.wait_for_load_state()
    assert "Message reported" in page.inner_text("main")
    assert axe_violations(page) == []
