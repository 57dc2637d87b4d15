"""Atom feed of upcoming events, honouring the same filters as the events page."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from common.text import XmlSafeAtom1Feed

from . import presentation, selectors
from .filters import EventFilterSet


@dataclass
class FeedRequest:
    request: HttpRequest
    filterset: EventFilterSet

    def list_url(self) -> str:
        query = self.filterset.query_string()
        return reverse("events:list") + (f"?{query}" if query else "")


class UpcomingEventsFeed(Feed):
    # Rows saved before control characters were stripped on save must not break the feed.
    feed_type = XmlSafeAtom1Feed

    def get_object(self, request, *args, **kwargs):
        # The Feed instance is shared by all requests: per-request state lives in this object.
        return FeedRequest(
            request, EventFilterSet(request.GET, queryset=selectors.published_events())
        )

    def title(self, obj):
        title = gettext("Alliance 8.7: upcoming events")
        chips = obj.filterset.active_filters()
        if chips:
            title += " – " + ", ".join(chip.value_label for chip in chips)
        return title

    def subtitle(self, obj):
        return gettext("Events of Alliance 8.7 and its partners.")

    def link(self, obj):
        return obj.list_url()

    def feed_url(self, obj):
        return obj.request.get_full_path()

    def items(self, obj):
        return selectors.atom_events(obj.filterset)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [presentation.describe(item).text]
        place = ", ".join(
            p for p in (item.city, str(item.country.name) if item.country else "") if p
        )
        if place:
            parts.append(place)
        if item.status != "scheduled":
            parts.insert(0, str(item.get_status_display()))
        text = " · ".join(parts)
        if item.description:
            text += "\n\n" + item.description[:1000]
        return text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.ical_uid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
