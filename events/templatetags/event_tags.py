from django import template

from ..selectors import month_link

register = template.Library()


@register.simple_tag
def month_url(filterset, month):
    """The month grid of `month` with the current filters."""
    return month_link(filterset, month)
