"""The API's documentation page, rendered on the server from the OpenAPI schema itself.

No JavaScript and no third-party assets: it works without scripts, under the strict CSP, and it
cannot drift from the API because it reads the same schema the API serves.
"""

from functools import cache

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

EXAMPLES = (
    "/api/v1/partners/?type=international_organisation&theme=child-labour",
    "/api/v1/partners/?q=fair+recruitment&facets=true",
    "/api/v1/pathfinders/nepal/",
    "/api/v1/events/?when=upcoming&lang=fr",
    "/api/v1/events/?updated_since=2019-07-17T00:00:00Z",
    "/api/v1/countries/?page_size=100",
)


@cache  # the schema follows from the code alone: built once per process
def openapi_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is not None:
            yield {
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "description": parameter.get("description", ""),
                        "values": parameter.get("schema", {}).get("enum")
                        or parameter.get("schema", {}).get("items", {}).get("enum"),
                    }
                    for parameter in operation.get("parameters", [])
                ],
            }


@require_safe
def documentation(request):
    schema = openapi_schema()
    return render(
        request,
        "api/documentation.html",
        {
            "info": schema["info"],
            "operations": list(_operations(schema)),
            "examples": EXAMPLES,
            "schema_url": reverse("api:schema"),
        },
    )
