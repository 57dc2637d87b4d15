"""History and undo: every admin change is recorded; revert and recover bring data back."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from reversion.models import Version

from actiongroups.enums import MemberRole, OutputStatus
from actiongroups.models import Membership
from events.models import AgendaItem, Event, EventParticipation
from partners.models import Partner, PartnerCountry
from tests.backoffice.conftest import output_of
from tests.backoffice.helpers import change_form_data, editor_form_data
from tests.factories import (
    ActionGroupFactory,
    AgendaItemFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def versions_of(obj):
    return Version.objects.get_for_object(obj)


def revert(client, obj, version):
    """Open the history entry as an editor would, and save it (the admin's revert)."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[obj.pk, version.pk])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, change_form_data(page))


@pytest.fixture
def event():
    event = EventFactory(title="Regional workshop", slug="regional-workshop")
    AgendaItemFactory(event=event, title="Opening", order=1)
    AgendaItemFactory(event=event, title="Panel", order=2)
    return event


def test_edit_then_revert_restores_the_event_and_its_agenda(secretariat, secretariat_user, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(secretariat.get(url))
    data["title"] = "Regional workshop (moved online)"
    panel_row = next(k for k, v in data.items() if k.endswith("-title") and v == "Panel")
    data[panel_row.replace("-title", "-DELETE")] = "on"
    response = secretariat.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    event.refresh_from_db()
    assert event.title == "Regional workshop (moved online)"
    assert list(event.agenda_items.values_list("title", flat=True)) == ["Opening"]
    sequence_after_edit = event.sequence

    # Who, when and what are recorded; the state before the first change is kept too.
    history = versions_of(event)
    assert history.count() == 2
    latest, baseline = history[0], history[1]
    assert latest.revision.user == secretariat_user
    assert "Title" in latest.revision.get_comment()
    page = secretariat.get(reverse("admin:events_event_history", args=[event.pk]))
    assert "secretariat" in page.content.decode()

    response = revert(secretariat, event, baseline)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Regional workshop"
    assert sorted(event.agenda_items.values_list("title", flat=True)) == ["Opening", "Panel"]
    # Calendar subscribers must see the revert as a newer revision, not an older one.
    assert event.sequence > sequence_after_edit
    # The revert is itself recorded, so it can be undone in turn.
    assert versions_of(event).count() == 3


def test_delete_a_partner_then_recover_it_with_countries_themes_and_memberships(
    secretariat, secretariat_user
):
    theme = ThemeFactory(name="Child labour", slug="child-labour")
    partner = PartnerFactory(
        name="Walk Free", slug="walk-free", themes=[theme], countries=["AU", "GB"]
    )
    group = ActionGroupFactory(name="Supply Chains")
    MembershipFactory(group=group, partner=partner, role=MemberRole.CO_CHAIR)
    hosted = EventFactory(title="Hosted meeting", hosts=[partner, PartnerFactory()])
    pk = partner.pk

    response = secretariat.post(
        reverse("admin:partners_partner_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=pk).exists()
    assert not PartnerCountry.objects.filter(partner_id=pk).exists()

    recover_list = secretariat.get(reverse("admin:partners_partner_recoverlist"))
    assert "Walk Free" in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Partner).get(object_id=str(pk))
    assert deleted.revision.user == secretariat_user

    url = reverse("admin:partners_partner_recover", args=[deleted.pk])
    page = secretariat.get(url)
    assert page.status_code == 200
    response = secretariat.post(url, change_form_data(page))
    assert response.status_code == 302, response.context and response.context["errors"]

    partner = Partner.objects.get(pk=pk)
    assert partner.name == "Walk Free"
    assert sorted(c.country.code for c in partner.countries_of_work.all()) == ["AU", "GB"]
    assert list(partner.themes.values_list("slug", flat=True)) == ["child-labour"]
    assert Membership.objects.get(partner=partner).role == MemberRole.CO_CHAIR
    assert partner in hosted.organisations.all()  # the event's link to its host too
    assert hosted.participations.get(partner=partner).role == "hosted"
    assert hosted.participations.count() == 2
    assert partner.search_text  # the search document comes back too


def test_delete_an_event_from_the_list_and_recover_its_agenda(secretariat, event):
    hosts = PartnerFactory.create_batch(2)
    for host in hosts:
        EventParticipation.objects.create(event=event, partner=host, role="chaired")
    pk = event.pk
    changelist = reverse("admin:events_event_changelist")
    response = secretariat.post(
        changelist, {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Event.objects.filter(pk=pk).exists()
    assert not AgendaItem.objects.filter(event_id=pk).exists()

    deleted = Version.objects.get_deleted(Event).get(object_id=str(pk))
    url = reverse("admin:events_event_recover", args=[deleted.pk])
    response = secretariat.post(url, change_form_data(secretariat.get(url)))
    assert response.status_code == 302
    event = Event.objects.get(pk=pk)
    assert sorted(event.agenda_items.values_list("title", flat=True)) == ["Opening", "Panel"]
    assert set(event.organisations.all()) == set(hosts)
    assert set(event.participations.values_list("role", flat=True)) == {"chaired"}


def test_a_version_of_another_model_cannot_be_used_to_revert(secretariat, event):
    partner = PartnerFactory(name="Unrelated")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = change_form_data(secretariat.get(url))
    data["acronym"] = "UNR"
    assert secretariat.post(url, data).status_code == 302
    partner_version = versions_of(partner).first()
    # The event's id with a partner's version: django-reversion alone would revert it.
    url = reverse("admin:events_event_revision", args=[event.pk, partner_version.pk])
    assert secretariat.get(url).status_code == 404
    assert secretariat.post(url, {}).status_code == 404
    url = reverse("admin:events_event_recover", args=[partner_version.pk])
    assert secretariat.get(url).status_code == 404


def test_recovering_an_object_that_exists_is_refused(secretariat, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    secretariat.post(url, change_form_data(secretariat.get(url)))
    version = versions_of(event).first()
    assert (
        secretariat.get(reverse("admin:events_event_recover", args=[version.pk])).status_code == 404
    )


def test_work_plan_editor_saves_are_recorded(chair, chair_user, own_group):
    plan = own_group.work_plans.get()
    url = reverse("admin:actiongroups_actiongroup_workplan", args=[own_group.pk, plan.pk])
    data = editor_form_data(chair.get(url))
    data["title"] = "Plan 2020-21"
    assert chair.post(url, data).status_code == 302
    history = versions_of(plan)
    assert history.count() == 2  # the state before, then the change
    assert history.first().revision.user == chair_user
    # The plan's version carries its objectives and outputs, so a revert restores them.
    models = {v.content_type.model for v in history.first().revision.version_set.all()}
    assert {"workplan", "objective", "output"} <= models
    assert LogEntry.objects.filter(object_id=str(plan.pk), user=chair_user).exists()


def test_secretariat_reverts_a_work_plan_with_its_outputs(secretariat, own_group):
    plan = own_group.work_plans.get()
    url = reverse("admin:actiongroups_actiongroup_workplan", args=[own_group.pk, plan.pk])
    data = editor_form_data(secretariat.get(url))
    survey = output_of(own_group)
    key = next(
        k for k, v in data.items() if "-outputs-" in k and k.endswith("-id") and v == str(survey.pk)
    )
    data[key.replace("-id", "-status")] = OutputStatus.DONE
    assert secretariat.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert survey.status == OutputStatus.DONE
    baseline = versions_of(plan).last()
    response = revert(secretariat, plan, baseline)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == OutputStatus.PLANNED


def test_bulk_actions_are_recorded(secretariat, secretariat_user):
    partners = PartnerFactory.create_batch(2, is_published=False)
    response = secretariat.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "publish_selected", "_selected_action": [p.pk for p in partners]},
    )
    assert response.status_code == 302
    for partner in partners:
        partner.refresh_from_db()
        assert partner.is_published
        history = versions_of(partner)
        assert history.count() == 2  # as it was (draft), then published
        assert history.first().revision.user == secretariat_user
        assert LogEntry.objects.filter(object_id=str(partner.pk), user=secretariat_user).exists()
    # The draft state before the action can be restored.
    partner = partners[0]
    assert revert(secretariat, partner, versions_of(partner).last()).status_code == 302
    partner.refresh_from_db()
    assert not partner.is_published


def test_output_status_actions_are_recorded(secretariat, own_group):
    output = output_of(own_group)
    response = secretariat.post(
        reverse("admin:actiongroups_output_changelist"),
        {"action": "mark_done", "_selected_action": [output.pk]},
    )
    assert response.status_code == 302
    assert versions_of(output).count() == 2
    assert LogEntry.objects.filter(
        object_id=str(output.pk),
        content_type=ContentType.objects.get_for_model(output),
    ).exists()


def test_history_page_is_readable_for_an_object_without_history(secretariat, event):
    response = secretariat.get(reverse("admin:events_event_history", args=[event.pk]))
    assert response.status_code == 200
    assert "No change has been recorded" in response.content.decode()


def test_recover_a_partner_whose_hosted_event_and_group_were_deleted_since(secretariat):
    theme = ThemeFactory(name="Forced labour", slug="forced-labour")
    partner = PartnerFactory(name="Walk Free", themes=[theme], countries=["AU"])
    group = ActionGroupFactory(name="Migration")
    MembershipFactory(group=group, partner=partner)
    kept = EventFactory(title="Kept meeting", hosts=[partner])
    gone = EventFactory(title="Cancelled meeting", hosts=[partner])
    pk = partner.pk
    secretariat.post(reverse("admin:partners_partner_delete", args=[pk]), {"post": "yes"})
    # Since then, the event it hosted and the group it was in were deleted too.
    for obj in (gone, group):
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        assert secretariat.post(url, {"post": "yes"}).status_code == 302

    deleted = Version.objects.get_deleted(Partner).get(object_id=str(pk))
    url = reverse("admin:partners_partner_recover", args=[deleted.pk])
    page = secretariat.get(url)
    assert page.status_code == 200
    response = secretariat.post(url, change_form_data(page), follow=True)
    assert response.status_code == 200
    assert "2 links to records deleted since were not restored." in response.content.decode()

    partner = Partner.objects.get(pk=pk)
    assert [c.country.code for c in partner.countries_of_work.all()] == ["AU"]
    assert list(partner.themes.values_list("slug", flat=True)) == ["forced-labour"]
    assert list(partner.events.all()) == [kept]
    assert not Membership.objects.filter(partner=partner).exists()
    assert not Event.objects.filter(pk=gone.pk).exists()
