from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest


class PermissionsPolicyMiddleware:
    """Turn off browser features the portal never uses (Django has no setting for this header)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RejectMalformedInputMiddleware:
    """Answer 400 to NUL bytes in the path or query string.

    PostgreSQL refuses NUL characters in text; without this a crafted URL would reach the database
    and fail there as a 500 instead of being refused as the bad request it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("Bad request: NUL characters are not allowed.")
        return self.get_response(request)


class PingMiddleware:
    """Answer GET/HEAD /ping/ before the rest of the stack (sessions, locale, CSRF, the cache).

    /ping/ is the benchmark's yardstick of the server's own cost and a liveness probe: it reads
    nothing, so nothing after the security headers needs to run. Other methods fall through to
    the view, which refuses them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/ping/" and request.method in ("GET", "HEAD"):
            return HttpResponse("ok", content_type="text/plain")
        return self.get_response(request)
