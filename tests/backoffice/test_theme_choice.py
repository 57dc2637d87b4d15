"""Themes are one shared vocabulary: edit forms choose from it and never add to it."""

import pytest
from django.urls import reverse

from common.models import Theme
from tests.backoffice.helpers import change_form_data
from tests.factories import ActionGroupFactory, EventFactory, PartnerFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory,admin_name,field",
    [
        (PartnerFactory, "partners_partner", "themes"),
        (EventFactory, "events_event", "tags"),
        (ActionGroupFactory, "actiongroups_actiongroup", "themes"),
    ],
)
def test_themes_are_chosen_from_the_vocabulary(secretariat, factory, admin_name, field):
    child_labour = ThemeFactory(slug="child-labour", name="Child labour")
    ThemeFactory(slug="migration", name="Migration")
    record = factory()
    getattr(record, field).clear()
    url = reverse(f"admin:{admin_name}_change", args=[record.pk])
    page = secretariat.get(url)
    html = page.content.decode()
    assert f'type="checkbox" name="{field}" value="{child_labour.pk}"' in html
    assert "Child labour</label>" in html

    # Typed text (a browser would only ever send the ticked boxes' values) adds nothing.
    data = change_form_data(page)
    data[field] = "Child labour"
    response = secretariat.post(url, data)
    assert response.status_code == 200
    assert set(Theme.objects.values_list("slug", flat=True)) == {"child-labour", "migration"}
    assert not getattr(record, field).exists()

    data[field] = [str(child_labour.pk)]
    assert secretariat.post(url, data).status_code == 302
    assert [theme.slug for theme in getattr(record, field).all()] == ["child-labour"]
