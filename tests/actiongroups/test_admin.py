"""The back office: group and plan lists, the nested work plan editor, dated status changes."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.forms import BooleanField
from django.urls import reverse
from django.utils import timezone

from actiongroups.enums import OutputStatus, WorkPlanStatus
from actiongroups.models import Objective, Output, WorkPlan
from tests.actiongroups.factories import build_group
from tests.factories import (
    ActionGroupFactory,
    ObjectiveFactory,
    OutputFactory,
    PartnerFactory,
    WorkPlanFactory,
)

pytestmark = pytest.mark.django_db


def editor(plan):
    return reverse("admin:actiongroups_actiongroup_workplan", args=[plan.group_id, plan.pk])


def form_data(response):
    """The POST a browser would send for the editor as rendered (no JavaScript involved)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field, BooleanField):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif value is not None:
                data[form.add_prefix(name)] = value

    add(response.context["plan_form"])
    objectives = response.context["objectives"]
    add(objectives.management_form)
    for form in objectives.forms:
        add(form)
        add(form.outputs.management_form)
        for output_form in form.outputs.forms:
            add(output_form)
    return data


@pytest.fixture
def plan():
    group = ActionGroupFactory(name="Supply Chains")
    plan = WorkPlanFactory(group=group, status=WorkPlanStatus.DRAFT)
    first = ObjectiveFactory(work_plan=plan, title="Research", order=1)
    OutputFactory(objective=first, title="Survey", order=1)
    OutputFactory(objective=first, title="Outlook", order=2)
    ObjectiveFactory(work_plan=plan, title="Acceleration", order=2)
    return plan


@pytest.mark.parametrize(
    "url,a_filter",
    [
        ("admin:actiongroups_actiongroup_changelist", "status__exact=active"),
        ("admin:actiongroups_workplan_changelist", "status__exact=current"),
        ("admin:actiongroups_output_changelist", "status__exact=done"),
        ("admin:actiongroups_membership_changelist", "role__exact=chair"),
        ("admin:actiongroups_objective_changelist", "work_plan__status__exact=draft"),
    ],
)
@pytest.mark.parametrize("query", ["", "?q=supply", "?q=%25_%27%5C", "?q=" + "x" * 2000, "filter"])
def test_changelists_render_with_search_and_filters(admin_client, url, a_filter, query):
    if query == "filter":
        query = "?" + a_filter
    build_group(name="Supply Chains")
    response = admin_client.get(reverse(url) + query)
    assert response.status_code == 200


def test_group_changelist_shows_chairs_counts_and_current_plan(admin_client):
    group = build_group(name="Supply Chains", members=3, objectives=1, outputs=3)
    chair = group.memberships.get(role="chair").partner
    html = admin_client.get(reverse("admin:actiongroups_actiongroup_changelist")).content.decode()
    assert chair.name in html
    assert "2020–2021 (Current): 1 of 3 done (33%)" in html


def test_group_change_page_lists_plans_with_links_to_the_editor(admin_client, plan):
    url = reverse("admin:actiongroups_actiongroup_change", args=[plan.group_id])
    html = admin_client.get(url).content.decode()
    assert editor(plan) in html
    assert "0 of 2 done (0%)" in html
    assert reverse("admin:actiongroups_actiongroup_workplan_add", args=[plan.group_id]) in html


