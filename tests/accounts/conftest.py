import pytest
from django.test import Client

from tests.accounts.factories import FocalPointFactory
from tests.backoffice.conftest import roles, secretariat_user  # noqa: F401
from tests.factories import PartnerFactory, ThemeFactory
from tests.pathfinders.factories import NextStepFactory, PathfinderCountryFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def themes(db):
    return [ThemeFactory(name="Child labour"), ThemeFactory(name="Forced labour")]


@pytest.fixture
def partner(db, themes):
    return PartnerFactory(
        name="Walk Free", slug="walk-free", acronym="WF", themes=[themes[0]], countries=["FR"]
    )


@pytest.fixture
def other_partner(db):
    return PartnerFactory(name="Other Org", slug="other-org", description="Untouched.")


@pytest.fixture
def focal_point(partner):
    return FocalPointFactory(partner=partner)


@pytest.fixture
def signed_in(client, focal_point):
    client.force_login(
        focal_point.user, backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    return client


@pytest.fixture
def country(db):
    return PathfinderCountryFactory()


@pytest.fixture
def country_focal_point(country):
    return FocalPointFactory(country=country)


@pytest.fixture
def step(country):
    return NextStepFactory(country=country, text="Adopt the national action plan")


@pytest.fixture
def secretariat(secretariat_user):  # noqa: F811 -- the imported fixture
    """A Secretariat editor in a browser of their own (the focal point has `client`)."""
    browser = Client()
    browser.force_login(secretariat_user)
    return browser
