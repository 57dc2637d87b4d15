"""Security headers on real responses, safe media serving, and the production deploy check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_security_headers_on_public_pages(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_templates_have_no_inline_scripts_or_styles():
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        for bad in ("<script>", "style=", "onclick=", "onload=", "<style"):
            if bad in text:
                offenders.append(f"{template.relative_to(ROOT)}: {bad}")
    assert offenders == []


@pytest.fixture
def media_root(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


def test_uploaded_html_is_never_served(client, media_root):
    (media_root / "evil.html").write_text("<script>alert(1)</script>")
    (media_root / "evil.svg").write_text("<svg onload=alert(1)></svg>")
    assert client.get("/media/evil.html").status_code == 404
    assert client.get("/media/evil.svg").status_code == 404


def test_uploaded_images_are_served_with_a_forced_type_and_sandbox(client, media_root):
    # HTML disguised with a .png name still goes out as image/png with a sandbox policy.
    from tests.factories import PartnerFactory

    (media_root / "partners" / "logos").mkdir(parents=True)
    (media_root / "partners" / "logos" / "logo.png").write_text("<html><script>x</script></html>")
    PartnerFactory(logo="partners/logos/logo.png")  # only files a published record holds
    response = client.get("/media/partners/logos/logo.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_media_path_traversal_is_refused(client, media_root):
    assert client.get("/media/../pyproject.png").status_code == 404
    assert client.get("/media/%2e%2e/%2e%2e/etc/passwd.png").status_code == 404


def test_deploy_check_is_clean_with_production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="alliance87.settings.prod",
        SECRET_KEY="k3y-" + "9f8e7d6c5b4a" * 5,
        ALLOWED_HOSTS="portal.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example/", "///evil.example/fr/"])
def test_links_on_a_404_never_leave_the_site(client, path):
    """Issue 12 item 14: the language links (and "first page") of a 404 stay on this site."""
    response = client.get("/", PATH_INFO=path, QUERY_STRING="page=2")
    assert response.status_code == 404
    html = response.content.decode()
    hrefs = [href for href in re.findall(r'href="([^"]*)"', html) if not href.startswith("#")]
    # Three language links in the page, four alternates (en, fr, es, x-default) in its head.
    assert len(re.findall(r"hreflang=", html)) == 7
    assert hrefs
    for href in hrefs:
        if href.startswith("http://testserver/"):  # the head's absolute alternates, this host
            href = href.removeprefix("http://testserver")
        assert href.startswith("/") and not href.startswith(("//", "/\\")), href
    assert 'href="/evil.example/' in html  # "first page of these results", on this site
