"""`manage.py upgrade_demo`: a database loaded with the earlier demo content gets the issue 13
corrections, and nothing the Secretariat edited is touched."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from actiongroups.models import ActionGroup, Membership
from alliance87.models import DemoLoad
from alliance87.services import DEMO_VERSION, load_demo_content
from common.models import Theme
from events.models import Event, EventParticipation
from partners.models import Partner
from pathfinders.models import NextStep, PathfinderCountry, Priority, Resource
from tests.conftest import DEMO_FILE

pytestmark = pytest.mark.django_db

# The fixture as it was before issue 13 (commit 4a39ad5), as a database loaded then holds it
# after `migrate`: each host link became a "hosted" participation, every partner a partner.
BEFORE = Path(__file__).parent / "data" / "briefing_pack_before_issue_13.json"


def load_earlier_demo():
    data = json.loads(BEFORE.read_text(encoding="utf-8"))
    for event in data["events"]:
        event["organisations"] = [{"partner": s, "role": "hosted"} for s in event.pop("hosts")]
    load_demo_content(data, translations=None)  # before issue 15's French and Spanish
    DemoLoad.objects.all().delete()  # loaded before the marker existed


def snapshot():
    """Every fact the corrections touch, as plain data."""
    return {
        "partners": sorted(
            (
                p.slug,
                p.name,
                p.organisation_type,
                p.standing,
                sorted(c.country.code for c in p.countries_of_work.all()),
            )
            for p in Partner.objects.prefetch_related("countries_of_work")
        ),
        "memberships": sorted(
            Membership.objects.values_list("group__slug", "partner__slug", "role")
        ),
        "groups": sorted(
            ActionGroup.objects.values_list(
                "slug", "mandate", "reported_member_count", "reported_member_count_is_minimum"
            )
        ),
        "events": sorted(Event.objects.values_list("slug", "city", "country")),
        "participations": sorted(
            EventParticipation.objects.values_list("event__slug", "partner__slug", "role")
        ),
        "pathfinders": sorted(
            PathfinderCountry.objects.values_list(
                "slug", "stage", "workshop_date", "coordination_body", "summary"
            )
        ),
        "milestones": sorted(
            PathfinderCountry.objects.values_list(
                "slug", "milestones__kind", "milestones__description"
            )
        ),
        "priorities": sorted(
            (p.country.slug, p.text, sorted(t.slug for t in p.themes.all()))
            for p in Priority.objects.select_related("country").prefetch_related("themes")
        ),
        "next_steps": sorted(
            NextStep.objects.values_list(
                "country__slug", "text", "status", "target_date", "target_precision"
            )
        ),
        "resources": sorted(Resource.objects.values_list("title", "kind", "url")),
    }


def fresh_snapshot():
    for model in (Event, Partner, PathfinderCountry, ActionGroup, Resource, Theme, DemoLoad):
        model.objects.all().delete()
    call_command("load_demo", verbosity=0)
    return snapshot()


def run_upgrade() -> str:
    out = StringIO()
    call_command("upgrade_demo", stdout=out)
    return out.getvalue()


def test_the_earlier_demo_content_is_upgraded_to_the_corrected_pack():
    load_earlier_demo()
    assert Membership.objects.filter(group__slug="supply-chains").count() == 23
    output = run_upgrade()
    assert output.startswith("Applied ")
    assert "Left alone" not in output
    upgraded = snapshot()
    assert DemoLoad.objects.get().version == DEMO_VERSION
    assert upgraded == fresh_snapshot()


def test_content_the_secretariat_edited_is_left_alone_and_listed():
    load_earlier_demo()
    group = ActionGroup.objects.get(slug="communications-and-engagement")
    group.mandate = "Our own mandate text."
    group.save()
    mars = Partner.objects.get(slug="mars")
    mars.name = "Mars Wrigley"
    mars.save()
    gcg = Event.objects.get(slug="5th-gcg-meeting-new-york-2019")
    EventParticipation.objects.create(
        event=gcg, partner=Partner.objects.get(slug="ilo"), role="took_part"
    )
    NextStep.objects.filter(country__slug="vietnam", text__startswith="finalize").delete()
    Partner.objects.filter(slug="pact").update(slug="pact-global")

    output = run_upgrade()

    group.refresh_from_db()
    assert group.mandate == "Our own mandate text."
    assert group.reported_member_count_is_minimum  # its own correction still applies
    mars.refresh_from_db()
    assert mars.name == "Mars Wrigley"
    assert mars.standing == "alliance_partner"  # edited record: its standing is not guessed
    assert set(gcg.participations.values_list("partner__slug", "role")) == {
        ("government-of-france", "hosted"),
        ("ilo", "took_part"),
    }
    assert not NextStep.objects.filter(
        country__slug="vietnam", text__istartswith="finalize"
    ).exists()
    assert Partner.objects.get(slug="pact-global").standing == "alliance_partner"
    for expected in (
        "action group communications-and-engagement (mandate): edited since it was loaded",
        "partner mars (standing): edited since it was loaded",
        "event 5th-gcg-meeting-new-york-2019 (organisations and roles): edited since it was loaded",
        "partner pact (standing): not found (deleted or renamed)",
    ):
        assert expected in output
    # The rest is corrected.
    assert Membership.objects.filter(group__slug="supply-chains").count() == 1
    assert Partner.objects.get(slug="government-of-norway").standing == "mentioned"


def test_upgrading_twice_changes_nothing_the_second_time():
    load_earlier_demo()
    run_upgrade()
    ilo = Partner.objects.get(slug="ilo")
    ilo.description = "Edited after the upgrade"
    ilo.save()
    assert run_upgrade() == "The demo content already has every correction; nothing changed.\n"
    ilo.refresh_from_db()
    assert ilo.description == "Edited after the upgrade"


def test_a_fresh_load_needs_no_upgrade():
    call_command("load_demo", verbosity=0)
    assert "nothing changed" in run_upgrade()


def test_a_database_without_demo_content_is_not_touched():
    assert run_upgrade() == "No demo content in this database; nothing to upgrade.\n"
    assert not DemoLoad.objects.exists()


def test_the_fixture_and_the_corrections_agree():
    """Every correction's new value is what the fixture now says (no drift between the two)."""
    fixture = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    corrections = json.loads(
        (
            Path(DEMO_FILE).parent.parent / "alliance87" / "data" / "demo_corrections.json"
        ).read_text()
    )
    partners = {row["slug"]: row for row in fixture["partners"]}
    for row in corrections["fields"]:
        if row["model"] == "partners.Partner":
            assert partners[row["lookup"]["slug"]][row["field"]] == row["new"], row
