"""Fixtures for the back office: the roles, a Secretariat editor, a chair of one group."""

import pytest
from django.contrib.auth.models import Group

from actiongroups.enums import MemberRole, OutputStatus
from common.roles import GROUP_CHAIR, SECRETARIAT_EDITOR, make_group_editor, setup_roles
from tests.factories import (
    ActionGroupFactory,
    AgendaItemFactory,
    EventFactory,
    MembershipFactory,
    ObjectiveFactory,
    OutputFactory,
    PartnerFactory,
    WorkPlanFactory,
)

PASSWORD = "correct horse battery staple 87"


@pytest.fixture
def roles(db):
    setup_roles()
    return {name: Group.objects.get(name=name) for name in (SECRETARIAT_EDITOR, GROUP_CHAIR)}


@pytest.fixture
def secretariat_user(roles, django_user_model):
    user = django_user_model.objects.create_user(
        "secretariat", email="editor@example.org", password=PASSWORD, is_staff=True
    )
    user.groups.add(roles[SECRETARIAT_EDITOR])
    return user


@pytest.fixture
def secretariat(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def build_group_with_plan(name):
    group = ActionGroupFactory(name=name)
    MembershipFactory(group=group, role=MemberRole.CHAIR)
    plan = WorkPlanFactory(group=group)
    objective = ObjectiveFactory(work_plan=plan, title=f"{name} objective", order=1)
    OutputFactory(objective=objective, title=f"{name} survey", order=1)
    OutputFactory(objective=objective, title=f"{name} outlook", order=2)
    event = EventFactory(title=f"{name} meeting", action_group=group)
    AgendaItemFactory(event=event, title=f"{name} opening", order=1)
    return group


@pytest.fixture
def own_group(db):
    return build_group_with_plan("Supply Chains")


@pytest.fixture
def other_group(db):
    return build_group_with_plan("Migration")


@pytest.fixture
def chair_user(roles, django_user_model, own_group):
    user = django_user_model.objects.create_user("chair", password=PASSWORD)
    make_group_editor(user, own_group)
    user.refresh_from_db()
    return user


@pytest.fixture
def chair(client, chair_user):
    client.force_login(chair_user)
    return client


@pytest.fixture
def partner(db):
    return PartnerFactory(name="Walk Free", slug="walk-free", acronym="WF")


def output_of(group, title_part="survey"):
    from actiongroups.models import Output

    return Output.objects.get(objective__work_plan__group=group, title__endswith=title_part)


__all__ = ["OutputStatus", "output_of"]
