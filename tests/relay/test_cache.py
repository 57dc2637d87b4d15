"""The partner page is cached for anonymous visitors only: a signed-in focal point (a live
session) always gets a fresh page with the form, and never fills the shared entry."""

import pytest
from django.test import Client, override_settings

from tests.helpers import main_text
from tests.relay.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=300):
        yield


def test_a_signed_in_focal_point_bypasses_the_cache_and_never_fills_it(
    sender, recipient_org, recipients
):
    url = recipient_org.get_absolute_url()
    visitor = Client()
    assert visitor.get(url)["X-Cache"] == "miss"
    cached = visitor.get(url)
    assert cached["X-Cache"] == "hit"
    assert "Sign in to send a message" in main_text(cached)

    focal_point = login(Client(), sender.user)
    page = focal_point.get(url)
    assert "X-Cache" not in page  # rendered for this session, not taken from the cache
    assert 'name="message"' in page.content.decode()
    assert "Sign in to send a message" not in main_text(page)

    again = visitor.get(url)
    assert again["X-Cache"] == "hit"
    assert 'name="message"' not in again.content.decode()  # the form never reached the cache
    assert 'name="csrfmiddlewaretoken"' not in again.content.decode()


def test_the_write_page_is_never_cached(sender, recipient_org, recipients):
    focal_point = login(Client(), sender.user)
    response = focal_point.get(f"/messages/to/{recipient_org.slug}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    anonymous = Client().get(f"/messages/to/{recipient_org.slug}/")
    assert anonymous.status_code == 302  # to the sign-in page; never stored
    assert "X-Cache" not in anonymous
