"""Fair use of the API: rate limits with Retry-After, ETags, open CORS for reading, caching."""

import pytest
from django.test import override_settings

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@override_settings(API_RATE_LIMIT="3/minute")
def test_anonymous_rate_limit_answers_429_with_retry_after(client):
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    response = client.get("/api/v1/partners/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Try again in" in response.json()["message"]
    # Another address has its own allowance.
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.0.0.9").status_code == 200


@override_settings(API_RATE_LIMIT="3/minute")
def test_the_pages_are_not_limited(client):
    for _ in range(5):
        assert client.get("/partners/").status_code == 200


def test_etag_gives_not_modified_until_the_content_changes(client):
    partner = PartnerFactory(name="Before")
    first = client.get("/api/v1/partners/")
    etag = first["ETag"]
    assert client.get("/api/v1/partners/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    partner.name = "After"
    partner.save()
    changed = client.get("/api/v1/partners/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["results"][0]["name"] == "After"


def test_answers_are_publicly_cacheable(client):
    response = client.get("/api/v1/partners/")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]
    assert "public" not in client.get("/api/v1/partners/?page=0").get("Cache-Control", "")


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=300)
def test_the_page_cache_serves_the_api_and_a_change_invalidates_it(client):
    partner = PartnerFactory(name="Before")
    assert client.get("/api/v1/partners/")["X-Cache"] == "miss"
    cached = client.get("/api/v1/partners/")
    assert cached["X-Cache"] == "hit"
    assert cached["Access-Control-Allow-Origin"] == "*"
    partner.name = "After"
    partner.save()
    fresh = client.get("/api/v1/partners/")
    assert fresh["X-Cache"] == "miss"
    assert fresh.json()["results"][0]["name"] == "After"


def test_cors_is_open_for_reading(client):
    response = client.get("/api/v1/partners/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/partners/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Origin"] == "*"
    # Not for writing, and not for the pages.
    assert "Access-Control-Allow-Origin" not in client.post("/api/v1/partners/")
    assert "Access-Control-Allow-Origin" not in client.get("/partners/")


def test_no_cookie_is_set_by_the_api(client):
    response = client.get("/api/v1/partners/?lang=fr")
    assert not response.cookies
