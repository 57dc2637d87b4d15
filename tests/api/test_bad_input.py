"""Bad input to the API: a 400 with a JSON message, never a 500, never an HTML page."""

import pytest

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/partners/",
    "/api/v1/pathfinders/",
    "/api/v1/action-groups/",
    "/api/v1/events/",
    "/api/v1/themes/",
    "/api/v1/countries/",
]
BAD = [
    ("unknown=1", "unknown"),
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=abc", "page"),
    ("page=1&page=2", "page"),
    ("page_size=100000", "page_size"),
    ("page_size=0", "page_size"),
    ("page_size=1.5", "page_size"),
    ("facets=maybe", "facets"),
    ("lang=de", "lang"),
]


def assert_json_error(response, status=400):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    assert body["message"]
    return body


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(("query", "parameter"), BAD)
def test_bad_common_parameters(client, url, query, parameter):
    body = assert_json_error(client.get(f"{url}?{query}"))
    assert parameter in body["errors"]


@pytest.mark.parametrize("url", LISTS[:4])
@pytest.mark.parametrize("value", ["yesterday", "2019-13-45", "17/07/2019", "x" * 100, ""])
def test_updated_since_must_be_iso_8601(client, url, value):
    body = assert_json_error(client.get(url, {"updated_since": value}))
    assert "ISO 8601" in body["errors"]["updated_since"][0]


@pytest.mark.parametrize("url", LISTS[4:])
def test_lists_without_dates_refuse_updated_since(client, url):
    assert_json_error(client.get(url, {"updated_since": "2019-07-17"}))


@pytest.mark.parametrize("url", ["/api/v1/partners/", "/api/v1/events/"])
def test_ten_thousand_characters_of_q(client, url):
    body = assert_json_error(client.get(url, {"q": "labour " * 1500}))
    assert "filters" in body["errors"]


def test_the_pages_messages_for_bad_filter_values(client):
    body = assert_json_error(client.get("/api/v1/partners/?type=spaceship"))
    assert body["errors"]["filters"] == ["Unknown organisation type “spaceship” was ignored."]
    body = assert_json_error(client.get("/api/v1/events/?from=2019-07-20&to=2019-07-01"))
    assert "The end date is before the start date." in body["message"]
    assert_json_error(client.get("/api/v1/pathfinders/?stage=sleeping"))
    assert_json_error(client.get("/api/v1/events/?when=tomorrow"))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/",
        "/api/v1/nothing/",
        "/api/v1/partners/no-such-partner/",
        "/api/v1/events/no-such-event/",
        "/api/v1/partners/a/b/c/",
    ],
)
def test_unknown_addresses_are_json_404s(client, path):
    assert_json_error(client.get(path), status=404)


def test_writing_is_refused_as_json(client):
    for method in (client.post, client.put, client.delete):
        response = method("/api/v1/partners/")
        assert response.status_code == 405
        assert response["Content-Type"] == "application/json"


def test_page_past_the_end_is_a_json_404(client):
    assert_json_error(client.get("/api/v1/partners/?page=9"), status=404)


def test_addresses_without_the_final_slash_are_redirected(client):
    assert client.get("/api/").url == "/api/v1/"
    response = client.get("/api/v1/partners", follow=True)
    assert response.redirect_chain == [("/api/v1/partners/", 301)]
    assert response.status_code == 200
    response = client.get("/api/v1/nothing", follow=True)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
