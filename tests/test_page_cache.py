"""Anonymous public pages are cached, and a change in the back office shows on the next request."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.backoffice.helpers import change_form_data
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=300):
        yield


def test_second_anonymous_request_is_served_from_cache(client, django_assert_num_queries):
    PartnerFactory(name="Global March Against Child Labour")
    first = client.get(reverse("partners:list"))
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(reverse("partners:list"))
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_admin_change_is_visible_on_the_next_request(client, admin_user):
    partner = PartnerFactory(name="Old name")
    assert "Old name" in client.get(reverse("partners:list")).content.decode()

    editor = client.__class__()
    editor.force_login(admin_user)
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = change_form_data(editor.get(url))
    data["name"] = "New name"
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    html = client.get(reverse("partners:list")).content.decode()
    assert "New name" in html and "Old name" not in html


def test_languages_are_cached_separately(client):
    PartnerFactory()
    english = client.get("/partners/")
    french = client.get("/fr/partners/")
    assert english.content != french.content
    assert client.get("/fr/partners/").content == french.content


def test_logged_in_staff_never_get_cached_pages(admin_client):
    admin_client.get(reverse("partners:list"))
    assert "X-Cache" not in admin_client.get(reverse("partners:list"))


def test_etag_gives_304(client):
    PartnerFactory()
    first = client.get(reverse("partners:list"))
    etag = first["ETag"]
    assert client.get(reverse("partners:list"), HTTP_IF_NONE_MATCH=etag).status_code == 304
