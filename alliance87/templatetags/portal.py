from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse, translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from alliance87.translated import active_language, lacks_translation, text_language

register = template.Library()


def _current_query(context) -> QueryDict:
    """The page's query string as its filters accepted it.

    A value the filters rejected (reported on the page) is not carried into the links built
    from it; pages without filters use the request's query string as it is.
    """
    filterset = context.get("filterset")
    accepted = getattr(filterset, "data", None)
    if isinstance(accepted, QueryDict):
        return accepted.copy()
    return context["request"].GET.copy()


@register.filter
def same_site_path(path: str) -> str:
    """The path with exactly one leading slash, safe to link to.

    A request for `//evil.example/` (or `/\\evil.example/`) reaches the 404 page with that path;
    linked as it is, a browser reads it as another site's address.
    """
    return "/" + str(path).lstrip("/\\")


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters set (or removed when given None/"")."""
    query = _current_query(context)
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_without(context, key, value=None):
    """The current query string without one parameter, or without one of its values."""
    query = _current_query(context)
    if value is None:
        query.pop(key, None)
    else:
        remaining = [v for v in query.getlist(key) if v != str(value)]
        query.setlist(key, remaining)
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    query = _current_query(context).urlencode()
    path = same_site_path(request.path)
    here = f"{path}?{query}" if query else path
    languages = []
    for code, _name in context.get("LANGUAGES", []):
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(here, code),
                "current": code == current,
            }
        )
    return {"languages": languages}


@register.filter
def fuzzy_date(value, precision="day"):
    """A date shown only as precisely as it is known ("October 2018", "2019")."""
    if not value:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


@register.filter
def percent(part, whole):
    try:
        return round(100 * int(part) / int(whole)) if int(whole) else 0
    except (TypeError, ValueError):
        return 0


@register.simple_tag(takes_context=True)
def nav_current(context, url_name):
    """aria-current on the navigation link of the section being viewed."""
    if context["request"].path.startswith(reverse(url_name)):
        return mark_safe(' aria-current="page"')  # noqa: S308 - a constant
    return ""


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """This page's absolute address in each language, for hreflang links and the canonical one."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    # A path such as //evil.example/ would otherwise be read as another host's address.
    path = same_site_path(request.path)
    alternates = [
        {"code": code, "url": request.build_absolute_uri(translate_url(path, code))}
        for code, _name in settings.LANGUAGES
    ]
    canonical = next((a["url"] for a in alternates if a["code"] == current), None)
    return {
        "languages": alternates,
        "canonical": canonical or request.build_absolute_uri(path),
        "default": alternates[0]["url"] if alternates else canonical,
    }


@register.simple_tag
def content_lang(source=None, field=None):
    """` lang="xx"` for stored content not in the page's language (WCAG 3.1.2).

    `{% content_lang obj "field" %}`: translatable content (issue 15) is in the page's language
    unless it fell back to English, which is then marked ` lang="en"`. `{% content_lang "fr" %}`:
    text known to be in that language (a document's own). Without arguments: text stored once,
    in the site's main language (names of bodies, roles).
    """
    if field is not None and not isinstance(source, str):
        language = text_language(source, field) if source is not None else None
    else:
        language = source
    language = (language or settings.LANGUAGE_CODE).split("-")[0]
    if not language or language == (get_language() or "").split("-")[0]:
        return ""
    return format_html(' lang="{}"', language)


# The notice on a page whose main content is not yet translated, per language of the portal.
NOT_YET_TRANSLATED = {
    "fr": _("This page is not yet available in French: its text is shown in English."),
    "es": _("This page is not yet available in Spanish: its text is shown in English."),
}


@register.inclusion_tag("includes/not_yet_translated.html")
def not_yet_translated(*sources):
    """The notice when the page's main content (the objects or lists of objects given) lacks
    the page's language and falls back to English (issue 15). Reads the rows already loaded."""
    language = active_language()
    missing = language in NOT_YET_TRANSLATED and any(
        lacks_translation(item) for source in sources for item in _items(source)
    )
    return {"notice": NOT_YET_TRANSLATED[language] if missing else ""}


def _items(source):
    if source is None or source == "":
        return []
    if isinstance(source, (list, tuple)):
        return [item for item in source if item is not None]
    return [source]
