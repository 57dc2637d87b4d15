"""A pathfinder focal point updates its country's next steps and milestones; the hub shows them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ProgressUpdate
from pathfinders.enums import NextStepStatus
from pathfinders.models import Milestone
from tests.helpers import main_text
from tests.pathfinders.factories import NextStepFactory, PathfinderCountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def country_client(client, country_focal_point):
    client.force_login(country_focal_point.user)
    return client


def test_marking_a_step_done_shows_on_the_hub_with_its_date(
    country_client, country, step, country_focal_point
):
    response = country_client.post(
        reverse("accounts:next_step", args=[step.pk]),
        {"status": NextStepStatus.DONE, "target_date": "", "note": "Adopted by the cabinet."},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == NextStepStatus.DONE
    update = ProgressUpdate.objects.get()
    assert update.author == country_focal_point.user and update.next_step == step
    hub = main_text(country_client.get(country.get_absolute_url()))
    assert "Progress updates" in hub
    assert "Adopted by the cabinet." in hub and "now Done" in hub
    assert timezone.localdate().strftime("%-d %B %Y") in hub


def test_a_forged_step_of_another_country_is_404_and_unchanged(country_client, db):
    other = NextStepFactory(country=PathfinderCountryFactory(country="MX", slug="mexico"))
    response = country_client.post(
        reverse("accounts:next_step", args=[other.pk]),
        {"status": NextStepStatus.DONE, "note": "forged"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == NextStepStatus.PLANNED
    assert not ProgressUpdate.objects.exists()


def test_a_partner_focal_point_cannot_touch_a_country(signed_in, step):
    response = signed_in.post(
        reverse("accounts:next_step", args=[step.pk]), {"status": "done", "note": "x"}
    )
    assert response.status_code == 404
    assert signed_in.post(reverse("accounts:milestone"), {}).status_code == 403


def test_adding_a_milestone_records_who(country_client, country, country_focal_point):
    response = country_client.post(
        reverse("accounts:milestone"),
        {"date": "2026-11-20", "kind": "consultation", "description": "National consultation"},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(country=country)
    assert milestone.recorded_by == country_focal_point.user
    assert "National consultation" in main_text(country_client.get(country.get_absolute_url()))


@pytest.mark.parametrize("note", ["<b>bold</b>", "y" * 10_000], ids=["html", "10000 characters"])
def test_bad_notes_are_refused(country_client, step, note):
    response = country_client.post(
        reverse("accounts:next_step", args=[step.pk]), {"status": "done", "note": note}
    )
    assert response.status_code == 400
    step.refresh_from_db()
    assert step.status == NextStepStatus.PLANNED
