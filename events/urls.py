from django.urls import path

from . import views
from .feeds import UpcomingEventsFeed

app_name = "events"
# The feeds come before <slug:slug>/ so no event slug can shadow them.
urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("feed.atom", UpcomingEventsFeed(), name="atom"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.event_detail, name="detail"),
]
