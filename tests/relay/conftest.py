import pytest

from tests.accounts.factories import FocalPointFactory, UserFactory
from tests.backoffice.conftest import roles, secretariat, secretariat_user  # noqa: F401
from tests.factories import PartnerFactory

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@pytest.fixture
def sender_org(db):
    return PartnerFactory(name="Walk Free", slug="walk-free", acronym="WF")


@pytest.fixture
def recipient_org(db):
    return PartnerFactory(name="Anti-Slavery International", slug="anti-slavery", acronym="ASI")


@pytest.fixture
def sender(sender_org):
    user = UserFactory(first_name="Ana", last_name="Sender", email="ana.sender@walkfree.test")
    return FocalPointFactory(partner=sender_org, user=user)


@pytest.fixture
def recipients(recipient_org):
    return [
        FocalPointFactory(partner=recipient_org, user=UserFactory(email=f"fp{n}@asi.test"))
        for n in (1, 2)
    ]


@pytest.fixture
def signed_in(client, sender):
    client.force_login(sender.user, backend=BACKEND)
    return client


@pytest.fixture
def secretariat_client(secretariat_user):  # noqa: F811 -- the fixture imported above
    """The Secretariat in a browser of its own (the `client` fixture is the focal point's)."""
    from django.test import Client

    client = Client()
    client.force_login(secretariat_user)
    return client


def login(client, user):
    client.force_login(user, backend=BACKEND)
    return client
