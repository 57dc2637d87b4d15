"""Whole-page caching of public pages for anonymous visitors, invalidated by any content change.

The rules (each one closes a way the shared cache was abused):

- **Only what cannot depend on a visitor is shared.** The middleware sits outside the session,
  CSRF, messages and locale middlewares. A request with a live session (a back-office user) or a
  genuine flash message is never served from nor stored into the cache. Every other request is
  public: a hit is answered before any of that machinery runs, and a miss is rendered with the
  request's cookies removed, so nothing planted in a cookie (a message, a fake session) can reach
  the stored page. A response that still sets a cookie, varies on anything but language and
  cookies, or is private, is not stored.
- **One entry per page, not per URL spelling.** The key is the content version, scheme, host,
  language, path and a canonical form of the query parameters the page accepts
  (`accepted_query()`, by URL name); other parameters are dropped from the request itself, so
  the page rendered for the key cannot depend on them. A page not listed there is cached only
  when it has no query string.
- **Stored small, served small.** A page is gzip-compressed once, when it is stored; a client
  that accepts gzip gets those bytes as they are (`Content-Encoding: gzip`, a weak ETag, as for
  any other encoding of the page), any other client the page decompressed. Every cached answer
  says `Vary: Accept-Encoding`, so no shared cache downstream mixes the two.
- **Invalidation on every worker.** The content version is one database row
  (`common.pagecache`) that every save or delete of content changes (`common.registry`
  lists the content apps). The row is the truth; the cache backend holds a copy, so a hit is
  one cache read and no query: a change deletes the copy at once and, when its transaction
  commits, writes the new version there (a reader in between reads the row). A shared backend
  (Redis) keeps the copy until the next change: every worker sees a change on its next request.
  A cache private to each process (local memory, the default without Redis) cannot hear another
  worker's change, so there the copy lives `CONTENT_VERSION_LOCAL_SECONDS` (default 1; 0 reads
  the row on every request).
"""

import gzip
import hashlib
from functools import cache as memoize

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.module_loading import import_string

from common.content_version import content_version

# /ping/ never reaches this middleware (alliance87.middleware.PingMiddleware answers it first).
UNCACHED_PREFIXES = ("/admin/", "/health/", "/ping/", "/media/", "/static/", "/i18n/")
# Vary values a stored page may carry: the language comes from the path and the cookies were
# removed before rendering, so neither can make two visitors' pages differ.
HARMLESS_VARY = frozenset({"accept-language", "cookie"})
# The length is the served body's, compressed or not: set when serving.
STORED_HEADERS_LEFT_OUT = frozenset({"set-cookie", "x-cache", "content-length"})


@memoize
def accepted_query() -> dict[str, frozenset[str]]:
    """The query parameters each cached page reads, by URL name (from its filters' own fields)."""
    from events.filters import EventFilterSet
    from events.forms import EventViewForm
    from partners.filters import PartnerFilterSet
    from pathfinders.filters import PathfinderFilter

    events = frozenset(EventFilterSet.base_filters)
    return {
        "home": frozenset(),
        "partners:list": frozenset({*PartnerFilterSet.base_filters, "page"}),
        "partners:detail": frozenset(),
        "pathfinders:list": frozenset({*PathfinderFilter.base_filters, "page"}),
        "pathfinders:detail": frozenset(),
        "actiongroups:list": frozenset(),
        "actiongroups:detail": frozenset({"plan"}),
        "events:list": events | set(EventViewForm.base_fields) | {"page"},
        "events:calendar": events,
        "events:atom": events,
        "events:detail": frozenset(),
        "events:ics": frozenset(),
        "sitemap": frozenset({"p"}),
    }


# -- who may share the cache -------------------------------------------------------------------


