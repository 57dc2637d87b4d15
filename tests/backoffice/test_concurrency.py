"""Concurrent edits: a save made from a stale page is refused, never silently overwriting."""

import pytest
from django.test import Client
from django.urls import reverse

from actiongroups.enums import OutputStatus
from tests.backoffice.conftest import output_of
from tests.backoffice.helpers import change_form_data, editor_form_data
from tests.factories import AgendaItemFactory, EventFactory, PartnerFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(secretariat_user, roles, django_user_model):
    from alliance87.roles import SECRETARIAT_EDITOR

    colleague = django_user_model.objects.create_user("colleague", password="x" * 14, is_staff=True)
    colleague.groups.add(roles[SECRETARIAT_EDITOR])
    client = Client()
    client.force_login(colleague)
    return client


def test_two_stale_posts_the_second_is_refused(secretariat, second_editor):
    partner = PartnerFactory(name="Walk Free", acronym="WF", description="Original")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    # Both open the page before either saves.
    mine = change_form_data(secretariat.get(url))
    theirs = change_form_data(second_editor.get(url))

    theirs["description"] = "Their careful rewrite"
    assert second_editor.post(url, theirs).status_code == 302

    mine["acronym"] = "WFF"
    response = secretariat.post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "colleague saved this record" in html
    partner.refresh_from_db()
    assert partner.description == "Their careful rewrite"
    assert partner.acronym == "WF"

    # Saving again from the same stale page is refused again...
    assert secretariat.post(url, mine).status_code == 200
    # ...and works once the page is opened afresh.
    fresh = change_form_data(secretariat.get(url))
    fresh["acronym"] = "WFF"
    assert secretariat.post(url, fresh).status_code == 302
    partner.refresh_from_db()
    assert (partner.acronym, partner.description) == ("WFF", "Their careful rewrite")


def test_a_change_to_an_inline_row_also_makes_the_page_stale(secretariat, second_editor):
    event = EventFactory(title="Workshop")
    AgendaItemFactory(event=event, title="Opening", order=1)
    url = reverse("admin:events_event_change", args=[event.pk])
    mine = change_form_data(secretariat.get(url))
    theirs = change_form_data(second_editor.get(url))
    row = next(k for k, v in theirs.items() if k.endswith("-title") and v == "Opening")
    theirs[row] = "Opening remarks"
    assert second_editor.post(url, theirs).status_code == 302
    mine["title"] = "Workshop (updated)"
    assert secretariat.post(url, mine).status_code == 200
    event.refresh_from_db()
    assert event.title == "Workshop"
    assert event.agenda_items.get().title == "Opening remarks"


def test_stale_work_plan_editor_post_is_refused(secretariat, second_editor, own_group):
    plan = own_group.work_plans.get()
    url = reverse("admin:actiongroups_actiongroup_workplan", args=[own_group.pk, plan.pk])
    mine = editor_form_data(secretariat.get(url))
    theirs = editor_form_data(second_editor.get(url))
    survey = output_of(own_group)
    key = next(
        k
        for k, v in theirs.items()
        if "-outputs-" in k and k.endswith("-id") and str(v) == str(survey.pk)
    )
    theirs[key.replace("-id", "-status")] = OutputStatus.DONE
    assert second_editor.post(url, theirs).status_code == 302
    # My stale page still says "planned" for the survey: saving it would undo their change.
    mine["title"] = "My new title"
    response = secretariat.post(url, mine)
    assert response.status_code == 200
    assert "Someone saved this work plan after you opened it" in response.content.decode()
    survey.refresh_from_db()
    plan.refresh_from_db()
    assert survey.status == OutputStatus.DONE
    assert plan.title != "My new title"


def test_a_post_without_the_fingerprint_is_not_checked(secretariat):
    """Scripts and older pages send no fingerprint; their saves work as before."""
    partner = PartnerFactory(name="Walk Free")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = change_form_data(secretariat.get(url))
    data.pop("_row_fingerprint")
    data["acronym"] = "WF2"
    assert secretariat.post(url, data).status_code == 302


def test_a_change_to_the_themes_only_also_makes_the_page_stale(secretariat, second_editor):
    # Themes are a many-to-many field, not a column of the row; the save that changes them
    # still stamps the record, so a page opened before it is stale.
    partner = PartnerFactory(name="Walk Free", acronym="WF", themes=[])
    child_labour = ThemeFactory(slug="child-labour", name="Child labour")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    mine = change_form_data(secretariat.get(url))
    theirs = change_form_data(second_editor.get(url))
    theirs["themes"] = [str(child_labour.pk)]
    assert second_editor.post(url, theirs).status_code == 302
    assert [t.slug for t in partner.themes.all()] == ["child-labour"]

    mine["acronym"] = "WFF"
    assert secretariat.post(url, mine).status_code == 200
    partner.refresh_from_db()
    assert partner.acronym == "WF"
    assert [t.slug for t in partner.themes.all()] == ["child-labour"]
