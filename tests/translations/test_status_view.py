"""The back office's Translations view: what lacks French or Spanish, what is older than its
English, by area and language, paginated, for editors with the permission only."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.models import Theme
from partners.models import Partner
from tests.factories import PartnerFactory
from tests.helpers import main_text
from translations.models import TranslationState

pytestmark = pytest.mark.django_db

STATUS = "admin:translations_translationstate_changelist"


def show(client, **params):
    response = client.get(reverse(STATUS), params)
    assert response.status_code == 200
    return main_text(response)


def test_the_index_links_to_the_translations_view(secretariat):
    index = secretariat.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse(STATUS)}"' in index


def test_staff_without_the_permission_may_not_see_it(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))
    assert client.get(reverse(STATUS)).status_code == 403
    client.logout()
    assert client.get(reverse(STATUS)).status_code == 302  # to the login page


def test_it_shows_the_demos_gaps_by_area_and_language(demo_content, secretariat):
    page = show(secretariat, area="partners", language="fr")
    # Every partner's description lacks French (the demo translates no partner).
    assert "51 fields to look at" in page
    assert "International Labour Organization" in page
    page = show(secretariat, area="themes")
    assert "Nothing to show" in page  # every theme is translated into both languages
    page = show(secretariat, area="pathfinders", language="fr")
    assert "Nepal" in page  # not a French-speaking hub: its texts lack French
    assert "Madagascar" not in page


def test_the_demo_translations_await_review(demo_content, secretariat):
    page = show(secretariat, area="themes", language="es", status="unreviewed")
    assert "28 fields to look at" in page  # 14 names and 14 descriptions
    assert "Trabajo infantil" in page


def test_a_translation_older_than_its_english_is_listed_and_can_be_marked_reviewed(
    demo_content, secretariat
):
    theme = Theme.objects.get(slug="child-labour")
    theme.name_en = "Child labour (all its forms)"
    theme.save()
    page = show(secretariat, area="themes", status="outdated")
    assert "2 fields to look at" in page  # its French and its Spanish name
    assert "Travail des enfants" in page and "Trabajo infantil" in page
    state = TranslationState.objects.get(
        content_type=ContentType.objects.get_for_model(Theme),
        object_id=theme.pk,
        field="name",
        language="fr",
    )
    response = secretariat.post(
        reverse(STATUS), {"state": state.pk, "query": "area=themes&status=outdated"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?area=themes&status=outdated")
    state.refresh_from_db()
    assert state.reviewed and not state.stale
    assert "1 field to look at" in show(secretariat, area="themes", status="outdated")


def test_pages_and_bad_parameters(demo_content, secretariat):
    first = show(secretariat)
    assert "Page 1 of" in first
    second = show(secretariat, page=2)
    assert "Page 2 of" in second
    assert show(secretariat, page="zzz", area="nowhere", status="?", language="de")


def test_the_query_count_does_not_grow_with_rows(secretariat):
    def count():
        with CaptureQueriesContext(connection) as queries:
            show(secretariat, area="partners", language="fr")
        return len(queries)

    PartnerFactory()
    few = count()
    PartnerFactory.create_batch(3)
    assert Partner.objects.count() == 4
    assert count() == few


def test_a_viewer_without_change_permission_cannot_mark_reviewed(
    demo_content, client, django_user_model
):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_translationstate"))
    client.force_login(viewer)
    state = TranslationState.objects.first()
    assert "Mark reviewed" not in show(client, status="unreviewed")
    assert client.post(reverse(STATUS), {"state": state.pk}).status_code == 403
    state.refresh_from_db()
    assert not state.reviewed
