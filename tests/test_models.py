"""Invariants are held by the database and mirrored in clean()."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actiongroups.models import Membership, WorkPlan
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    WorkPlanFactory,
)

pytestmark = pytest.mark.django_db


def test_event_cannot_end_before_it_starts():
    event = EventFactory()
    event.end = event.start - timedelta(hours=1)
    with pytest.raises(ValidationError):
        event.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_event_sequence_rises_on_every_change():
    event = EventFactory()
    assert event.sequence == 0
    event.title = "Renamed"
    event.save()
    event.refresh_from_db()
    assert event.sequence == 1


def test_one_membership_per_partner_per_group():
    membership = MembershipFactory()
    duplicate = Membership(group=membership.group, partner=membership.partner)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_group_has_one_chair_or_at_most_two_co_chairs():
    group = ActionGroupFactory()
    MembershipFactory(group=group, role="chair")
    second_chair = Membership(group=group, partner=PartnerFactory(), role="chair")
    with pytest.raises(ValidationError):
        second_chair.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second_chair.save()
    co_chair = Membership(group=group, partner=PartnerFactory(), role="co_chair")
    with pytest.raises(ValidationError):
        co_chair.full_clean()

    other = ActionGroupFactory()
    MembershipFactory(group=other, role="co_chair")
    MembershipFactory(group=other, role="co_chair")
    third = Membership(group=other, partner=PartnerFactory(), role="co_chair")
    with pytest.raises(ValidationError):
        third.full_clean()


def test_work_plan_years_are_ordered():
    plan = WorkPlanFactory.build(group=ActionGroupFactory(), start_year=2021, end_year=2020)
    with pytest.raises(ValidationError):
        plan.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()
    assert WorkPlan.objects.count() == 0


def test_event_timezone_must_be_iana():
    valid = EventFactory()
    event = EventFactory.build(start=valid.start, end=valid.end, timezone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean(exclude=["slug"])
    assert "timezone" in excinfo.value.message_dict


def test_partner_region_comes_from_m49_data():
    assert PartnerFactory(headquarters_country="NP").region.slug == "asia"
    assert PartnerFactory(headquarters_country="CI").region.slug == "africa"
    assert PartnerFactory(headquarters_country="MX").region.slug == "americas"
    assert PartnerFactory(headquarters_country="").region is None
