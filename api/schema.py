"""OpenAPI parameters read from the pages' own FilterSets, so the documentation cannot drift."""

import django_filters
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

COMMON = [
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1.", examples=[]),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description=f"Records per page: 1 to {settings.API_MAX_PAGE_SIZE} "
        f"(default {settings.PAGE_SIZE}).",
    ),
    OpenApiParameter(
        "facets",
        OpenApiTypes.BOOL,
        description="true: add each filter's options with counts under the other active filters.",
    ),
    OpenApiParameter(
        "lang",
        str,
        enum=[code for code, _name in settings.LANGUAGES],
        description="Language of labels and country names (default: Accept-Language, else en).",
    ),
]
UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only records changed after this ISO 8601 date or date-time (UTC if no zone), "
    "for incremental harvesting.",
)


def filter_parameters(filterset_class, examples=None) -> list[OpenApiParameter]:
    """One parameter per filter of the page; repeat a parameter for OR (`?type=a&type=b`)."""
    examples = examples or {}
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        many = isinstance(filter_, django_filters.MultipleChoiceFilter)
        kind = OpenApiTypes.DATE if isinstance(filter_, django_filters.DateFilter) else str
        choices = filter_.extra.get("choices")
        enum = [value for value, _label in choices] if isinstance(choices, list | tuple) else None
        description = str(filter_.label or name)
        if many:
            description += " (repeat for several values: any of them)"
        parameters.append(
            OpenApiParameter(
                name,
                kind,
                many=many,
                explode=True if many else None,
                enum=enum or None,
                description=description,
            )
        )
    return parameters
