import zoneinfo
from datetime import datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from actiongroups.enums import GroupStatus, MemberRole
from actiongroups.models import ActionGroup, Membership, Objective, Output, WorkPlan
from alliance87.models import Theme
from events.enums import EventType
from events.models import AgendaItem, Event, EventParticipation, Outcome
from partners.enums import OrganisationType
from partners.models import Partner, PartnerCountry
from pathfinders.enums import Stage
from pathfinders.models import Milestone, NextStep, PathfinderCountry, Priority, Resource


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    acronym = factory.Sequence(lambda n: f"PO{n}")
    organisation_type = OrganisationType.CIVIL_SOCIETY
    headquarters_country = "FR"
    description = "Works on Target 8.7."

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            PartnerCountry.objects.bulk_create(
                PartnerCountry(partner=self, country=code) for code in extracted
            )


class PathfinderCountryFactory(DjangoModelFactory):
    class Meta:
        model = PathfinderCountry
        django_get_or_create = ["country"]

    country = factory.Iterator(["NP", "AL", "CL", "FJ", "MG", "MW", "MR", "MX", "MA", "NG"])
    name = factory.LazyAttribute(lambda o: o.country)
    slug = factory.Sequence(lambda n: f"country-{n}")
    stage = Stage.WORKSHOP_HELD


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    country = factory.SubFactory(PathfinderCountryFactory)
    heading = "Child labour"
    text = factory.Sequence(lambda n: f"Priority {n}")
    order = factory.Sequence(int)


class NextStepFactory(DjangoModelFactory):
    class Meta:
        model = NextStep

    country = factory.SubFactory(PathfinderCountryFactory)
    text = factory.Sequence(lambda n: f"Next step {n}")


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    country = factory.SubFactory(PathfinderCountryFactory)
    date = factory.LazyFunction(lambda: timezone.now().date())
    description = "Workshop held"


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    kind = "guidance_note"
    url = "https://example.org/guidance.pdf"


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
    partner = factory.SubFactory(PartnerFactory)
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


def _in_days(days, hour=10, zone="Europe/Paris"):
    local = (timezone.now() + timedelta(days=days)).astimezone(zoneinfo.ZoneInfo(zone))
    return datetime(local.year, local.month, local.day, hour, tzinfo=zoneinfo.ZoneInfo(zone))


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    event_type = EventType.WORKSHOP
    timezone = "Europe/Paris"
    start = factory.LazyAttribute(lambda o: _in_days(30, 9, o.timezone))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    city = "Paris"
    country = "FR"

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def hosts(self, create, extracted, **kwargs):
        """hosts=[partner, ...]: each recorded with the role "hosted"."""
        if create and extracted:
            for partner in extracted:
                EventParticipation.objects.create(event=self, partner=partner, role="hosted")

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        """participants=[(partner, role), ...]."""
        if create and extracted:
            for partner, role in extracted:
                EventParticipation.objects.create(event=self, partner=partner, role=role)

    @factory.post_generation
    def pathfinder_countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.pathfinder_countries.set(extracted)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Key proposal {n}")
