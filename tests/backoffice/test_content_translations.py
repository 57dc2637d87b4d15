"""The back office edits content in three languages side by side (issue 15): the English text
in the original field, French and Spanish right after it; English is never overwritten by a
French-speaking editor's form."""

import pytest
from django.urls import reverse

from partners.models import Partner
from tests.factories import PartnerFactory, ThemeFactory

from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def test_partner_form_edits_three_languages_side_by_side(secretariat):
    partner = PartnerFactory(slug="march", description="Campaigns.")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    response = secretariat.get(url)
    html = response.content.decode()
    fields = list(response.context["adminform"].form.fields)
    at = fields.index("description")
    assert fields[at : at + 3] == ["description", "description_fr", "description_es"]
    assert "description_en" not in fields
    assert 'name="translated_name_fr"' in html
    data = change_form_data(response)
    data["description_fr"] = "Campagnes."
    data["description_es"] = "Campañas."
    response = secretariat.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    partner = Partner.objects.get(pk=partner.pk)
    assert (partner.description_en, partner.description_fr, partner.description_es) == (
        "Campaigns.",
        "Campagnes.",
        "Campañas.",
    )


def test_french_admin_writes_english_into_the_original_field(secretariat):
    theme = ThemeFactory(slug="child-labour", name="Child labour", name_fr="Travail des enfants")
    url = reverse("admin:alliance87_theme_change", args=[theme.pk])
    with_french = "/fr" + url if not url.startswith("/fr/") else url
    response = secretariat.get(with_french)
    if response.status_code == 404:  # the back office has no /fr/ prefix
        pytest.skip("back office not served under /fr/")
    form = response.context["adminform"].form
    assert form["name"].value() == "Child labour"
    assert form["name_fr"].value() == "Travail des enfants"
    data = change_form_data(response)
    data["name"] = "Child labour (ILO)"
    response = secretariat.post(with_french, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    theme.refresh_from_db()
    assert (theme.name_en, theme.name_fr) == ("Child labour (ILO)", "Travail des enfants")
