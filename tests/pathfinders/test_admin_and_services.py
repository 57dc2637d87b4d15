"""Stage changes recorded as milestones, next-step status timestamps, ordered inlines."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from pathfinders.enums import MilestoneKind, NextStepStatus, Stage
from pathfinders.models import Milestone, NextStep, PathfinderCountry, Priority
from pathfinders.services import change_stage
from tests.factories import (
    MilestoneFactory,
    NextStepFactory,
    PathfinderCountryFactory,
    PriorityFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nepal():
    return PathfinderCountryFactory(
        country="NP", name="Nepal", slug="nepal", stage=Stage.WORKSHOP_PLANNED
    )


# -- the service -----------------------------------------------------------------------------


def test_change_stage_records_a_milestone_and_fills_the_date(nepal, admin_user):
    milestone = change_stage(nepal, Stage.WORKSHOP_HELD, date(2018, 10, 5), admin_user)
    nepal.refresh_from_db()
    assert nepal.stage == Stage.WORKSHOP_HELD
    assert nepal.workshop_date == date(2018, 10, 5)
    assert (milestone.kind, milestone.date, milestone.recorded_by) == (
        MilestoneKind.WORKSHOP_HELD,
        date(2018, 10, 5),
        admin_user,
    )
    assert milestone.description == "Strategic planning workshop held"


def test_change_stage_keeps_an_existing_date_and_defaults_to_today(nepal):
    nepal.workshop_date = date(2018, 10, 1)
    nepal.save()
    milestone = change_stage(nepal, Stage.WORKSHOP_HELD)
    nepal.refresh_from_db()
    assert nepal.workshop_date == date(2018, 10, 1)
    assert milestone.date == timezone.localdate()
    assert milestone.recorded_by is None


def test_change_stage_with_a_month_precision(nepal):
    milestone = change_stage(nepal, "roadmap_adopted", date(2019, 3, 1), precision="month")
    assert (milestone.kind, milestone.precision) == (MilestoneKind.ROADMAP_ADOPTED, "month")


def test_moving_back_or_staying_records_nothing(nepal):
    assert change_stage(nepal, Stage.WORKSHOP_PLANNED) is None  # no change
    assert change_stage(nepal, Stage.INTEREST, date(2017, 1, 1)) is None  # a correction
    nepal.refresh_from_db()
    assert nepal.stage == Stage.INTEREST
    assert not Milestone.objects.exists()


def test_no_duplicate_milestone_for_the_same_date(nepal):
    MilestoneFactory(country=nepal, kind=MilestoneKind.WORKSHOP_HELD, date=date(2018, 10, 5))
    assert change_stage(nepal, Stage.WORKSHOP_HELD, date(2018, 10, 5)) is None
    assert Milestone.objects.count() == 1


def test_unknown_stage_is_refused(nepal):
    with pytest.raises(ValueError):
        change_stage(nepal, "bogus")
    nepal.refresh_from_db()
    assert nepal.stage == Stage.WORKSHOP_PLANNED


# -- next-step status timestamps -------------------------------------------------------------


def test_status_change_sets_status_changed_at(nepal):
    step = NextStepFactory(country=nepal)
    created_at = step.status_changed_at
    assert created_at is not None  # set when the step is created with its first status
    step = NextStep.objects.get(pk=step.pk)
    step.text = "Reworded"
    step.save()
    assert NextStep.objects.get(pk=step.pk).status_changed_at == created_at
    step.status = NextStepStatus.DONE
    step.save(update_fields=["status"])
    assert NextStep.objects.get(pk=step.pk).status_changed_at > created_at


# -- the admin -------------------------------------------------------------------------------


def form_data(response):
    """The change form's current values, as the browser would post them back."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(getattr(item, "pk", item)) for item in value]
            elif isinstance(value, date):
                value = value.isoformat()
            data[form[name].html_name] = value
    return data


def change_url(country):
    return reverse("admin:pathfinders_pathfindercountry_change", args=[country.pk])


def add_inline_row(data, prefix, **values):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value


