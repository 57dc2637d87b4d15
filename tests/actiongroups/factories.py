"""Action group factories, and builders for action groups of any size."""

from datetime import timedelta

import factory
from factory.django import DjangoModelFactory

from actiongroups.enums import GroupStatus, MemberRole, OutputStatus, WorkPlanStatus
from actiongroups.models import ActionGroup, Membership, Objective, Output, WorkPlan
from tests.events.factories import EventFactory, OutcomeFactory


class ActionGroupFactory(DjangoModelFactory):
    class Meta:
        model = ActionGroup

    name = factory.Sequence(lambda n: f"Action group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    status = GroupStatus.ACTIVE
    mandate = "Brings initiatives together."


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(ActionGroupFactory)
    # By path: tests.partners.factories imports this module (its builders need groups).
    partner = factory.SubFactory("tests.partners.factories.PartnerFactory")
    role = MemberRole.MEMBER


class WorkPlanFactory(DjangoModelFactory):
    class Meta:
        model = WorkPlan

    group = factory.SubFactory(ActionGroupFactory)
    start_year = 2020
    end_year = 2021


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective

    work_plan = factory.SubFactory(WorkPlanFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class OutputFactory(DjangoModelFactory):
    class Meta:
        model = Output

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Output {n}")


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
