from django.urls import path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

from . import docs, errors, views

app_name = "api"
urlpatterns = [
    path("v1/", views.Index.as_view(), name="index"),
    path("v1/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("v1/docs/", docs.documentation, name="docs"),
    path("v1/partners/", views.PartnerList.as_view(), name="partner-list"),
    path("v1/partners/<slug:slug>/", views.PartnerDetail.as_view(), name="partner-detail"),
    path("v1/pathfinders/", views.PathfinderList.as_view(), name="pathfinder-list"),
    path("v1/pathfinders/<slug:slug>/", views.PathfinderDetail.as_view(), name="pathfinder-detail"),
    path("v1/action-groups/", views.ActionGroupList.as_view(), name="action-group-list"),
    path(
        "v1/action-groups/<slug:slug>/",
        views.ActionGroupDetail.as_view(),
        name="action-group-detail",
    ),
    path("v1/events/", views.EventList.as_view(), name="event-list"),
    path("v1/events/<slug:slug>/", views.EventDetail.as_view(), name="event-detail"),
    path("v1/themes/", views.ThemeList.as_view(), name="theme-list"),
    path("v1/countries/", views.CountryList.as_view(), name="country-list"),
    path("", RedirectView.as_view(pattern_name="api:index", permanent=False)),
    # Anything else under /api/ is a JSON 404, never the site's HTML page. (Only addresses
    # ending in a slash: without one, Django first redirects to the address with the slash.)
    re_path(r"^.*/$", errors.not_found),
]