def has_live_session(request) -> bool:
    """True when the session cookie names a session that exists (one indexed query).

    A made-up or expired session cookie is no session: such a visitor is anonymous and is served
    the cached page, so a fake cookie cannot make every request render the page afresh.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")(key)
    return bool(store.load())


def has_flash_messages(request) -> bool:
    """True when the messages cookie is one the portal signed (a forged one is ignored)."""
    data = request.COOKIES.get(CookieStorage.cookie_name)
    if not data:
        return False
    return CookieStorage(request)._decode(data) is not None


def page_language(request) -> str:
    """The language LocaleMiddleware will pick: from the URL prefix only (no prefix: default)."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def accepted_names(request, language):
    """The query parameters the page accepts, or None when the page is not cached."""
    try:
        with translation.override(language):
            match = resolve(request.path_info)
    except Resolver404:
        return None
    names = accepted_query().get(match.view_name)
    if names is None and request.META.get("QUERY_STRING"):
        return None  # a page not listed reads who knows what: only its bare URL is cached
    return names or frozenset()


def canonical_query(request, names) -> str:
    """The accepted parameters, by name, each with its values in the order given."""
    query = QueryDict(mutable=True)
    for name in sorted(set(request.GET) & names):
        query.setlist(name, request.GET.getlist(name))
    return query.urlencode()


def make_public(request, query):
    """Render as for a visitor without cookies and with only the accepted parameters."""
    request.COOKIES = {}
    request.META.pop("HTTP_COOKIE", None)
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)


# -- storing -----------------------------------------------------------------------------------


def is_storable(response, language) -> bool:
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value}
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and vary <= HARMLESS_VARY
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and response.get("Content-Language", language) == language
    )


def stored_form(response) -> dict:
    if not response.has_header("ETag"):
        set_response_etag(response)  # so ConditionalGetMiddleware can answer 304 to hits
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, public=True, max_age=60)
    headers = {
        name: value
        for name, value in response.items()
        if name.lower() not in STORED_HEADERS_LEFT_OUT
    }
    # mtime=0: the same page gives the same bytes, whichever worker fills the entry.
    return {"gzip": gzip.compress(response.content, compresslevel=6, mtime=0), "headers": headers}


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding lists gzip (or x-gzip) without refusing it with q=0."""
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding, _, params = part.partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip"):
            return quality(params) > 0
    return False


def quality(params: str) -> float:
    """The q value of one Accept-Encoding entry's parameters (1 when absent or unreadable)."""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 1.0
    return 1.0


def from_stored(stored, request, state="hit") -> HttpResponse:
    compressed = accepts_gzip(request)
    body = stored["gzip"] if compressed else gzip.decompress(stored["gzip"])
    response = HttpResponse(body, status=200)
    for name, value in stored["headers"].items():
        response[name] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
        etag = response.get("ETag", "")
        if etag and not etag.startswith("W/"):
            response["ETag"] = "W/" + etag  # another encoding of the page: not byte-equal
    response["Content-Length"] = str(len(body))
    patch_vary_headers(response, ("Accept-Encoding",))
    response["X-Cache"] = state
    return response


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; everything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)
        if not seconds or not self._public_request(request):
            return self.get_response(request)
        language = page_language(request)
        names = accepted_names(request, language)
        if names is None:
            return self.get_response(request)
        query = canonical_query(request, names)
        key = self._key(request, language, query)
        stored = cache.get(key)
        if stored is not None:
            return from_stored(stored, request)
        if request.method != "GET":
            return self.get_response(request)  # a HEAD may use a GET's entry, not make one
        make_public(request, query)
        response = self.get_response(request)
        if not is_storable(response, language):
            return response
        stored = stored_form(response)
        cache.set(key, stored, seconds)
        return from_stored(stored, request, state="miss")

    @staticmethod
    def _public_request(request):
        if request.method not in ("GET", "HEAD"):
            return False
        path = request.path_info
        if path.startswith(UNCACHED_PREFIXES) or "/admin/" in path:
            return False
        # Back-office users (who may preview drafts), pending messages and any client that
        # authenticates itself otherwise (an API token) get a page of their own.
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        return not has_flash_messages(request) and not has_live_session(request)

    @staticmethod
    def _key(request, language, query):
        raw = "|".join(
            [
                request.scheme,
                request.get_host(),  # first: a host not allowed is a 400 before any query
                str(content_version()),
                language,
                request.path,
                query,
            ]
        )
        return "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()
