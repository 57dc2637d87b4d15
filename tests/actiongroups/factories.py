"""Builders for action groups of any size (shared factories live in tests/factories.py)."""

from datetime import timedelta

from actiongroups.enums import MemberRole, OutputStatus, WorkPlanStatus
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    MembershipFactory,
    ObjectiveFactory,
    OutcomeFactory,
    OutputFactory,
    WorkPlanFactory,
)

STATUS_CYCLE = [OutputStatus.DONE, OutputStatus.IN_PROGRESS, OutputStatus.PLANNED]


def build_group(
    *,
    members=3,
    plans=2,
    objectives=2,
    outputs=2,
    meetings=1,
    outcomes=2,
    co_chairs=False,
    **group_fields,
):
    """A group with a chair (or two co-chairs), members, plans with outputs, and meetings."""
    group = ActionGroupFactory(**group_fields)
    if co_chairs:
        MembershipFactory.create_batch(2, group=group, role=MemberRole.CO_CHAIR)
    else:
        MembershipFactory(group=group, role=MemberRole.CHAIR)
    MembershipFactory.create_batch(members, group=group)
    for index in range(plans):
        plan = WorkPlanFactory(
            group=group,
            start_year=2020 - 2 * index,
            end_year=2021 - 2 * index,
            status=WorkPlanStatus.CURRENT if index == 0 else WorkPlanStatus.COMPLETED,
        )
        for position in range(objectives):
            objective = ObjectiveFactory(work_plan=plan, order=position)
            for number in range(outputs):
                OutputFactory(
                    objective=objective,
                    order=number,
                    status=STATUS_CYCLE[number % len(STATUS_CYCLE)],
                )
    for index in range(meetings):
        event = EventFactory(action_group=group)
        event.start -= timedelta(days=400 + index)
        event.end = event.start + timedelta(hours=3)
        event.save()
        for number in range(outcomes):
            OutcomeFactory(event=event, heading=f"Session {number % 3}", order=number)
    return group
