"""An outsider's wrong passwords lock the outsider's address, never the real admin elsewhere."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

ADMIN_PASSWORD = "right password 87"
ATTACKER = "203.0.113.66"
ADMIN_HOME = "198.51.100.7"
BALANCER = "10.0.0.2"


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_user(
        "secretariat", password=ADMIN_PASSWORD, is_staff=True
    )


def login(password, username="secretariat", **meta):
    return Client(**meta).post(reverse("admin:login"), {"username": username, "password": password})


def attack(**meta):
    """Ten wrong passwords, twice the limit, as an outsider would keep sending."""
    return [login("guessed wrong", **meta).status_code for _attempt in range(10)]


def test_wrong_passwords_from_one_address_lock_that_address_not_the_admin(admin_user):
    statuses = attack(REMOTE_ADDR=ATTACKER)
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}
    # The attacker's address is locked, even with the right password or another username.
    assert login(ADMIN_PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429
    assert login("whatever", username="another", REMOTE_ADDR=ATTACKER).status_code == 429
    # The real admin, from their own address, logs in.
    assert login(ADMIN_PASSWORD, REMOTE_ADDR=ADMIN_HOME).status_code == 302


def test_one_address_cannot_lock_everyone_by_trying_many_usernames(admin_user):
    for number in range(5):
        login("guessed wrong", username=f"user{number}", REMOTE_ADDR=ATTACKER)
    assert login(ADMIN_PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429
    assert login(ADMIN_PASSWORD, REMOTE_ADDR=ADMIN_HOME).status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_load_balancer_the_client_address_counts(admin_user):
    # Every request reaches the app from the balancer; it appends the client's address.
    attack(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert (
        login(ADMIN_PASSWORD, REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=ATTACKER).status_code
        == 429
    )
    admin_response = login(ADMIN_PASSWORD, REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=ADMIN_HOME)
    assert admin_response.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forged_forwarded_for_entry_does_not_escape_the_lock(admin_user):
    # The client may write anything left of what the balancer appends: only the last entry counts.
    for number in range(6):
        login(
            "guessed wrong",
            REMOTE_ADDR=BALANCER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {ATTACKER}",
        )
    forged = login(
        ADMIN_PASSWORD, REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=f"{ADMIN_HOME}, {ATTACKER}"
    )
    assert forged.status_code == 429


def test_logging_in_to_ones_own_account_does_not_clear_the_failures(admin_user, django_user_model):
    # An insider guesses at the admin's password from their address, logging in to their own
    # account between guesses to try to clear the count.
    django_user_model.objects.create_user("insider", password="insider password 87", is_staff=True)
    for _round in range(3):
        login("guessed wrong", REMOTE_ADDR=ATTACKER)
        login("guessed wrong", REMOTE_ADDR=ATTACKER)
        login("insider password 87", username="insider", REMOTE_ADDR=ATTACKER)
    assert login(ADMIN_PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429
    assert login(ADMIN_PASSWORD, REMOTE_ADDR=ADMIN_HOME).status_code == 302