def test_editor_shows_objectives_and_outputs_in_order(admin_client, plan):
    response = admin_client.get(editor(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Research") < html.index("Acceleration")
    assert html.index("Survey") < html.index("Outlook")
    assert "style=" not in html.split('id="content-main"')[1]


def test_editor_saves_status_with_a_date_order_and_new_rows(admin_client, plan):
    old = timezone.now() - timedelta(days=10)
    Output.objects.update(status_changed_at=old)
    data = form_data(admin_client.get(editor(plan)))
    # Outputs of the first objective: mark "Survey" done and move it after "Outlook".
    data["objectives-0-outputs-0-status"] = OutputStatus.DONE
    data["objectives-0-outputs-0-order"] = 3
    # A new output under the second objective, and a new objective with one output.
    data["objectives-1-outputs-0-title"] = "Pilots developed"
    data["objectives-2-title"] = "Driving innovation"
    data["objectives-2-outputs-0-title"] = "Technologies scaled up"
    data["objectives-2-outputs-0-status"] = OutputStatus.IN_PROGRESS

    response = admin_client.post(editor(plan), data)

    assert response.status_code == 302
    survey = Output.objects.get(title="Survey")
    outlook = Output.objects.get(title="Outlook")
    assert survey.status == OutputStatus.DONE
    assert survey.status_changed_at > old
    assert outlook.status_changed_at == old  # untouched status, untouched date
    first = Objective.objects.get(title="Research")
    assert [o.title for o in first.outputs.order_by("order", "pk")] == ["Outlook", "Survey"]
    assert Output.objects.get(title="Pilots developed").objective.title == "Acceleration"
    innovation = Objective.objects.get(title="Driving innovation")
    assert innovation.work_plan == plan
    assert innovation.order == 3
    assert innovation.outputs.get().status == OutputStatus.IN_PROGRESS
    assert LogEntry.objects.filter(object_id=str(plan.pk)).exists()


def test_editor_deletes_outputs_and_objectives(admin_client, plan):
    data = form_data(admin_client.get(editor(plan)))
    data["objectives-0-outputs-1-DELETE"] = "on"
    data["objectives-1-DELETE"] = "on"
    assert admin_client.post(editor(plan), data).status_code == 302
    assert list(Objective.objects.values_list("title", flat=True)) == ["Research"]
    assert list(Output.objects.values_list("title", flat=True)) == ["Survey"]


def test_save_and_continue_stays_in_the_editor(admin_client, plan):
    data = form_data(admin_client.get(editor(plan)))
    data["_continue"] = "1"
    response = admin_client.post(editor(plan), data)
    assert response.status_code == 302
    assert response["Location"] == editor(plan)


@pytest.mark.parametrize(
    "changes,error",
    [
        ({"end_year": 2019, "start_year": 2020}, "The last year cannot be before the first."),
        ({"start_year": 20201}, "Enter a year between 2015 and 2035."),
        ({"start_year": "abc"}, "Enter a whole number."),
        ({"objectives-2-outputs-0-title": "Orphan output"}, "Give the new objective a title"),
        ({"objectives-0-outputs-0-status": "finished"}, "Select a valid choice."),
        ({"objectives-0-title": ""}, "This field is required."),
    ],
)
def test_editor_reports_errors_and_saves_nothing(admin_client, plan, changes, error):
    data = form_data(admin_client.get(editor(plan)))
    data["title"] = "Changed title"
    data.update(changes)
    response = admin_client.post(editor(plan), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    plan.refresh_from_db()
    assert plan.title != "Changed title"


def test_editor_refuses_a_second_plan_for_the_same_years(admin_client, plan):
    other = WorkPlanFactory(group=plan.group, start_year=2018, end_year=2019)
    data = form_data(admin_client.get(editor(other)))
    data["start_year"], data["end_year"] = 2020, 2021
    response = admin_client.post(editor(other), data)
    assert response.status_code == 200
    assert "already has a work plan for these years" in response.content.decode()


def test_adding_a_plan_with_objectives_and_outputs_in_one_go(admin_client):
    group = ActionGroupFactory()
    url = reverse("admin:actiongroups_actiongroup_workplan_add", args=[group.pk])
    data = form_data(admin_client.get(url))
    data.update(
        {
            "title": "2022-23 work plan",
            "start_year": 2022,
            "end_year": 2023,
            "status": WorkPlanStatus.DRAFT,
            "objectives-0-title": "Research",
            "objectives-0-outputs-0-title": "Survey",
            "objectives-0-outputs-1-title": "Outlook",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    plan = WorkPlan.objects.get(group=group)
    assert plan.period == "2022–2023"
    objective = plan.objectives.get()
    assert [o.title for o in objective.outputs.order_by("order")] == ["Survey", "Outlook"]
    assert all(o.status_changed_at for o in objective.outputs.all())


def test_editor_answers_404_for_a_plan_of_another_group(admin_client, plan):
    other_group = ActionGroupFactory()
    url = reverse("admin:actiongroups_actiongroup_workplan", args=[other_group.pk, plan.pk])
    assert admin_client.get(url).status_code == 404
    url = reverse("admin:actiongroups_actiongroup_workplan", args=[999999, plan.pk])
    assert admin_client.get(url).status_code == 404


def test_editor_needs_the_permission(client, django_user_model, plan):
    user = django_user_model.objects.create_user("chair", password="x" * 12, is_staff=True)
    client.force_login(user)
    assert client.get(editor(plan)).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="change_workplan"))
    assert client.get(editor(plan)).status_code == 200
    add_url = reverse("admin:actiongroups_actiongroup_workplan_add", args=[plan.group_id])
    assert client.get(add_url).status_code == 403


def test_editor_needs_a_login(client, plan):
    response = client.get(editor(plan))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_work_plan_and_objective_change_pages_lead_to_the_editor(admin_client, plan):
    for url in [
        reverse("admin:actiongroups_workplan_change", args=[plan.pk]),
        reverse("admin:actiongroups_objective_change", args=[plan.objectives.first().pk]),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == editor(plan)


def test_work_plan_added_from_its_list_goes_to_the_editor(admin_client):
    group = ActionGroupFactory()
    response = admin_client.post(
        reverse("admin:actiongroups_workplan_add"),
        {"group": group.pk, "start_year": 2022, "end_year": 2023, "status": "draft"},
    )
    assert response.status_code == 302
    assert response["Location"] == editor(WorkPlan.objects.get(group=group))


def test_output_actions_date_only_real_changes(admin_client, plan):
    old = timezone.now() - timedelta(days=10)
    Output.objects.update(status_changed_at=old)
    Output.objects.filter(title="Outlook").update(status=OutputStatus.DONE)
    response = admin_client.post(
        reverse("admin:actiongroups_output_changelist"),
        {
            "action": "mark_done",
            "_selected_action": list(Output.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    survey, outlook = Output.objects.get(title="Survey"), Output.objects.get(title="Outlook")
    assert survey.status == OutputStatus.DONE and survey.status_changed_at > old
    assert outlook.status_changed_at == old


def test_output_change_form_dates_a_status_change(admin_client, plan):
    output = Output.objects.get(title="Survey")
    Output.objects.filter(pk=output.pk).update(status_changed_at=None)
    response = admin_client.post(
        reverse("admin:actiongroups_output_change", args=[output.pk]),
        {"objective": output.objective_id, "title": "Survey", "status": "in_progress", "order": 1},
    )
    assert response.status_code == 302
    output.refresh_from_db()
    assert output.status_changed_at is not None


def test_group_change_page_saves_memberships_and_plan_statuses(admin_client, plan):
    url = reverse("admin:actiongroups_actiongroup_change", args=[plan.group_id])
    response = admin_client.get(url)
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field, BooleanField):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif isinstance(value, list) or value is not None:
                data[form.add_prefix(name)] = value
    data["memberships-TOTAL_FORMS"] = 1
    data["memberships-0-partner"] = PartnerFactory().pk
    data["memberships-0-role"] = "chair"
    data["work_plans-0-status"] = WorkPlanStatus.CURRENT

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert plan.group.memberships.get().role == "chair"
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.CURRENT
