"""Whole-page caching of public pages for anonymous visitors, invalidated by any content change.

Every cached page is keyed by a "content version" that any save or delete of portal content bumps,
so a change made in the back office is visible on the very next request on every app server
(the version lives in the shared cache, e.g. Redis).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

VERSION_KEY = "portal:content-version"
CONTENT_APPS = {"alliance87", "partners", "pathfinders", "actiongroups", "events", "taggit"}
UNCACHED_PREFIXES = ("/admin/", "/health/", "/media/", "/static/", "/i18n/")


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def on_content_change(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        bump_content_version()


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; everything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        cached = cache.get(key)
        if cached is not None:
            response = HttpResponse(cached["content"], status=200)
            for header, value in cached["headers"].items():
                response[header] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._cacheable_response(request, response):
            headers = {
                name: response[name]
                for name in (
                    "Content-Type",
                    "Content-Language",
                    "Content-Disposition",
                    "ETag",
                    "Last-Modified",
                    "Cache-Control",
                )
                if name in response
            }
            if "Cache-Control" not in headers:
                patch_cache_control(response, public=True, max_age=60)
                headers["Cache-Control"] = response["Cache-Control"]
            cache.set(key, {"content": response.content, "headers": headers}, seconds)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable_request(request):
        if request.method not in ("GET", "HEAD"):
            return False
        path = request.path_info
        if path.startswith(UNCACHED_PREFIXES) or "/admin/" in path:
            return False
        # Staff previewing drafts or logged in must never get (or fill) the public cache.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def _cacheable_response(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.has_header("Set-Cookie")
            and "no-cache" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _key(request):
        raw = f"{content_version()}|{get_language()}|{request.method}|{request.get_full_path()}"
        return "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()
