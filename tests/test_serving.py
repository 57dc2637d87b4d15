"""How the production server is set up to serve: gunicorn's workers and WhiteNoise's assets."""

import gc
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

GUNICORN_CONF = Path(settings.BASE_DIR) / "alliance87" / "gunicorn_conf.py"
PROD_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_gunicorn_preloads_the_app_and_recycles_workers_rarely_and_apart(monkeypatch):
    for name in ("GUNICORN_PRELOAD", "GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(GUNICORN_CONF))
    assert conf["preload_app"] is True
    assert conf["max_requests"] >= 20000
    assert conf["max_requests_jitter"] >= conf["max_requests"] // 20


def test_gunicorn_freezes_the_preloaded_objects_before_each_fork():
    """Workers' full collections then skip what the master imported (gc.freeze)."""
    conf = runpy.run_path(str(GUNICORN_CONF))
    leftover = object.__new__(type("Tracked", (), {}))  # a tracked object made before the fork
    assert gc.is_tracked(leftover)
    before = gc.get_freeze_count()
    try:
        conf["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > before
        assert not any(thing is leftover for thing in gc.get_objects())  # out of reach
    finally:
        gc.unfreeze()


def test_production_serves_hashed_assets_as_immutable_and_compressed(tmp_path):
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES=PROD_STORAGES,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        DEBUG=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = static("css/portal.css")
        assert url != "/static/css/portal.css"  # a hashed name, e.g. portal.3f2a….css
        middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not a static file"))
        request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip")
        response = middleware(request)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert response["Content-Encoding"] in ("gzip", "br")


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """The portal's short queries paid 15-40 ms of JIT compilation when costed high."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
