"""Invitations: one-time links that expire; the account belongs to one organisation."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import FocalPoint, Invitation
from tests.accounts.factories import PASSWORD
from tests.helpers import main_text

pytestmark = pytest.mark.django_db


def accept(client, token, password=PASSWORD):
    url = reverse("accounts:invitation", kwargs={"token": token})
    return client.post(url, {"password1": password, "password2": password})


def test_following_the_link_makes_a_verified_account_and_signs_in(client, partner):
    invitation, token = services.create_invitation(email="New.Person@Example.org", partner=partner)
    page = client.get(reverse("accounts:invitation", kwargs={"token": token}))
    assert "new.person@example.org" in main_text(page) and "Walk Free" in main_text(page)
    response = accept(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:dashboard")
    focal_point = FocalPoint.objects.get()
    assert focal_point.partner == partner and focal_point.user.email == "new.person@example.org"
    assert focal_point.user.emailaddress_set.get().verified
    assert "You are a focal point of Walk Free" in main_text(client.get(response["Location"]))
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_then_the_person_signs_in_with_email_and_password(client, partner):
    _invitation, token = services.create_invitation(email="fp@example.org", partner=partner)
    accept(client, token)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "fp@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "Walk Free" in main_text(client.get(reverse("accounts:dashboard")))


def test_a_replayed_link_says_it_was_used(client, partner):
    _invitation, token = services.create_invitation(email="fp@example.org", partner=partner)
    accept(client, token)
    client.logout()
    response = accept(client, token, password="another password 12345")
    assert response.status_code == 410
    assert "already used" in main_text(response)
    assert get_user_model().objects.count() == 1


def test_an_expired_link_says_it_expired(client, partner):
    invitation, token = services.create_invitation(email="fp@example.org", partner=partner)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("accounts:invitation", kwargs={"token": token}))
    assert response.status_code == 410
    assert "expired" in main_text(response)
    assert accept(client, token).status_code == 410
    assert not FocalPoint.objects.exists()


def test_an_unknown_link_is_explained(client, db):
    response = client.get(reverse("accounts:invitation", kwargs={"token": "made-up"}))
    assert response.status_code == 410
    assert "incomplete or unknown" in main_text(response)


def test_a_weak_password_is_refused_and_the_link_stays_usable(client, partner):
    invitation, token = services.create_invitation(email="fp@example.org", partner=partner)
    response = accept(client, token, password="short")
    assert response.status_code == 200
    assert "too short" in main_text(response)
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_an_invitation_is_for_an_organisation_or_a_country_not_both(partner, country):
    with pytest.raises(ValidationError):
        services.create_invitation(email="x@example.org", partner=partner, country=country)
    with pytest.raises(ValidationError):
        services.create_invitation(email="x@example.org")


def test_the_database_refuses_a_focal_point_for_two_things(partner, country, django_user_model):
    user = django_user_model.objects.create_user("two", password="x" * 20)
    with pytest.raises(IntegrityError):
        FocalPoint.objects.create(user=user, partner=partner, country=country)


def test_an_organisation_may_have_several_focal_points(client, partner):
    for email in ("one@example.org", "two@example.org"):
        _invitation, token = services.create_invitation(email=email, partner=partner)
        accept(client, token)
        client.logout()
    assert partner.focal_points.count() == 2


def test_the_secretariat_invites_from_the_admin(secretariat, partner):
    url = reverse("admin:accounts_invitation_add")
    response = secretariat.post(
        url, {"email": "fp@example.org", "partner": partner.pk, "country": "", "language": "fr"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "fp@example.org" and invitation.language == "fr"
    assert invitation.is_usable() and len(invitation.token_hash) == 64
