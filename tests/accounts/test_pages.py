"""The /account/ pages: never cached, in three languages, lockout like the back office, and no
focal point's address on any public page or export."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from tests.helpers import main_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["account_login", "account_reset_password", "accounts:suggest"])
def test_account_pages_are_never_stored_by_a_cache(client, settings, name, partner):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get(reverse(name)).get("X-Cache") != "hit"


def test_the_dashboard_is_private(signed_in):
    response = signed_in.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("", "Your focal-point account"),
        ("/fr", "Votre compte de point focal"),
        ("/es", "Su cuenta de punto focal"),
    ],
)
def test_the_dashboard_speaks_three_languages(signed_in, prefix, heading):
    assert heading in main_text(signed_in.get(prefix + "/account/"))


def test_login_page_in_french(client):
    text = main_text(client.get("/fr/account/login/"))
    assert "Se connecter" in text


def test_wrong_passwords_at_account_login_lock_like_the_admin(client, focal_point):
    email = focal_point.user.email
    statuses = [
        Client(REMOTE_ADDR="203.0.113.9")
        .post(reverse("account_login"), {"login": email, "password": "wrong guess"})
        .status_code
        for _attempt in range(6)
    ]
    assert statuses[-1] == 429
    locked = Client(REMOTE_ADDR="203.0.113.9").post(
        reverse("account_login"), {"login": email, "password": PASSWORD}
    )
    assert locked.status_code == 429
    other = Client(REMOTE_ADDR="198.51.100.7").post(
        reverse("account_login"), {"login": email, "password": PASSWORD}
    )
    assert other.status_code == 302


def test_nobody_signs_up_without_an_invitation(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "me@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code in (200, 403)
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()


def test_no_public_page_or_export_shows_a_focal_points_address(client, focal_point, partner):
    email = focal_point.user.email
    for url in (
        partner.get_absolute_url(),
        reverse("partners:list"),
        reverse("partners:export_csv"),
        reverse("partners:export_json"),
        "/api/v1/partners/",
        f"/api/v1/partners/{partner.slug}/",
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert email.encode() not in body, url


def test_demo_command_prints_one_time_links(partner, country, capsys):
    from django.core.management import call_command

    call_command("demo_focal_point")
    out = capsys.readouterr().out
    assert "Walk Free (WF): http://127.0.0.1:8000/account/invitation/" in out
    assert f"{country}: http://127.0.0.1:8000/account/invitation/" in out
    assert "password" not in out.lower()


def test_backups_keep_focal_points_and_their_requests():
    from allauth.account.models import EmailAddress

    from accounts.models import ChangeRequest, FocalPoint, Invitation, ProgressUpdate
    from alliance87.backup import backed_up_models

    kept = set(backed_up_models())
    assert {FocalPoint, Invitation, ChangeRequest, ProgressUpdate, EmailAddress} <= kept
