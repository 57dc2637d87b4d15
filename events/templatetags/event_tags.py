from django import template

from events import presentation
from events.selectors import month_link

register = template.Library()


@register.simple_tag
def month_url(filterset, month):
    """The month grid of `month` with the current filters."""
    return month_link(filterset, month)


@register.inclusion_tag("events/includes/when.html")
def event_when(event):
    """An event's date and time as its own place reads them (the only way pages show them)."""
    return {"when": presentation.describe(event)}


@register.simple_tag
def event_date(event):
    """Only the day(s) or month of an event, in its own zone, for short lists."""
    return presentation.date_only(event)


@register.simple_tag
def describe_event(event):
    """The parts of an event's date, for `{% describe_event event as when %}`."""
    return presentation.describe(event)


@register.simple_tag
def took_place(event):
    return presentation.took_place_text(event)


@register.simple_tag
def intl_locale():
    """The browser locale matching the page's date style ("en-GB" on English pages)."""
    return presentation.intl_locale()
