"""Output status dating, current-plan choice, plan keys and progress arithmetic."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from actiongroups.enums import MemberRole, OutputStatus, WorkPlanStatus
from actiongroups.models import ActionGroup, Output, membership_problems
from actiongroups.selectors import Progress, find_plan, pick_current_plan
from common.content_version import content_version
from tests.factories import (
    ActionGroupFactory,
    MembershipFactory,
    OutputFactory,
    PartnerFactory,
    WorkPlanFactory,
)

pytestmark = pytest.mark.django_db


def test_a_new_output_is_dated_when_created():
    output = OutputFactory()
    assert output.status_changed_at is not None
    assert timezone.now() - output.status_changed_at < timedelta(minutes=1)


def test_an_explicit_date_on_creation_is_kept():
    when = timezone.now() - timedelta(days=300)
    output = OutputFactory(status_changed_at=when)
    output.refresh_from_db()
    assert output.status_changed_at == when


def test_changing_the_status_dates_it_and_other_edits_do_not():
    old = timezone.now() - timedelta(days=30)
    output = OutputFactory(status_changed_at=old)
    output = Output.objects.get(pk=output.pk)

    output.title = "Renamed"
    output.save()
    output.refresh_from_db()
    assert output.status_changed_at == old

    output.status = OutputStatus.DONE
    output.save()
    output.refresh_from_db()
    assert output.status_changed_at > old


def test_saving_only_the_status_also_saves_its_date():
    old = timezone.now() - timedelta(days=30)
    output = Output.objects.get(pk=OutputFactory(status_changed_at=old).pk)
    output.status = OutputStatus.IN_PROGRESS
    output.save(update_fields=["status"])
    output.refresh_from_db()
    assert output.status == OutputStatus.IN_PROGRESS
    assert output.status_changed_at > old


def test_a_status_loaded_lazily_is_compared_with_the_database():
    old = timezone.now() - timedelta(days=30)
    pk = OutputFactory(status_changed_at=old).pk

    unchanged = Output.objects.only("title").get(pk=pk)
    unchanged.title = "New title"
    unchanged.save()
    assert Output.objects.get(pk=pk).status_changed_at == old

    changed = Output.objects.only("title").get(pk=pk)
    changed.status = OutputStatus.DONE
    changed.save()
    assert Output.objects.get(pk=pk).status_changed_at > old


def test_saving_twice_after_one_change_dates_it_once():
    output = Output.objects.get(pk=OutputFactory().pk)
    output.status = OutputStatus.DONE
    output.save()
    first = output.status_changed_at
    output.save()
    assert output.status_changed_at == first


def test_bulk_status_change_dates_only_rows_that_change():
    old = timezone.now() - timedelta(days=30)
    done = OutputFactory(status=OutputStatus.DONE, status_changed_at=old)
    planned = OutputFactory(status=OutputStatus.PLANNED, status_changed_at=old)

    changed = Output.objects.filter(pk__in=[done.pk, planned.pk]).set_status(OutputStatus.DONE)

    assert changed == 1
    done.refresh_from_db()
    planned.refresh_from_db()
    assert done.status_changed_at == old
    assert planned.status == OutputStatus.DONE
    assert planned.status_changed_at > old


def test_bulk_status_change_refreshes_the_public_page_cache():
    output = OutputFactory()
    before = content_version()
    Output.objects.filter(pk=output.pk).set_status(OutputStatus.DONE)
    assert content_version() != before
    # Nothing changed, nothing to refresh.
    after = content_version()
    Output.objects.filter(pk=output.pk).set_status(OutputStatus.DONE)
    assert content_version() == after


def plan(start, end, status, pk=None):
    return SimpleNamespace(start_year=start, end_year=end, status=status, pk=pk or start)


def test_current_plan_is_the_one_marked_current_even_if_a_newer_draft_exists():
    current = plan(2018, 2019, WorkPlanStatus.CURRENT)
    draft = plan(2020, 2021, WorkPlanStatus.DRAFT)
    assert pick_current_plan([draft, current]) is current


def test_without_a_current_plan_the_newest_draft_is_shown():
    completed = plan(2022, 2023, WorkPlanStatus.COMPLETED)
    old_draft = plan(2018, 2019, WorkPlanStatus.DRAFT)
    new_draft = plan(2020, 2021, WorkPlanStatus.DRAFT)
    assert pick_current_plan([old_draft, completed, new_draft]) is new_draft


def test_without_current_or_draft_the_newest_plan_is_shown():
    older = plan(2016, 2017, WorkPlanStatus.COMPLETED)
    newer = plan(2018, 2019, WorkPlanStatus.COMPLETED)
    assert pick_current_plan([newer, older]) is newer
    assert pick_current_plan([]) is None


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2018-2019", (2018, 2019)),
        ("2018–2019", (2018, 2019)),
        (" 2018 - 19 ", (2018, 2019)),
        ("2018/2019", (2018, 2019)),
        ("2019", (2019, 2019)),
        ("2020-2021", None),
        ("garbage", None),
        ("", None),
        ("2018-2019' OR 1=1 --", None),
        ("２０１８-２０１９", None),  # full-width digits are not a period
        ("2018-" + "9" * 5000, None),
    ],
)
def test_plan_parameter_names_a_period(raw, expected):
    plans = [plan(2018, 2019, "completed"), plan(2019, 2019, "draft", pk=99)]
    found = find_plan(plans, raw)
    assert ((found.start_year, found.end_year) if found else None) == expected


@pytest.mark.parametrize(
    "done,total,percent",
    [(0, 9, 0), (1, 3, 33), (2, 3, 66), (199, 200, 99), (3, 3, 100), (0, 0, 0)],
)
def test_progress_is_rounded_down_so_100_means_all_done(done, total, percent):
    progress = Progress(done=done, total=total)
    assert progress.percent == percent
    assert progress.has_outputs is (total > 0)


def test_progress_of_outputs_counts_done_and_in_progress():
    outputs = [SimpleNamespace(status=s) for s in ["done", "in_progress", "planned", "done"]]
    assert Progress.of(outputs) == Progress(done=2, total=4, in_progress=1)


def test_member_count_leaves_out_unpublished_partners():
    group = ActionGroupFactory()
    MembershipFactory(group=group)
    MembershipFactory(group=group, partner=PartnerFactory(is_published=False))
    assert ActionGroup.objects.with_counts().get(pk=group.pk).member_count == 1


def test_work_plan_key_and_link():
    group = ActionGroupFactory(slug="supply-chains")
    two_years = WorkPlanFactory(group=group, start_year=2018, end_year=2019)
    one_year = WorkPlanFactory(group=group, start_year=2019, end_year=2019)
    assert two_years.key == "2018-2019"
    assert two_years.period == "2018–2019"
    assert one_year.key == "2019"
    with translation.override("en"):
        url = two_years.get_absolute_url()
    assert url == "/action-groups/supply-chains/?plan=2018-2019#work-plan"


CHAIR, CO_CHAIR, MEMBER = MemberRole.CHAIR, MemberRole.CO_CHAIR, MemberRole.MEMBER


@pytest.mark.parametrize(
    ("rows", "refused"),
    [
        ([(1, CHAIR), (2, MEMBER), (3, MEMBER)], {}),
        ([(1, CO_CHAIR), (2, CO_CHAIR), (3, MEMBER)], {}),
        ([(1, CHAIR), (2, CHAIR)], {1: ["role"]}),
        ([(1, CHAIR), (2, CO_CHAIR)], {1: ["role"]}),
        ([(1, CO_CHAIR), (2, CHAIR)], {1: ["role"]}),
        ([(1, CO_CHAIR), (2, CO_CHAIR), (3, CO_CHAIR)], {2: ["role"]}),
        ([(1, MEMBER), (1, CHAIR)], {1: ["partner"]}),
    ],
)
def test_membership_rules_live_in_one_function(rows, refused):
    # The one home of the rules, used by Membership.clean and by the admin's membership formset.
    problems = membership_problems(rows)
    assert {index: [field for field, _ in found] for index, found in problems.items()} == refused
