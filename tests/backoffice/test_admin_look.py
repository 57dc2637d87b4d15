"""The back office fits its users: our theme on every page, sentence-case labels, themes called
themes, and a country filter listing only the countries in use."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EventFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_every_admin_page_carries_the_portal_theme_and_mark(secretariat):
    for url in [reverse("admin:index"), reverse("admin:partners_partner_changelist")]:
        html = secretariat.get(url).content.decode()
        assert "alliance87/admin_theme.css" in html
        assert 'src="/static/img/logo.svg"' in html
        assert "common/admin_a11y.js" in html


def test_event_form_calls_themes_themes_with_help_that_fits_checkboxes(secretariat):
    event = EventFactory()
    html = secretariat.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "A comma-separated list of tags." not in html
    assert "<label>Themes:</label>" in html
    assert "Tags:" not in html
    assert "Tick the themes that apply." in html
    for label in ["Time zone:", "Starts (local time):", "Online link:"]:
        assert label in html


def test_partner_form_labels_are_in_sentence_case(secretariat):
    partner = PartnerFactory()
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    html = secretariat.get(url).content.decode()
    for label in ["Logo:", "Website:", "Public contact page:"]:
        assert f">{label}</label>" in html
    assert ">logo:</label>" not in html and ">website:</label>" not in html


def test_partner_country_filter_lists_only_countries_in_use(secretariat):
    PartnerFactory(headquarters_country="NP")
    PartnerFactory(headquarters_country="FR")
    PartnerFactory(headquarters_country="")
    url = reverse("admin:partners_partner_changelist")
    html = secretariat.get(url).content.decode()
    assert "?headquarters_country=NP" in html and "?headquarters_country=FR" in html
    assert "headquarters_country=DE" not in html and "Germany" not in html
    # Choosing one still filters the list.
    filtered = secretariat.get(url + "?headquarters_country=NP").context["cl"]
    assert filtered.result_count == 1


def test_staff_previews_still_show_the_internal_state_the_public_does_not_see(secretariat):
    partner = PartnerFactory(last_verified=None)
    public = Client().get(partner.get_absolute_url()).content.decode()
    assert "Not yet verified by the Secretariat" not in public
    preview_url = reverse("admin:partners_partner_preview", args=[partner.pk])
    preview = secretariat.get(preview_url).content.decode()
    assert "Not yet verified by the Secretariat" in preview
