from django import template
from django.utils.translation import get_language, get_language_info

from common.templatetags.portal import content_lang

register = template.Library()


@register.filter
def iso_fuzzy(value, precision="day"):
    """The machine-readable form of a date known to a precision, for <time datetime>."""
    if not value:
        return ""
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


@register.filter
def other_language_name(code):
    """The name of a resource's language when it differs from the page's, else ""."""
    code = (code or "").split("-")[0].lower()
    current = (get_language() or "").split("-")[0]
    if not code or code == current:
        return ""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


# Shared with every app; registered here too so pathfinder templates need one {% load %}.
register.simple_tag(content_lang)


@register.filter
def startswith(text, prefix):
    """True when `text` begins with `prefix`: a lesson whose text repeats its title shows once."""
    return bool(text and prefix) and str(text).startswith(str(prefix))
