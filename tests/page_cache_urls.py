"""The portal's URLs plus a page the cache knows nothing about (for tests of the default)."""

from django.http import HttpResponse
from django.urls import path

from alliance87.urls import urlpatterns as portal_urlpatterns


def echo(request):
    return HttpResponse(request.GET.urlencode(), content_type="text/plain")


urlpatterns = [path("echo/", echo, name="echo"), *portal_urlpatterns]
