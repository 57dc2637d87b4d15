"""The OpenAPI 3 schema the portal serves: valid, complete, and every endpoint in it answers."""

import re

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = {
    "/api/v1/partners/",
    "/api/v1/pathfinders/",
    "/api/v1/action-groups/",
    "/api/v1/events/",
    "/api/v1/themes/",
    "/api/v1/countries/",
}
# A real identifier for each {slug} of the demo content.
SLUGS = {
    "partners": "ilo",
    "pathfinders": "nepal",
    "action-groups": "supply-chains",
    "events": "5th-gcg-meeting-new-york-2019",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises on any violation of the OpenAPI 3 specification


def test_schema_lists_every_endpoint_with_the_pages_filters(schema):
    assert set(schema["paths"]) >= LIST_ENDPOINTS
    partner_parameters = {
        p["name"] for p in schema["paths"]["/api/v1/partners/"]["get"]["parameters"]
    }
    assert {"q", "type", "region", "country", "theme", "group", "sort"} <= partner_parameters
    assert {"page", "page_size", "updated_since", "facets", "lang"} <= partner_parameters
    event_parameters = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {"tag", "type", "country", "group", "pathfinder", "host", "from", "to"} <= (
        event_parameters
    )


def _concrete(path):
    area = path.split("/")[3]
    return re.sub(r"\{slug\}", SLUGS.get(area, ""), path)


def _component(schema, reference_holder):
    name = reference_holder["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]


def test_every_endpoint_of_the_schema_answers_as_documented(client, demo_content, schema):
    walked = 0
    for path, operations in schema["paths"].items():
        response = client.get(_concrete(path))
        assert response.status_code == 200, path
        if path == "/api/v1/schema/":
            continue
        body = response.json()
        response_schema = operations["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
        documented = _component(schema, response_schema)
        record = body
        if path in LIST_ENDPOINTS:
            assert (
                set(body)
                == set(documented["required"])
                == {
                    "count",
                    "next",
                    "previous",
                    "results",
                }
            ), path
            documented = _component(schema, documented["properties"]["results"]["items"])
            record = body["results"][0]
        assert set(documented["properties"]) == set(record), path
        walked += 1
    assert walked >= 11


def test_documentation_page_is_served_without_scripts(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/partners/" in html and "updated_since" in html
    assert "<script" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    # --fail-on-warn: an undocumented field or a clashing operation id fails the build.
    target = tmp_path / "openapi.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.stat().st_size > 1000


@pytest.mark.parametrize(
    ("page", "api"),
    [
        (
            "/partners/?type=international_organisation&theme=child-labour&theme=nonsense&page=1",
            "/api/v1/partners/?type=international_organisation&theme=child-labour",
        ),
        ("/pathfinders/?stage=roadmap_adopted", "/api/v1/pathfinders/?stage=roadmap_adopted"),
        ("/events/?when=past&type=workshop", "/api/v1/events/?type=workshop&when=past"),
        ("/events/", "/api/v1/events/?when=upcoming"),
        ("/action-groups/", "/api/v1/action-groups/"),
        ("/fr/partners/?q=unicef", "/api/v1/partners/?q=unicef"),
    ],
)
def test_every_list_page_links_to_the_same_view_in_the_api(client, demo_content, page, api):
    html = client.get(page).content.decode()
    link = api.replace("&", "&amp;")
    assert f'<a href="{link}" type="application/json">' in html
    assert client.get(api).status_code == 200  # the page's ignored values are left out
