"""Reads for the public action group pages.

Each page runs a fixed number of queries, whatever the number of groups, members, objectives,
outputs or meetings: related rows come from one prefetch per relation, and everything derived
from them (the current work plan, progress, outcomes per session) is computed in Python.
"""

import re
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Value, When

from common.facets import per_content_version
from events.models import Event

from .enums import GroupStatus, MemberRole, OutputStatus, WorkPlanStatus
from .models import CHAIR_ROLES, ActionGroup, Membership, Objective, WorkPlan

# `?plan=` is typed by people and crawlers; anything longer is not a period.
MAX_PLAN_PARAMETER = 40
# A group page lists this many members (chairs first) and meetings (newest first); the rest are
# one link away in the partner directory and the events list, so a 13 000-member group's page
# costs what a small group's does.
MEMBERS_SHOWN = 100
MEETINGS_SHOWN = 20
PLAN_KEY = re.compile(r"^(?P<start>\d{4})(?:\s*[-–—/]\s*(?P<end>\d{4}|\d{2}))?$", re.ASCII)


@dataclass(frozen=True)
class Progress:
    """Done outputs out of all outputs; no outputs means no progress to show, not 0%."""

    done: int
    total: int
    in_progress: int = 0

    @property
    def has_outputs(self):
        return self.total > 0

    @property
    def percent(self):
        # Rounded down, so 100% is shown only when every output is done.
        return 100 * self.done // self.total if self.total else 0

    @classmethod
    def of(cls, outputs):
        statuses = [output.status for output in outputs]
        return cls(
            done=statuses.count(OutputStatus.DONE),
            total=len(statuses),
            in_progress=statuses.count(OutputStatus.IN_PROGRESS),
        )

    @classmethod
    def of_plan(cls, plan):
        """From the `with_progress()` annotations of a work plan."""
        return cls(done=plan.output_done, total=plan.output_total)


def _newest(plan):
    return (plan.start_year, plan.end_year, plan.pk)


def pick_current_plan(plans):
    """The plan adopted as current, else the newest draft, else the newest of all."""
    plans = list(plans)
    if not plans:
        return None
    for status in (WorkPlanStatus.CURRENT, WorkPlanStatus.DRAFT):
        candidates = [plan for plan in plans if plan.status == status]
        if candidates:
            return max(candidates, key=_newest)
    return max(plans, key=_newest)


def find_plan(plans, raw):
    """The plan whose period `raw` names ("2018-2019", "2018–19", "2019"), or None."""
    if not raw or len(raw) > MAX_PLAN_PARAMETER:
        return None
    match = PLAN_KEY.match(raw.strip())
    if not match:
        return None
    start = int(match["start"])
    end = match["end"]
    if end is None:
        end_year = start
    elif len(end) == 2:
        end_year = start // 100 * 100 + int(end)
    else:
        end_year = int(end)
    return next((p for p in plans if (p.start_year, p.end_year) == (start, end_year)), None)