def test_admin_stage_change_records_a_milestone(admin_client, admin_user, nepal):
    data = form_data(admin_client.get(change_url(nepal)))
    data.update(stage=Stage.WORKSHOP_HELD, workshop_date="2018-10-01")
    data["workshop_date_precision"] = "month"
    response = admin_client.post(change_url(nepal), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    milestone = Milestone.objects.get(country=nepal)
    assert (milestone.kind, milestone.date, milestone.precision, milestone.recorded_by) == (
        MilestoneKind.WORKSHOP_HELD,
        date(2018, 10, 1),
        "month",
        admin_user,
    )
    # Saving again without changing the stage adds nothing.
    admin_client.post(change_url(nepal), form_data(admin_client.get(change_url(nepal))))
    assert Milestone.objects.filter(country=nepal).count() == 1


def test_admin_does_not_duplicate_a_milestone_the_editor_added(admin_client, nepal):
    data = form_data(admin_client.get(change_url(nepal)))
    data["stage"] = Stage.WORKSHOP_HELD
    add_inline_row(
        data,
        "milestones",
        date="2018-10-12",
        precision="day",
        kind=MilestoneKind.WORKSHOP_HELD,
        description="National strategy workshop in Kathmandu",
    )
    assert admin_client.post(change_url(nepal), data).status_code == 302
    assert list(Milestone.objects.values_list("description", "recorded_by")) == [
        ("National strategy workshop in Kathmandu", None)
    ]


def test_admin_moving_back_records_nothing(admin_client, nepal):
    data = form_data(admin_client.get(change_url(nepal)))
    data["stage"] = Stage.INTEREST
    assert admin_client.post(change_url(nepal), data).status_code == 302
    assert not Milestone.objects.exists()


def test_admin_adding_a_country_records_its_stage(admin_client, admin_user):
    response = admin_client.get(reverse("admin:pathfinders_pathfindercountry_add"))
    data = form_data(response)
    data.update(
        country="LK",
        name="Sri Lanka",
        slug="sri-lanka",
        stage=Stage.INTEREST,
        interest_date="2018-05-03",
    )
    response = admin_client.post(reverse("admin:pathfinders_pathfindercountry_add"), data)
    assert response.status_code == 302
    country = PathfinderCountry.objects.get(slug="sri-lanka")
    milestone = country.milestones.get()
    assert (milestone.kind, milestone.date) == (MilestoneKind.INTEREST, date(2018, 5, 3))


def test_admin_next_step_status_change_sets_status_changed_at(admin_client, nepal):
    step = NextStepFactory(country=nepal, text="Convene a workshop")
    NextStep.objects.filter(pk=step.pk).update(status_changed_at=None)
    other = NextStepFactory(country=nepal, text="Untouched")
    NextStep.objects.filter(pk=other.pk).update(status_changed_at=None)
    data = form_data(admin_client.get(change_url(nepal)))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("next_steps-") and key.endswith("-id") and str(value) == str(step.pk)
    )
    data[f"next_steps-{index}-status"] = NextStepStatus.IN_PROGRESS
    assert admin_client.post(change_url(nepal), data).status_code == 302
    step.refresh_from_db()
    other.refresh_from_db()
    assert step.status == NextStepStatus.IN_PROGRESS
    assert step.status_changed_at is not None
    assert other.status_changed_at is None


def test_admin_inlines_are_ordered_and_new_rows_go_last(admin_client, nepal):
    theme = ThemeFactory(slug="child-labour", name="Child labour")
    PriorityFactory(country=nepal, text="Second", order=2)
    PriorityFactory(country=nepal, text="First", order=1)
    response = admin_client.get(change_url(nepal))
    priorities = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.text for form in priorities.forms] == ["First", "Second"]
    data = form_data(response)
    add_inline_row(data, "priorities", order="0", heading="New", text="Third", themes=[theme.pk])
    assert admin_client.post(change_url(nepal), data).status_code == 302
    assert list(Priority.objects.filter(country=nepal).values_list("text", "order")) == [
        ("First", 1),
        ("Second", 2),
        ("Third", 3),
    ]
    assert list(Priority.objects.get(text="Third").themes.all()) == [theme]


def test_admin_list_shows_priority_counts(admin_client, nepal):
    PriorityFactory(country=nepal)
    response = admin_client.get(reverse("admin:pathfinders_pathfindercountry_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_list[0].priority_count == 1
