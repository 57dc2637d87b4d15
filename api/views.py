"""The read-only API: thin views over the pages' FilterSets and the API's selectors."""

from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers as drf
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from events.filters import EventFilterSet
from partners.filters import PartnerFilterSet
from pathfinders.filters import PathfinderFilter

from . import schema, selectors, serializers
from .params import (
    LANGUAGES,
    WHEN_VALUES,
    read_params,
    read_when,
    reject_filter_errors,
    reject_unknown,
)

CACHE_SECONDS = 60
LANG = schema.COMMON[-1]
WHEN = OpenApiParameter(
    "when",
    str,
    enum=list(WHEN_VALUES),
    description="upcoming (soonest first) or past (latest first); all events when absent.",
)


class PagePagination(PageNumberPagination):
    page_size_query_param = "page_size"

    def __init__(self, page_size):
        self.page_size = page_size


class PortalView(APIView):
    """Language from `lang=`; a public, short cache lifetime on every successful answer."""

    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang")
        if lang in LANGUAGES:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response


def facets_payload(filterset):
    """Each filter's options that would give results (or are selected), with their counts.

    A facet left uncounted (a broad search) says so with `counted: false`, every option and a
    null count, rather than look empty.
    """
    return [
        {
            "name": facet.name,
            "label": facet.label,
            "counted": facet.counted,
            "options": [
                {
                    "value": o.value,
                    "label": o.label,
                    "count": o.count if facet.counted else None,
                    "selected": o.selected,
                }
                for o in facet.options
                if facet.offers(o)
            ],
        }
        for facet in filterset.facets()
    ]


class ListView(PortalView):
    """A paginated list: {count, next, previous, results[, facets]}."""

    serializer_class = None
    parameters: tuple[str, ...] = ()
    has_updated_since = True

    def rows(self, request, params):
        """(rows, filterset or None) for the validated request."""
        raise NotImplementedError

    def get(self, request):
        params = read_params(
            request.query_params, self.parameters, with_updated_since=self.has_updated_since
        )
        rows, filterset = self.rows(request, params)
        paginator = PagePagination(params.page_size)
        page = paginator.paginate_queryset(rows, request, view=self)
        body = {
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": self.serializer_class(page, many=True, context={"request": request}).data,
        }
        if params.facets and filterset is not None:
            body["facets"] = facets_payload(filterset)
        notices = getattr(filterset, "notices", None)
        if notices:
            body["notices"] = [str(notice) for notice in notices]
        return Response(body)


class DetailView(PortalView):
    serializer_class = None

    def get_object(self, slug):
        raise NotImplementedError

    def get(self, request, slug):
        reject_unknown(request.query_params, {"lang"})
        record = self.get_object(slug)
        if record is None:
            raise NotFound()
        return Response(self.serializer_class(record, context={"request": request}).data)


def paginated(serializer):
    """The documented shape of a list answer, around `serializer`'s records."""
    name = serializer.__name__.removesuffix("Serializer")
    return inline_serializer(
        f"{name}Page",
        {
            "count": drf.IntegerField(help_text="Records matching, over all pages."),
            "next": drf.URLField(allow_null=True),
            "previous": drf.URLField(allow_null=True),
            "results": serializer(many=True),
            "facets": serializers.FacetSerializer(
                many=True, required=False, help_text="With facets=true only."
            ),
            "notices": drf.ListField(
                child=drf.CharField(), required=False, help_text="e.g. a date range was cut."
            ),
        },
    )


def _list_schema(summary, description, serializer, parameters):
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"{serializer.__name__.removesuffix('Serializer').lower()}_list",
            summary=summary,
            description=description,
            parameters=parameters,
            responses=paginated(serializer),
        )
    )


def _detail_schema(summary, serializer):
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"{serializer.__name__.removesuffix('Serializer').lower()}_detail",
            summary=summary,
            parameters=[LANG],
            responses=serializer,
        )
    )


# -- partners ----------------------------------------------------------------------------------


@_list_schema(
    "Partners",
    "The partner directory with the page's filters and order: by name, `sort=joined` for "
    "the newest first, best match first when searching (`q`, accent- and typo-tolerant).",
    serializers.PartnerSerializer,
    schema.filter_parameters(PartnerFilterSet) + [*schema.COMMON, schema.UPDATED_SINCE],
)
class PartnerList(ListView):
    serializer_class = serializers.PartnerSerializer
    parameters = tuple(PartnerFilterSet.base_filters)

    def rows(self, request, params):
        filterset = selectors.partner_filterset(request.query_params, params.updated_since)
        reject_filter_errors(filterset)
        return selectors.partner_results(filterset), filterset


