"""Cached pages are compressed once when stored and served compressed to clients that accept it."""

import gzip

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=300):
        yield


@pytest.fixture
def directory(db):
    PartnerFactory.create_batch(5, description="Works on Target 8.7 " * 20)
    return reverse("partners:list")


def vary(response):
    return {value.strip().lower() for value in response["Vary"].split(",")}


def test_a_client_accepting_gzip_gets_the_stored_compressed_page(client, directory):
    miss = client.get(directory, **GZIP)
    plain = client.get(directory)
    hit = client.get(directory, **GZIP)
    assert miss["X-Cache"] == "miss" and plain["X-Cache"] == "hit"
    assert hit["X-Cache"] == "hit"
    for response in (miss, hit):
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == plain.content
        assert int(response["Content-Length"]) == len(response.content)
        assert "accept-encoding" in vary(response)
    assert len(hit.content) * 2 < len(plain.content)


def test_a_client_without_gzip_gets_the_page_decompressed(client, directory):
    client.get(directory, **GZIP)  # filled by a client that accepts gzip
    for headers in ({}, {"HTTP_ACCEPT_ENCODING": "identity"}, {"HTTP_ACCEPT_ENCODING": "gzip;q=0"}):
        response = client.get(directory, **headers)
        assert response["X-Cache"] == "hit"
        assert not response.has_header("Content-Encoding")
        assert b"<html" in response.content
        assert int(response["Content-Length"]) == len(response.content)
        assert "accept-encoding" in vary(response)


def test_either_encoding_answers_its_own_etag_with_304(client, directory):
    plain = client.get(directory)
    compressed = client.get(directory, **GZIP)
    assert compressed["ETag"] == "W/" + plain["ETag"]
    assert client.get(directory, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304
    again = client.get(directory, HTTP_IF_NONE_MATCH=compressed["ETag"], **GZIP)
    assert again.status_code == 304


def test_a_page_that_is_not_stored_is_not_compressed_by_the_cache(admin_client, directory):
    response = admin_client.get(directory, **GZIP)
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content
