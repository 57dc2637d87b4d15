"""The briefing pack of the 5th GCG meeting as demo content: complete, correct, idempotent."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from actiongroups.models import ActionGroup, Membership, Output, WorkPlan
from common.models import Theme
from events.models import Event, Outcome
from partners.models import Partner
from pathfinders.models import NextStep, PathfinderCountry, Priority, Resource

pytestmark = pytest.mark.django_db

COUNTED = [
    Theme,
    Partner,
    PathfinderCountry,
    Priority,
    NextStep,
    ActionGroup,
    Membership,
    WorkPlan,
    Output,
    Event,
    Outcome,
    Resource,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_fifteen_pathfinder_countries_at_their_july_2019_stage(demo_content):
    stages = dict(PathfinderCountry.objects.values_list("slug", "stage"))
    assert len(stages) == 15
    held = {
        "albania",
        "madagascar",
        "mauritania",
        "nepal",
        "nigeria",
        "tunisia",
        "uganda",
        "vietnam",
    }
    assert {slug for slug, stage in stages.items() if stage == "workshop_held"} == held
    assert stages["chile"] == "roadmap_adopted"
    assert {s for s, stage in stages.items() if stage == "workshop_planned"} == {
        "fiji",
        "malawi",
        "morocco",
        "peru",
    }
    assert {s for s, stage in stages.items() if stage == "interest"} == {"mexico", "sri-lanka"}


@pytest.mark.parametrize(
    "slug,expected",
    [
        ("nepal", 9),
        ("uganda", 9),
        ("albania", 8),
        ("nigeria", 11),
        ("vietnam", 11),
        ("tunisia", 13),
        ("madagascar", 4),
        ("mauritania", 5),
        ("chile", 5),
        ("fiji", 0),
    ],
)
def test_priorities_per_country(demo_content, slug, expected):
    assert Priority.objects.filter(country__slug=slug).count() == expected


def test_priorities_keep_the_packs_wording_and_headings(demo_content):
    nepal = PathfinderCountry.objects.get(slug="nepal")
    first = nepal.priorities.first()
    assert first.text.startswith("Federal laws on child labour and forced labour are aligned")
    assert nepal.workshop_date.isoformat() == "2018-10-01"
    assert nepal.workshop_date_precision == "month"
    vietnam_headings = set(
        Priority.objects.filter(country__slug="vietnam").values_list("heading", flat=True)
    )
    assert vietnam_headings == {
        "Child labour and supply chains",
        "Trafficking and migration for labour exploitation",
        "Child labour and education",
        "Child labour in agriculture",
    }
    uganda_forced = Priority.objects.filter(country__slug="uganda", heading="Forced Labour")
    assert uganda_forced.count() == 4


def test_next_steps_with_dates(demo_content):
    vietnam_steps = NextStep.objects.filter(country__slug="vietnam").order_by("order")
    assert [s.target_date.isoformat() for s in vietnam_steps] == ["2019-09-30", "2019-12-31"]
    assert (
        NextStep.objects.filter(country__slug="albania")
        .get()
        .text.endswith("with the technical support of the OSCE")
    )


def test_supply_chains_group_chaired_by_the_ilo_with_two_work_plans(demo_content):
    group = ActionGroup.objects.get(slug="supply-chains")
    chair = group.memberships.get(role="chair")
    assert chair.partner.acronym == "ILO"
    assert group.reported_member_count == 135
    plans = {(p.start_year, p.end_year): p for p in group.work_plans.all()}
    assert plans[(2018, 2019)].objectives.count() == 4
    current = plans[(2020, 2021)]
    assert current.objectives.count() == 3
    assert Output.objects.filter(objective__work_plan=current).count() == 9
    statuses = dict(ActionGroup.objects.values_list("slug", "status"))
    assert statuses["migration"] == "active"
    assert statuses["conflict-and-humanitarian-settings"] == "starting"
    assert statuses["rule-of-law-and-governance"] == "planned"


def test_events_keep_their_local_times(demo_content):
    gcg = Event.objects.get(slug="5th-gcg-meeting-new-york-2019")
    new_york = ZoneInfo("America/New_York")
    assert gcg.start == datetime(2019, 7, 17, 10, 30, tzinfo=new_york)
    assert gcg.end == datetime(2019, 7, 17, 13, 0, tzinfo=new_york)
    assert gcg.agenda_items.count() >= 7
    abidjan = Event.objects.get(slug__contains="abidjan")
    assert abidjan.action_group.slug == "supply-chains"
    assert abidjan.local_start.date().isoformat() == "2019-05-14"
    assert abidjan.local_end.date().isoformat() == "2019-05-15"
    assert abidjan.outcomes.count() == 43
    assert set(abidjan.pathfinder_countries.values_list("slug", flat=True)) == {
        "sri-lanka",
        "nigeria",
        "nepal",
        "madagascar",
        "uganda",
    }


def test_partners_have_types_and_countries(demo_content):
    ilo = Partner.objects.get(slug="ilo")
    assert ilo.organisation_type == "international_organisation"
    assert ilo.headquarters_country.code == "CH"
    assert Partner.objects.get(slug="ituc").organisation_type == "workers_organisation"
    assert Partner.objects.get(slug="ioe").organisation_type == "employers_organisation"
    assert Partner.objects.filter(organisation_type="government").count() >= 15


def test_loading_twice_changes_nothing(demo_content):
    before = counts()
    partner = Partner.objects.get(slug="ilo")
    partner.description = "Edited by the Secretariat"
    partner.save()
    call_command("load_demo", verbosity=0)
    assert counts() == before
    partner.refresh_from_db()
    assert partner.description == "Edited by the Secretariat"
