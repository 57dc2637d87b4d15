"""Roles with row-level rights, enforced on the server: every forged request changes nothing."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actiongroups.enums import MemberRole, OutputStatus
from actiongroups.models import ActionGroup, GroupEditor, Membership, Output, WorkPlan
from common.roles import GROUP_CHAIR, SECRETARIAT_EDITOR, editable_group_ids, setup_roles
from events.models import Event
from tests.backoffice.conftest import output_of
from tests.backoffice.helpers import change_form_data, editor_form_data
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

# An upcoming day, whenever the tests run (a fixed year would turn into the past).
MEETING_DAY = (timezone.localdate() + timedelta(days=90)).isoformat()


def output_key(data, output):
    """The editor's form field holding this output's id, e.g. objectives-0-outputs-1-id."""
    return next(
        key
        for key, value in data.items()
        if "-outputs-" in key and key.endswith("-id") and str(value) == str(output.pk)
    )


def editor_url(plan):
    return reverse("admin:actiongroups_actiongroup_workplan", args=[plan.group_id, plan.pk])


# -- the roles themselves ------------------------------------------------------------------


def test_setup_roles_is_idempotent_and_resets_the_permissions(db):
    call_command("setup_roles", verbosity=0)
    first = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    editors = Group.objects.get(name=SECRETARIAT_EDITOR)
    editors.permissions.add(Permission.objects.get(codename="add_user"))
    call_command("setup_roles", verbosity=0)
    call_command("setup_roles", verbosity=0)
    again = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert again == first
    assert Group.objects.filter(name__in=[SECRETARIAT_EDITOR, GROUP_CHAIR]).count() == 2


def test_secretariat_editor_has_all_content_but_no_user_or_permission_management(roles):
    codenames = set(roles[SECRETARIAT_EDITOR].permissions.values_list("codename", flat=True))
    for model in ("partner", "event", "actiongroup", "workplan", "output", "theme", "resource"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames
    assert not {"add_user", "change_user", "change_group", "add_permission"} & codenames
    assert not {"add_groupeditor", "change_groupeditor"} & codenames


def test_chair_permissions_are_limited(roles):
    codenames = set(roles[GROUP_CHAIR].permissions.values_list("codename", flat=True))
    assert {"change_actiongroup", "change_output", "add_membership", "add_event"} <= codenames
    assert (
        not {"add_actiongroup", "delete_actiongroup", "change_partner", "add_partner"} & codenames
    )
    assert "view_partner" in codenames


def test_scope_of_each_kind_of_account(chair_user, secretariat_user, admin_user, own_group):
    assert editable_group_ids(chair_user) == {own_group.pk}
    assert editable_group_ids(secretariat_user) is None
    assert editable_group_ids(admin_user) is None


def test_secretariat_editor_cannot_manage_users_or_roles(secretariat, secretariat_user):
    assert secretariat.get(reverse("admin:auth_user_changelist")).status_code == 403
    url = reverse("admin:auth_user_change", args=[secretariat_user.pk])
    response = secretariat.post(url, {"username": "secretariat", "is_superuser": "on"})
    assert response.status_code == 403
    secretariat_user.refresh_from_db()
    assert not secretariat_user.is_superuser
    assert secretariat.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_secretariat_editor_does_not_see_who_edits_groups(secretariat, own_group):
    response = secretariat.get(
        reverse("admin:actiongroups_actiongroup_change", args=[own_group.pk])
    )
    assert response.status_code == 200
    assert "editor_links" not in response.content.decode()


# -- the chair: what they may do ------------------------------------------------------------


def test_chair_updates_an_output_status_in_their_work_plan(chair, own_group):
    """Done when: a chair logs in and updates the status of an output in their work plan."""
    plan = own_group.work_plans.get()
    response = chair.get(editor_url(plan))
    assert response.status_code == 200
    data = editor_form_data(response)
    survey = output_of(own_group)
    key = output_key(data, survey)
    data[key.replace("-id", "-status")] = OutputStatus.DONE
    response = chair.post(editor_url(plan), data)
    assert response.status_code == 302, response.context["plan_form"].errors
    survey.refresh_from_db()
    assert survey.status == OutputStatus.DONE


def test_chair_lists_hold_only_their_groups_rows(chair, own_group, other_group):
    lists = {
        "admin:actiongroups_actiongroup_changelist": ("Supply Chains", "Migration"),
        "admin:actiongroups_workplan_changelist": ("Supply Chains", "Migration"),
        "admin:actiongroups_output_changelist": ("Supply Chains survey", "Migration survey"),
        "admin:actiongroups_membership_changelist": ("Supply Chains", "Migration"),
        "admin:events_event_changelist": ("Supply Chains meeting", "Migration meeting"),
    }
    for url, (mine, theirs) in lists.items():
        response = chair.get(reverse(url))
        assert response.status_code == 200, url
        html = response.content.decode()
        assert mine in html, url
        assert theirs not in html, url


def test_chair_sees_partners_read_only_and_no_pathfinder_editing(chair, partner):
    assert chair.get(reverse("admin:partners_partner_changelist")).status_code == 200
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    assert chair.post(url, {"name": "Hijacked"}).status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Walk Free"
    assert chair.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert chair.get(reverse("admin:pathfinders_resource_changelist")).status_code == 403


def test_chair_index_shows_only_their_areas(chair):
    html = chair.get(reverse("admin:index")).content.decode()
    assert "/admin/actiongroups/actiongroup/" in html
    assert "/admin/events/event/" in html
    assert "/admin/auth/user/" not in html
    assert "/admin/pathfinders/resource/" not in html


def test_chair_adds_a_member_to_their_group(chair, own_group):
    new_member = PartnerFactory(name="Newcomer")
    response = chair.post(
        reverse("admin:actiongroups_membership_add"),
        {"group": own_group.pk, "partner": new_member.pk, "role": MemberRole.MEMBER},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(group=own_group, partner=new_member).exists()


def test_chair_adds_an_event_for_their_group_only(chair, own_group, other_group):
    def post(group):
        return chair.post(
            reverse("admin:events_event_add"),
            {
                "title": "Chair meeting",
                "slug": f"chair-meeting-{group.pk}",
                "event_type": "action_group_meeting",
                "status": "scheduled",
                "timezone": "Europe/Paris",
                "start_0": MEETING_DAY,
                "start_1": "10:00",
                "end_0": MEETING_DAY,
                "end_1": "12:00",
                "date_precision": "day",
                "action_group": group.pk,
                "agenda_items-TOTAL_FORMS": "0",
                "agenda_items-INITIAL_FORMS": "0",
                "outcomes-TOTAL_FORMS": "0",
                "outcomes-INITIAL_FORMS": "0",
                "participations-TOTAL_FORMS": "0",
                "participations-INITIAL_FORMS": "0",
            },
        )

    response = post(other_group)
    assert response.status_code == 200
    assert "action_group" in response.context["adminform"].form.errors
    assert not Event.objects.filter(title="Chair meeting").exists()
    response = post(own_group)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get(title="Chair meeting").action_group == own_group


def test_chair_event_must_belong_to_a_group(chair):
    response = chair.get(reverse("admin:events_event_add"))
    field = response.context["adminform"].form.fields["action_group"]
    assert field.required
    assert list(field.queryset.values_list("name", flat=True)) == ["Supply Chains"]


def test_group_autocomplete_offers_only_the_chairs_groups(chair, own_group, other_group):
    response = chair.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "actiongroups",
            "model_name": "membership",
            "field_name": "group",
            "term": "",
        },
    )
    assert response.status_code == 200
    names = [row["text"] for row in json.loads(response.content)["results"]]
    assert names == ["Supply Chains"]


# -- the chair: forged requests to another group's rows ---------------------------------------


def test_forged_change_of_another_group_is_404_and_changes_nothing(chair, own_group, other_group):
    url = reverse("admin:actiongroups_actiongroup_change", args=[other_group.pk])
    assert chair.get(url).status_code == 404
    # The exact POST that works for their own group, aimed at the other one.
    data = change_form_data(
        chair.get(reverse("admin:actiongroups_actiongroup_change", args=[own_group.pk]))
    )
    data["name"] = "Hijacked"
    data["slug"] = "hijacked"
    assert chair.post(url, data).status_code == 404
    other_group.refresh_from_db()
    assert other_group.name == "Migration"


def test_forged_deletes_are_refused(chair, own_group, other_group):
    for group in (own_group, other_group):
        url = reverse("admin:actiongroups_actiongroup_delete", args=[group.pk])
        assert chair.post(url, {"post": "yes"}).status_code in (403, 404)
    assert ActionGroup.objects.count() == 2
    plan = other_group.work_plans.get()
    url = reverse("admin:actiongroups_workplan_delete", args=[plan.pk])
    assert chair.post(url, {"post": "yes"}).status_code == 404
    assert WorkPlan.objects.filter(pk=plan.pk).exists()
    event = other_group.events.get()
    url = reverse("admin:events_event_delete", args=[event.pk])
    assert chair.post(url, {"post": "yes"}).status_code == 404
    assert Event.objects.filter(pk=event.pk).exists()


def test_forged_requests_to_the_work_plan_editor_of_another_group(chair, own_group, other_group):
    plan = other_group.work_plans.get()
    data = editor_form_data(chair.get(editor_url(own_group.work_plans.get())))
    data["title"] = "Hijacked"
    for url in (
        editor_url(plan),
        # Their own group in the URL, the other group's plan id: still 404.
        reverse("admin:actiongroups_actiongroup_workplan", args=[own_group.pk, plan.pk]),
        reverse("admin:actiongroups_actiongroup_workplan_add", args=[other_group.pk]),
    ):
        assert chair.get(url).status_code == 404, url
        assert chair.post(url, data).status_code == 404, url
    plan.refresh_from_db()
    assert plan.title != "Hijacked"
    assert WorkPlan.objects.filter(group=other_group).count() == 1


def test_forged_output_ids_in_the_chairs_own_editor_change_nothing(chair, own_group, other_group):
    """Their own plan's editor, with another group's output id slipped into the formset."""
    plan = own_group.work_plans.get()
    data = editor_form_data(chair.get(editor_url(plan)))
    theirs = output_of(other_group)
    survey = output_of(own_group)
    key = output_key(data, survey)
    data[key] = theirs.pk
    data[key.replace("-id", "-status")] = OutputStatus.DONE
    data[key.replace("-id", "-title")] = "Hijacked"
    response = chair.post(editor_url(plan), data)
    # Django's formsets ignore a row whose id is not theirs (no error, nothing saved for it).
    assert response.status_code in (200, 302)
    survey.refresh_from_db()
    assert survey.status != OutputStatus.DONE
    theirs.refresh_from_db()
    assert theirs.status != OutputStatus.DONE
    assert theirs.title == "Migration survey"


def test_forged_output_change_and_bulk_action(chair, other_group):
    output = output_of(other_group)
    url = reverse("admin:actiongroups_output_change", args=[output.pk])
    forged = {"objective": output.objective_id, "title": "Hijacked", "status": "done", "order": 1}
    assert chair.post(url, forged).status_code == 404
    response = chair.post(
        reverse("admin:actiongroups_output_changelist"),
        {"action": "mark_done", "_selected_action": [output.pk]},
    )
    assert response.status_code in (200, 302)
    output.refresh_from_db()
    assert output.status != OutputStatus.DONE
    assert output.title == "Migration survey"


def test_forged_output_moved_into_another_groups_objective(chair, own_group, other_group):
    output = output_of(own_group)
    theirs = output_of(other_group).objective
    url = reverse("admin:actiongroups_output_change", args=[output.pk])
    response = chair.post(url, {"objective": theirs.pk, "title": "x", "status": "done", "order": 1})
    assert response.status_code == 200
    assert "objective" in response.context["adminform"].form.errors
    output.refresh_from_db()
    assert output.objective.work_plan.group == own_group


def test_forged_membership_in_another_group(chair, other_group):
    partner = PartnerFactory()
    response = chair.post(
        reverse("admin:actiongroups_membership_add"),
        {"group": other_group.pk, "partner": partner.pk, "role": MemberRole.CHAIR},
    )
    assert response.status_code == 200
    assert "group" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(partner=partner).exists()
    membership = other_group.memberships.get()
    url = reverse("admin:actiongroups_membership_change", args=[membership.pk])
    assert chair.post(url, {"group": other_group.pk, "partner": partner.pk}).status_code == 404
    url = reverse("admin:actiongroups_membership_delete", args=[membership.pk])
    assert chair.post(url, {"post": "yes"}).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_forged_work_plan_for_another_group(chair, other_group):
    response = chair.post(
        reverse("admin:actiongroups_workplan_add"),
        {"group": other_group.pk, "start_year": 2024, "end_year": 2025, "status": "draft"},
    )
    assert response.status_code == 200
    assert not WorkPlan.objects.filter(group=other_group, start_year=2024).exists()


def test_forged_event_change_and_move_to_another_group(chair, own_group, other_group):
    theirs = other_group.events.get()
    url = reverse("admin:events_event_change", args=[theirs.pk])
    assert chair.get(url).status_code == 404
    mine = own_group.events.get()
    mine_url = reverse("admin:events_event_change", args=[mine.pk])
    data = change_form_data(chair.get(mine_url))
    assert chair.post(url, {**data, "title": "Hijacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Migration meeting"
    # Moving their own event to a group they do not edit is refused at the field.
    response = chair.post(mine_url, {**data, "action_group": other_group.pk})
    assert response.status_code == 200
    assert "action_group" in response.context["adminform"].form.errors
    mine.refresh_from_db()
    assert mine.action_group == own_group


def test_chair_cannot_create_groups_or_grant_themselves_more(chair, chair_user, other_group):
    response = chair.post(
        reverse("admin:actiongroups_actiongroup_add"),
        {"name": "New group", "slug": "new-group", "status": "active"},
    )
    assert response.status_code == 403
    assert not ActionGroup.objects.filter(slug="new-group").exists()
    response = chair.post(
        reverse("admin:auth_user_change", args=[chair_user.pk]),
        {"username": "chair", "is_superuser": "on"},
    )
    assert response.status_code == 403
    assert not GroupEditor.objects.filter(user=chair_user, group=other_group).exists()


def test_chair_cannot_revert_or_recover(chair, own_group, other_group):
    event = own_group.events.get()
    for url in (
        reverse("admin:events_event_recoverlist"),
        reverse("admin:events_event_recover", args=[1]),
        reverse("admin:events_event_revision", args=[event.pk, 1]),
    ):
        assert chair.get(url).status_code == 403, url
        assert chair.post(url, {}).status_code == 403, url
    history = reverse("admin:events_event_history", args=[other_group.events.get().pk])
    assert chair.get(history).status_code == 404


def test_chair_preview_only_for_their_rows(chair, own_group, other_group):
    mine = reverse("admin:actiongroups_actiongroup_preview", args=[own_group.pk])
    theirs = reverse("admin:actiongroups_actiongroup_preview", args=[other_group.pk])
    assert chair.get(mine).status_code == 200
    assert chair.get(theirs).status_code == 404


def test_superuser_links_an_account_to_a_group(admin_client, django_user_model, own_group, roles):
    user = django_user_model.objects.create_user("newchair", password="x" * 14)
    url = reverse("admin:actiongroups_actiongroup_change", args=[own_group.pk])
    data = change_form_data(admin_client.get(url))
    data["editor_links-TOTAL_FORMS"] = "1"
    data["editor_links-0-user"] = user.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name=GROUP_CHAIR).exists()
    assert editable_group_ids(user) == {own_group.pk}


def test_chair_output_bulk_action_on_their_own_outputs(chair, own_group):
    outputs = list(Output.objects.filter(objective__work_plan__group=own_group))
    response = chair.post(
        reverse("admin:actiongroups_output_changelist"),
        {"action": "mark_done", "_selected_action": [o.pk for o in outputs]},
    )
    assert response.status_code == 302
    assert {o.status for o in Output.objects.filter(pk__in=[o.pk for o in outputs])} == {"done"}


def test_roles_command_runs_on_an_empty_database(db):
    Group.objects.all().delete()
    counts = setup_roles()
    assert counts[SECRETARIAT_EDITOR] > counts[GROUP_CHAIR] > 0


# -- "view on site" (admin/r/…) tells nothing about records out of reach (issue 12 item 13) -----


def view_on_site(client, obj):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(obj)
    return client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))


def test_view_on_site_never_reveals_another_groups_draft(
    chair, own_group, other_group, secretariat_user
):
    other_group.is_published = False
    other_group.slug = "secret-draft-slug"
    other_group.save()
    other_event = Event.objects.get(action_group=other_group)
    for obj in (other_group, other_event):
        response = view_on_site(chair, obj)
        assert response.status_code == 404
        assert "secret-draft-slug" not in response.content.decode()
        assert other_event.slug not in response.get("Location", "")

    assert view_on_site(chair, own_group)["Location"].endswith(own_group.get_absolute_url())
    own_event = Event.objects.get(action_group=own_group)
    assert view_on_site(chair, own_event)["Location"].endswith(own_event.get_absolute_url())

    from django.test import Client

    secretariat = Client()
    secretariat.force_login(secretariat_user)
    assert view_on_site(secretariat, other_group)["Location"].endswith("/secret-draft-slug/")


def test_view_on_site_of_unknown_or_unregistered_records_is_404(chair, chair_user, own_group):
    from django.contrib.contenttypes.models import ContentType

    editor_type = ContentType.objects.get_for_model(GroupEditor)  # no admin of its own
    link = GroupEditor.objects.get(user=chair_user)
    for args in ([editor_type.pk, link.pk], [999999, 1], [editor_type.pk, "not-a-number"]):
        assert chair.get(reverse("admin:view_on_site", args=args)).status_code == 404


def test_chair_records_who_took_part_in_their_groups_event(chair, own_group):
    speaker = PartnerFactory(name="Speaker organisation")
    response = chair.post(
        reverse("admin:events_event_add"),
        {
            "title": "Chair webinar",
            "slug": "chair-webinar",
            "event_type": "webinar",
            "status": "scheduled",
            "timezone": "Europe/Paris",
            "start_0": "2030-05-04",
            "start_1": "10:00",
            "end_0": "2030-05-04",
            "end_1": "11:00",
            "date_precision": "day",
            "action_group": own_group.pk,
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
            "outcomes-TOTAL_FORMS": "0",
            "outcomes-INITIAL_FORMS": "0",
            "participations-TOTAL_FORMS": "1",
            "participations-INITIAL_FORMS": "0",
            "participations-0-partner": speaker.pk,
            "participations-0-role": "took_part",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    event = Event.objects.get(slug="chair-webinar")
    assert list(event.participations.values_list("partner__name", "role")) == [
        ("Speaker organisation", "took_part")
    ]
