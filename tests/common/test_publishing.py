"""The publishable kernel: one published(), and named "the related row is published" methods
through which a draft never leaks."""

import pytest
from django.apps import apps

from actiongroups.models import ActionGroup, Membership, ThemedActionGroup
from common.publishing import Publishable
from events.models import Event, EventParticipation, ThemedEvent
from partners.models import Partner, PartnerCountry, ThemedPartner
from pathfinders.models import PathfinderCountry, Priority, Resource
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    PriorityFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_every_model_with_a_published_flag_is_publishable_or_has_its_queryset():
    flagged = [
        model
        for model in apps.get_models()
        if any(field.name == "is_published" for field in model._meta.get_fields())
    ]
    assert {model.__name__ for model in flagged} >= {
        "Partner",
        "PathfinderCountry",
        "ActionGroup",
        "Event",
        "Resource",
    }
    for model in flagged:
        assert hasattr(model.objects, "published"), model


@pytest.mark.parametrize("model", [Partner, PathfinderCountry, ActionGroup, Event])
def test_content_models_share_the_fields_and_the_url(model):
    assert issubclass(model, Publishable)
    assert model._meta.get_field("is_published").db_index
    assert model._meta.get_field("updated_at").auto_now


def test_published_leaves_drafts_out():
    shown = PartnerFactory()
    PartnerFactory(is_published=False)
    assert list(Partner.objects.published()) == [shown]
    ResourceFactory(is_published=False)
    assert not Resource.objects.published().exists()


def test_get_absolute_url_is_the_slug_page():
    assert PartnerFactory(slug="ilo").get_absolute_url() == "/partners/ilo/"
    assert EventFactory(slug="forum").get_absolute_url() == "/events/forum/"
    assert ActionGroupFactory(slug="migration").get_absolute_url() == "/action-groups/migration/"
    assert PathfinderCountryFactory(slug="nepal").get_absolute_url() == "/pathfinders/nepal/"


def test_memberships_of_published_partners_and_in_published_groups():
    group, draft_group = ActionGroupFactory(), ActionGroupFactory(is_published=False)
    partner, draft_partner = PartnerFactory(), PartnerFactory(is_published=False)
    shown = MembershipFactory(group=group, partner=partner)
    MembershipFactory(group=group, partner=draft_partner)
    in_draft_group = MembershipFactory(group=draft_group, partner=partner)
    assert set(Membership.objects.of_published_partners()) == {shown, in_draft_group}
    assert set(Membership.objects.in_published_groups()) == {
        shown,
        Membership.objects.get(partner=draft_partner),
    }


def test_participations_of_published_partners_and_at_published_events():
    partner, draft_partner = PartnerFactory(), PartnerFactory(is_published=False)
    event = EventFactory(hosts=[partner, draft_partner])
    draft_event = EventFactory(is_published=False, hosts=[partner])
    of_published = EventParticipation.objects.of_published_partners()
    assert {row.partner for row in of_published} == {partner}
    at_published = EventParticipation.objects.at_published_events()
    assert {row.event for row in at_published} == {event}
    assert not at_published.filter(event=draft_event).exists()


def test_countries_of_work_of_published_partners():
    PartnerFactory(countries=["NP"])
    PartnerFactory(countries=["CI"], is_published=False)
    codes = PartnerCountry.objects.of_published_partners().values_list("country", flat=True)
    assert list(codes) == ["NP"]


@pytest.mark.parametrize(
    ("through", "make"),
    [
        (ThemedPartner, lambda theme, **kw: PartnerFactory(themes=[theme], **kw)),
        (ThemedEvent, lambda theme, **kw: EventFactory(tags=[theme], **kw)),
        (
            ThemedActionGroup,
            lambda theme, **kw: ActionGroupFactory.create(**kw).themes.add(theme),
        ),
    ],
)
def test_theme_rows_of_published_items(through, make):
    shown, hidden = ThemeFactory(), ThemeFactory()
    make(shown)
    make(hidden, is_published=False)
    tags = set(through.objects.of_published_items().values_list("tag__name", flat=True))
    assert tags == {shown.name}


def test_priorities_of_published_countries():
    shown = PriorityFactory(country=PathfinderCountryFactory())
    PriorityFactory(country=PathfinderCountryFactory(is_published=False))
    assert list(Priority.objects.of_published_countries()) == [shown]
