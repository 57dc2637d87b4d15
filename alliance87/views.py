from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from common.media import file_visibility

from .selectors import home_summary

# Uploaded files are only ever served as one of these types, never as HTML or script.
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}


@require_safe
def home(request):
    return render(request, "home.html", home_summary())


@require_safe
def robots_txt(request):
    """Crawlers may read every public page, not the back office, and are pointed to the sitemap."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}/admin/" for prefix in ["", "/fr", "/es"]]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: no 404 on every first visit.

    Resolved per request, not at import: the hashed static name exists only after collectstatic.
    """
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_safe
def ping(request):
    """The smallest Django view: the benchmark's yardstick for the server's own overhead."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 -- any database failure means this server should leave the pool
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_safe
def media(request, path):
    """Serve an uploaded file with a forced, whitelisted type; a sandbox CSP stops any script.

    Only files a record holds: a published record's to all, a draft's to back-office users
    who may view it (see common.media); replaced and unknown files are 404.
    """
    content_type = MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        raise Http404("Not a servable upload.")
    visibility = file_visibility(request, path)
    if visibility is None:
        raise Http404("Not a servable upload.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:
        raise Http404("Not a servable upload.") from None
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if visibility == "public":
        response["Cache-Control"] = "public, max-age=86400"
    else:
        response["Cache-Control"] = "private, no-store"  # a draft's file: never in a shared cache
        patch_vary_headers(response, ["Cookie"])
    if content_type == "application/pdf":
        response["Content-Disposition"] = "inline"
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database: the error may be the database itself.
    return HttpResponseServerError(loader.get_template("500.html").render())