_STATUS_RANK = Case(
    When(status=GroupStatus.ACTIVE, then=Value(0)),
    When(status=GroupStatus.STARTING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
_ROLE_RANK = Case(
    When(role=MemberRole.CHAIR, then=Value(0)),
    When(role=MemberRole.CO_CHAIR, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _listed_memberships():
    """Memberships of partners a visitor can open: unpublished partners are not shown."""
    return (
        Membership.objects.of_published_partners()
        .select_related("partner")
        .annotate(role_rank=_ROLE_RANK)
        .order_by("role_rank", "partner__name")
    )


def member_counts() -> dict[int, int]:
    """Members listed in the directory (published partners), per group id.

    One grouped count over every membership, once per content version: counted per request it
    was 95-120 ms at 100 000 partners (20 groups of 3 500 members) and grew with the groups.
    """

    def count():
        memberships = Membership.objects.of_published_partners().order_by()
        return dict(memberships.values_list("group").annotate(n=Count("pk")))

    return per_content_version("group-members", count)


def group_list():
    """Published groups, active first, each with chairs and its current plan's progress.

    Three queries: groups, chairs, work plans (with output counts); the member counts are
    counted once per content version.
    """
    counts = member_counts()
    groups = list(
        ActionGroup.objects.published()
        .annotate(status_rank=_STATUS_RANK)
        .order_by("status_rank", "name")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=_listed_memberships().filter(role__in=CHAIR_ROLES),
                to_attr="chair_memberships",
            ),
            Prefetch(
                "work_plans",
                queryset=WorkPlan.objects.with_progress().order_by("-start_year", "-end_year"),
                to_attr="plan_list",
            ),
        )
    )
    for group in groups:
        group.member_count = counts.get(group.pk, 0)
        group.current_plan = pick_current_plan(group.plan_list)
        group.plan_progress = Progress.of_plan(group.current_plan) if group.current_plan else None
    return groups


@dataclass(frozen=True)
class Session:
    heading: str
    outcomes: list


def _sessions(outcomes):
    """Outcomes grouped by session heading, in order of first appearance (headings may recur)."""
    grouped: dict[str, list] = {}
    for outcome in outcomes:
        grouped.setdefault(outcome.heading, []).append(outcome)
    return [Session(heading, items) for heading, items in grouped.items()]


def first_members(group) -> list:
    """The first MEMBERS_SHOWN listed members: chairs, then the others by name.

    Two queries, the others read along the partner name index until enough are found: one
    sorted query over every member (with a window count) took 150-190 ms for a group of 13 000
    at 100 000 partners, against about 20 ms; the total is `member_counts`'.
    """
    listed = _listed_memberships().filter(group=group)
    chairs = list(listed.filter(role__in=CHAIR_ROLES))
    others = listed.exclude(role__in=CHAIR_ROLES).order_by("partner__name", "pk")
    return chairs + list(others[: max(0, MEMBERS_SHOWN - len(chairs))])


def group_detail_context(group, plan_parameter=None):
    """Everything the group page shows; seven queries after the group itself."""
    memberships = first_members(group)
    chairs = [m for m in memberships if m.role == MemberRole.CHAIR]
    co_chairs = [m for m in memberships if m.role == MemberRole.CO_CHAIR]

    plans = list(
        WorkPlan.objects.filter(group=group)
        .with_progress()
        .order_by("-start_year", "-end_year", "-pk")
    )
    for plan in plans:
        plan.progress = Progress.of_plan(plan)
    current_plan = pick_current_plan(plans)
    selected_plan = current_plan
    unknown_plan = None
    if plan_parameter:
        found = find_plan(plans, plan_parameter)
        if found is None:
            unknown_plan = plan_parameter[:MAX_PLAN_PARAMETER]
        else:
            selected_plan = found

    objectives = []
    if selected_plan is not None:
        objectives = list(
            Objective.objects.filter(work_plan=selected_plan)
            .order_by("order", "pk")
            .prefetch_related("outputs")
        )
        for objective in objectives:
            objective.output_list = list(objective.outputs.all())
            objective.progress = Progress.of(objective.output_list)
        # The annotation counts the same rows; recomputing keeps the two numbers from drifting.
        selected_plan.progress = Progress.of(
            [output for objective in objectives for output in objective.output_list]
        )

    meetings = list(
        Event.objects.published()
        .filter(action_group=group)
        .order_by("-start", "-pk")
        .prefetch_related("outcomes")[: MEETINGS_SHOWN + 1]
    )
    more_meetings = len(meetings) > MEETINGS_SHOWN
    meetings = meetings[:MEETINGS_SHOWN]
    for meeting in meetings:
        meeting.sessions = _sessions(meeting.outcomes.all())

    return {
        "group": group,
        "themes": list(group.themes.all()),
        "memberships": memberships,
        "chairs": chairs,
        "co_chairs": co_chairs,
        "listed_member_count": member_counts().get(group.pk, 0),
        "more_meetings": more_meetings,
        "plans": plans,
        "current_plan": current_plan,
        "selected_plan": selected_plan,
        "other_plans": [plan for plan in plans if plan is not selected_plan],
        "unknown_plan": unknown_plan,
        "objectives": objectives,
        "meetings": meetings,
    }
