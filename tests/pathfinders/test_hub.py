"""/pathfinders/<slug>/: stage, timeline, priorities, next steps, partners, groups and events."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import ProgressUpdate
from pathfinders.enums import MilestoneKind, NextStepStatus, Stage
from pathfinders.selectors import country_for_hub, hub_context
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    MembershipFactory,
    MilestoneFactory,
    NextStepFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    PriorityFactory,
    ResourceFactory,
    ThemeFactory,
)
from tests.helpers import main_text

pytestmark = pytest.mark.django_db


def hub(slug="nepal", today=date(2026, 1, 1)):
    return hub_context(country_for_hub(slug), today=today, now=timezone.now())


@pytest.fixture
def nepal():
    return PathfinderCountryFactory(
        country="NP",
        name="Nepal",
        slug="nepal",
        stage=Stage.WORKSHOP_HELD,
        workshop_date=date(2018, 10, 1),
        workshop_date_precision="month",
        coordination_body="National Steering Committee",
        focal_point_role="Joint Secretary, Ministry of Labour",
    )


@pytest.mark.parametrize("slug", ["no-such-country", "NEPAL", "nepal-2"])
def test_unknown_slug_is_a_404(client, nepal, slug):
    assert client.get(f"/pathfinders/{slug}/").status_code == 404


def test_unpublished_country_is_a_404(client):
    PathfinderCountryFactory(country="LK", slug="sri-lanka", is_published=False)
    assert client.get("/pathfinders/sri-lanka/").status_code == 404


def test_stage_is_shown_as_a_position_in_the_pipeline(client, nepal):
    response = client.get("/pathfinders/nepal/")
    page = response.content.decode()
    assert "Stage 3 of 4: Strategic planning workshop held" in main_text(response)
    assert 'class="stage-current" aria-current="step"' in page
    assert "Next stage in the pipeline: Roadmap or action plan adopted." in main_text(response)


def test_timeline_is_dated_as_precisely_as_known_and_fills_gaps(client, nepal):
    nepal.interest_date = date(2017, 5, 20)
    nepal.roadmap_date = None
    nepal.save()
    MilestoneFactory(
        country=nepal,
        date=date(2019, 2, 1),
        precision="month",
        kind=MilestoneKind.CONSULTATION,
        description="Technical consultation",
    )
    MilestoneFactory(
        country=nepal,
        date=date(2018, 10, 1),
        precision="month",
        kind=MilestoneKind.WORKSHOP_HELD,
        description="National strategy workshop",
    )
    entries = hub()["timeline"]
    assert [(e.date, e.kind, e.recorded) for e in entries] == [
        (date(2017, 5, 20), MilestoneKind.INTEREST, False),  # from the country's own date
        (date(2018, 10, 1), MilestoneKind.WORKSHOP_HELD, True),  # recorded: no duplicate
        (date(2019, 2, 1), MilestoneKind.CONSULTATION, True),
    ]
    page = client.get("/pathfinders/nepal/").content.decode()
    assert '<time datetime="2018-10">October 2018</time>' in page
    assert '<time datetime="2017-05-20">20 May 2017</time>' in page
    assert "Consultation</strong>: <span>Technical consultation</span>" in page


def test_country_without_workshop_date_or_coordination_shows_neither(client):
    PathfinderCountryFactory(country="MX", slug="mexico", stage=Stage.INTEREST)
    text = main_text(client.get("/pathfinders/mexico/"))
    assert "No dated milestones recorded yet." in text
    assert "not recorded" not in text
    assert "National coordination" not in text
    assert "No priorities recorded yet." in text
    assert "No next steps recorded yet." in text


def test_priorities_grouped_by_heading_in_the_given_order_with_anchors(client, nepal):
    child = ThemeFactory(slug="child-labour", name="Child labour")
    for order, (heading, text) in enumerate(
        [
            ("Child labour", "First"),
            ("Child labour", "Second"),
            ("Trafficking", "Third"),
            ("Child labour", "Fourth"),  # the heading comes back: a new group, order kept
        ]
    ):
        priority = PriorityFactory(country=nepal, heading=heading, text=text, order=order)
        if text in ("Second", "Fourth"):
            priority.themes.set([child])
    groups = hub()["priority_groups"]
    assert [(g.heading, g.anchor, [p.text for p in g.priorities]) for g in groups] == [
        ("Child labour", "heading-child-labour", ["First", "Second"]),
        ("Trafficking", "heading-trafficking", ["Third"]),
        ("Child labour", "heading-child-labour-2", ["Fourth"]),
    ]
    page = client.get("/pathfinders/nepal/").content.decode()
    assert '<h3 id="heading-trafficking">Trafficking</h3>' in page
    assert '<ol class="priorities" start="3">' in page
    assert 'id="priority-4"' in page
    theme_index = page[page.index('id="theme-child-labour"') :]
    assert 'href="#priority-2"' in theme_index and 'href="#priority-4"' in theme_index
    assert "Priorities (4)" in main_text(client.get("/pathfinders/nepal/"))


def test_next_steps_with_status_target_date_and_overdue_marker(client, nepal):
    NextStepFactory(
        country=nepal,
        text="Convene a workshop",
        target_date=date(2019, 6, 30),
        target_precision="month",
        order=1,
    )
    NextStepFactory(
        country=nepal,
        text="Publish the survey",
        target_date=date(2019, 6, 30),
        status=NextStepStatus.DONE,
        order=2,
    )
    NextStepFactory(country=nepal, text="Build a committee", order=3)
    context = hub(today=date(2019, 7, 1))
    assert [(s.text, s.overdue) for s in context["next_steps"]] == [
        ("Convene a workshop", True),
        ("Publish the survey", False),
        ("Build a committee", False),
    ]
    assert hub(today=date(2019, 6, 15))["overdue_count"] == 0
    text = main_text(client.get("/pathfinders/nepal/"))
    assert "3 next steps, 1 overdue" in text
    assert "Convene a workshop Planned ⚠ Overdue June 2019" in text
    assert "Publish the survey Done 30 June 2019" in text
    assert "Build a committee Planned no target date" in text


def test_national_coordination(client, nepal):
    text = main_text(client.get("/pathfinders/nepal/"))
    assert "Lead ministry or coordination body National Steering Committee" in text
    assert "National focal point Joint Secretary, Ministry of Labour" in text


def test_partners_headquartered_or_working_there(client, nepal):
    PartnerFactory(name="Nepal Trade Union", headquarters_country="NP")
    PartnerFactory(name="Global NGO", headquarters_country="GB", countries=["NP", "IN"])
    PartnerFactory(name="Elsewhere", headquarters_country="FR", countries=["IN"])
    PartnerFactory(name="Hidden partner", headquarters_country="NP", is_published=False)
    response = client.get("/pathfinders/nepal/")
    assert [p.name for p in response.context["partners"]] == ["Global NGO", "Nepal Trade Union"]
    text = main_text(response)
    assert "Global NGO (PO" in text and "– works here" in text
    assert "– headquartered here" in text
    assert "Elsewhere" not in text and "Hidden partner" not in text
    assert 'href="/partners/?country=NP"' in response.content.decode()


def test_action_groups_through_events_or_member_partners(nepal):
    works_here = PartnerFactory(headquarters_country="GB", countries=["NP"])
    elsewhere = PartnerFactory(headquarters_country="FR")
    by_members = ActionGroupFactory(name="Migration")
    MembershipFactory(group=by_members, partner=works_here)
    MembershipFactory(group=by_members, partner=elsewhere)
    by_event = ActionGroupFactory(name="Supply Chains")
    EventFactory(action_group=by_event, country="CI", pathfinder_countries=[nepal])
    EventFactory(action_group=by_event, country="NP", pathfinder_countries=[nepal])
    held_here = ActionGroupFactory(name="Child Labour")
    EventFactory(action_group=held_here, country="NP")
    unrelated = ActionGroupFactory(name="Unrelated")
    MembershipFactory(group=unrelated, partner=elsewhere)
    EventFactory(action_group=unrelated, country="FR")
    hidden_event_only = ActionGroupFactory(name="Only a draft event")
    EventFactory(action_group=hidden_event_only, country="NP", is_published=False)
    hidden_group = ActionGroupFactory(name="Hidden group", is_published=False)
    MembershipFactory(group=hidden_group, partner=works_here)

    groups = hub()["action_groups"]
    assert [(g.name, g.events_here, g.members_here) for g in groups] == [
        ("Child Labour", 1, 0),
        ("Migration", 0, 1),
        ("Supply Chains", 2, 0),  # one event in Nepal and linked to it counts once
    ]


def test_events_in_or_about_the_country_upcoming_and_past(client, nepal):
    now = timezone.now()
    EventFactory(title="Workshop in Kathmandu", country="NP")
    EventFactory(
        title="Abidjan meeting",
        country="CI",
        pathfinder_countries=[nepal],
        start=now - timedelta(days=400),
        end=now - timedelta(days=399),
    )
    EventFactory(title="Both in and about", country="NP", pathfinder_countries=[nepal])
    EventFactory(title="Paris meeting", country="FR")
    EventFactory(title="Draft event", country="NP", is_published=False)
    response = client.get("/pathfinders/nepal/")
    assert [e.title for e in response.context["upcoming_events"]] == [
        "Workshop in Kathmandu",
        "Both in and about",
    ]
    assert [e.title for e in response.context["past_events"]] == ["Abidjan meeting"]
    page = response.content.decode()
    assert "Paris meeting" not in page and "Draft event" not in page
    assert 'href="/events/?pathfinder=nepal"' in page


def test_user_text_is_escaped(client, nepal):
    nepal.summary = "<script>alert('x')</script>"
    nepal.save()
    PriorityFactory(country=nepal, heading="<b>bold</b>", text="<img src=x onerror=alert(1)>")
    page = client.get("/pathfinders/nepal/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_hub_in_french_and_spanish(client, nepal):
    french = main_text(client.get("/fr/pathfinders/nepal/"))
    assert "Népal" in french
    assert "Étape 3 sur 4" in french
    spanish = main_text(client.get("/es/pathfinders/nepal/"))
    assert "Nepal" in spanish
    assert "Etapa 3 de 4" in spanish


@pytest.mark.parametrize("size", [1, 12])
def test_hub_runs_a_fixed_number_of_queries(client, django_assert_num_queries, nepal, size):
    themes = [ThemeFactory(slug=f"t-{n}", name=f"T {n}") for n in range(3)]
    for n in range(size):
        PriorityFactory(country=nepal, heading=f"H {n % 3}").themes.set(themes[: n % 3 + 1])
        NextStepFactory(country=nepal, target_date=date(2019, 1, 1))
        MilestoneFactory(country=nepal, kind=MilestoneKind.CONSULTATION)
        ProgressUpdate.objects.create(
            country=nepal, note=f"Update {n}", next_step=nepal.next_steps.last(), new_status="done"
        )
        partner = PartnerFactory(countries=["NP"], themes=themes[: n % 3 + 1])
        group = ActionGroupFactory()
        MembershipFactory(group=group, partner=partner)
        EventFactory(action_group=group, country="NP", pathfinder_countries=[nepal])
        EventFactory(
            country="NP",
            start=timezone.now() - timedelta(days=30 + n),
            end=timezone.now() - timedelta(days=29 + n),
        )
    # country, priorities, their themes, next steps, milestones, partners, action groups (their
    # members here, their events here, the groups), upcoming events, past events, the gap view
    # (counts per theme, the first partners per theme), the focal points' progress updates
    with django_assert_num_queries(14):
        response = client.get("/pathfinders/nepal/")
    assert len(response.context["partners"]) == size
    assert sum(row.here for row in response.context["gaps"]) >= size
    assert len(response.context["action_groups"]) == size


def test_stored_english_content_is_marked_on_translated_pages(client, nepal):
    nepal.summary = "A national strategy workshop was held."
    nepal.save()
    PriorityFactory(country=nepal, heading="Child labour", text="Child labour free municipalities")
    english = client.get("/pathfinders/nepal/").content.decode()
    assert 'lang="en"' not in english[english.index("<main") : english.index("</main>")]
    french = client.get("/fr/pathfinders/nepal/").content.decode()
    assert '<div class="prose" lang="en">' in french
    assert '<span lang="en">Child labour free municipalities</span>' in french
    assert 'id="heading-child-labour" lang="en">Child labour</h3>' in french


def test_hub_lists_each_priority_once_and_indexes_themes_by_number(client):
    nepal = PathfinderCountryFactory(country="NP", slug="nepal")
    theme = ThemeFactory(slug="child-labour", name="Child labour")
    priority = PriorityFactory(
        country=nepal, text="Eliminate hazardous child labour in brick kilns"
    )
    priority.themes.set([theme])
    text = main_text(client.get("/pathfinders/nepal/"))
    assert text.count("Eliminate hazardous child labour in brick kilns") == 1
    index = text[text.index("Priorities by theme") :]
    assert "Child labour Priority 1" in index


def test_a_lesson_that_repeats_its_title_is_shown_once(client):
    ResourceFactory(
        title="Focal points matter",
        kind="lesson",
        url="",
        description="Focal points matter in leading the process",
    )
    text = main_text(client.get("/pathfinders/"))
    assert text.count("Focal points matter") == 1
    assert "Focal points matter in leading the process" in text
