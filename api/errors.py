"""Every API error is JSON: {"status": 400, "message": "…", "errors": {…}}, never an HTML page."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _message(detail) -> str:
    if isinstance(detail, dict):
        return " ".join(_message(value) for value in detail.values())
    if isinstance(detail, list):
        return " ".join(_message(value) for value in detail)
    return str(detail)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a real bug, reported as such
    body = {"status": response.status_code, "message": _message(response.data)}
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        body["errors"] = response.data
    if isinstance(exc, exceptions.Throttled):
        body["message"] = _(
            "Too many requests from your address. Try again in %(seconds)s seconds."
        ) % {"seconds": exc.wait and int(exc.wait + 0.999)}
    response.data = body
    return response


def not_found(request, *args, **kwargs):
    """Any /api/ address that matches nothing."""
    message = _("There is nothing at this address. The API starts at /api/v1/.")
    return JsonResponse({"status": 404, "message": message}, status=404)
