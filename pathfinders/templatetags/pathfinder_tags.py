from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

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


@register.simple_tag
def content_lang(language=None):
    """` lang="xx"` for stored content when the page is in another language (WCAG 3.1.2).

    Country plans, priorities and theme names are stored in the site's main language.
    """
    language = (language or settings.LANGUAGE_CODE).split("-")[0]
    if not language or language == (get_language() or "").split("-")[0]:
        return ""
    return format_html(' lang="{}"', language)