@_detail_schema("A partner", serializers.PartnerSerializer)
class PartnerDetail(DetailView):
    serializer_class = serializers.PartnerSerializer

    def get_object(self, slug):
        return selectors.partner_rows(selectors.published_partners()).filter(slug=slug).first()


# -- pathfinder countries ----------------------------------------------------------------------


@_list_schema(
    "Pathfinder countries",
    "The pathfinder countries with their priorities, next steps and milestones, filtered as "
    "on the overview page; ordered by English name.",
    serializers.PathfinderSerializer,
    schema.filter_parameters(PathfinderFilter) + [*schema.COMMON, schema.UPDATED_SINCE],
)
class PathfinderList(ListView):
    serializer_class = serializers.PathfinderSerializer
    parameters = tuple(PathfinderFilter.base_filters)

    def rows(self, request, params):
        filterset = selectors.pathfinder_filterset(request.query_params, params.updated_since)
        reject_filter_errors(filterset)
        return selectors.pathfinder_results(filterset), filterset


@_detail_schema("A pathfinder country", serializers.PathfinderSerializer)
class PathfinderDetail(DetailView):
    serializer_class = serializers.PathfinderSerializer

    def get_object(self, slug):
        return (
            selectors.pathfinder_rows(selectors.published_pathfinders()).filter(slug=slug).first()
        )


# -- action groups -----------------------------------------------------------------------------


@_list_schema(
    "Action groups",
    "The action groups with their chairs, members (partners in the directory) and work plans "
    "(objectives and outputs); ordered by name.",
    serializers.ActionGroupSerializer,
    [*schema.COMMON, schema.UPDATED_SINCE],
)
class ActionGroupList(ListView):
    serializer_class = serializers.ActionGroupSerializer

    def rows(self, request, params):
        return selectors.group_results(params.updated_since), None


@_detail_schema("An action group", serializers.ActionGroupSerializer)
class ActionGroupDetail(DetailView):
    serializer_class = serializers.ActionGroupSerializer

    def get_object(self, slug):
        return selectors.group_results().filter(slug=slug).first()


# -- events ------------------------------------------------------------------------------------


@_list_schema(
    "Events",
    "The events calendar with the list page's filters; ordered by start (`when=past`: latest "
    "first). Times are UTC with the venue's time zone.",
    serializers.EventSerializer,
    schema.filter_parameters(EventFilterSet) + [WHEN, *schema.COMMON, schema.UPDATED_SINCE],
)
class EventList(ListView):
    serializer_class = serializers.EventSerializer
    parameters = (*EventFilterSet.base_filters, "when")

    def rows(self, request, params):
        when = read_when(request.query_params)
        filterset = selectors.event_filterset(request.query_params, params.updated_since)
        reject_filter_errors(filterset)
        return selectors.event_results(filterset, when), filterset


@_detail_schema("An event", serializers.EventSerializer)
class EventDetail(DetailView):
    serializer_class = serializers.EventSerializer

    def get_object(self, slug):
        return selectors.event_rows(selectors.published_events()).filter(slug=slug).first()


# -- themes and countries ----------------------------------------------------------------------


@_list_schema(
    "Themes",
    "The shared theme vocabulary, with how many published partners, pathfinder countries "
    "(through their priorities), action groups and events carry each theme.",
    serializers.ThemeSerializer,
    schema.COMMON,
)
class ThemeList(ListView):
    serializer_class = serializers.ThemeSerializer
    has_updated_since = False

    def rows(self, request, params):
        return selectors.theme_results(), None


@_list_schema(
    "Countries",
    "The countries that appear in published content: partners headquartered or working there, "
    "events held there, and the pathfinder country hub if any; ordered by ISO code.",
    serializers.CountrySerializer,
    schema.COMMON,
)
class CountryList(ListView):
    serializer_class = serializers.CountrySerializer
    has_updated_since = False

    def rows(self, request, params):
        return selectors.country_results(), None


# -- the entry point ---------------------------------------------------------------------------

ENDPOINTS = ("partner", "pathfinder", "action-group", "event", "theme", "country")


@extend_schema(
    summary="Index",
    parameters=[LANG],
    responses=inline_serializer("Index", {"endpoints": drf.DictField(child=drf.URLField())}),
)
class Index(PortalView):
    def get(self, request):
        reject_unknown(request.query_params, {"lang"})
        endpoints = {
            name: request.build_absolute_uri(reverse(f"api:{name}-list")) for name in ENDPOINTS
        }
        endpoints["schema"] = request.build_absolute_uri(reverse("api:schema"))
        endpoints["documentation"] = request.build_absolute_uri(reverse("api:docs"))
        return Response({"endpoints": endpoints})
