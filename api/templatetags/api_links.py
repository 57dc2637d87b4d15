"""`{% api_link "partner" filterset %}`: the list page's current view as an API address.

Only the valid filter values of the page go into the link (what the page applied, not what was
typed), so following it never meets the API's stricter 400 for a value the page ignored.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


def api_list_url(area, filterset=None, **extra) -> str:
    pairs = []
    if filterset is not None and filterset.is_bound:
        for name in filterset.filters:
            pairs.extend((name, value) for value in filterset.selected_values(name))
    pairs.extend((name, value) for name, value in extra.items() if value)
    url = reverse(f"api:{area}-list")
    return f"{url}?{urlencode(pairs)}" if pairs else url


@register.inclusion_tag("api/includes/api_link.html")
def api_link(area, filterset=None, when=None):
    if when not in ("upcoming", "past"):
        when = None
    return {"url": api_list_url(area, filterset, when=when), "docs_url": reverse("api:docs")}
