from django.http import HttpResponse

from .structured_data import block_hashes

API_PREFIX = "/api/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class OpenReadCorsMiddleware:
    """CORS open to every origin for reading the API (no credentials are ever involved).

    Any website may read the open data from the visitor's browser; nothing can be written
    through the API, and it uses no cookies, so allowing every origin exposes nothing private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)  # a preflight: answered here, never by a view
            response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        if request.method in SAFE_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After, Content-Language"
        return response


class JsonLdHashMiddleware:
    """Allow exactly the page's JSON-LD blocks in the CSP, by their SHA-256 (see structured_data).

    Placed after django-csp's middleware (so it runs first on the way out) and before the page
    cache (so pages served from the cache get their hashes too).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and b"application/ld+json" in response.content
        ):
            hashes = block_hashes(response.content)
            if hashes:
                response._csp_update = {"script-src": hashes}
        return response
