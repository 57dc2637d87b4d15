"""The public list and group pages: content, fixed query counts, and bad input."""

import pytest
from django.urls import reverse
from django.utils import translation

from actiongroups.enums import GroupStatus, MemberRole, OutputStatus, WorkPlanStatus
from tests.actiongroups.factories import build_group
from tests.factories import (
    ActionGroupFactory,
    EventFactory,
    MembershipFactory,
    ObjectiveFactory,
    OutcomeFactory,
    OutputFactory,
    PartnerFactory,
    WorkPlanFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("actiongroups:list")


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# -- list ----------------------------------------------------------------------------------


def test_list_shows_status_chairs_members_mandate_and_progress(client):
    group = ActionGroupFactory(
        name="Supply Chains", mandate="Delivers the core mandate in supply chains."
    )
    chair = PartnerFactory(name="International Labour Organization", acronym="ILO")
    chair.logo.name = "partners/logos/ilo.png"
    chair.save()
    MembershipFactory(group=group, partner=chair, role=MemberRole.CHAIR)
    MembershipFactory.create_batch(2, group=group)
    group.reported_member_count = 135
    group.save()
    plan = WorkPlanFactory(group=group, status=WorkPlanStatus.CURRENT)
    objective = ObjectiveFactory(work_plan=plan)
    OutputFactory(objective=objective, status=OutputStatus.DONE)
    OutputFactory.create_batch(2, objective=objective)

    html = page(client, LIST_URL)

    assert "Supply Chains" in html
    assert "International Labour Organization" in html
    assert 'src="/media/partners/logos/ilo.png"' in html
    assert "3 members listed in the directory" in html
    assert "135 members reported by the group" in html
    assert "Delivers the core mandate in supply chains." in html
    assert "Work plan 2020–2021" in html
    assert "1 of 3 outputs done (33%)" in html
    assert 'class="progress"' in html
    assert 'class="w-33"' in html


def test_list_groups_are_sectioned_active_starting_planned(client):
    ActionGroupFactory(name="Aaa planned", status=GroupStatus.PLANNED)
    ActionGroupFactory(name="Bbb starting", status=GroupStatus.STARTING)
    ActionGroupFactory(name="Zzz active", status=GroupStatus.ACTIVE)
    html = page(client, LIST_URL)
    positions = [
        html.index(text)
        for text in ["Active groups", "Zzz active", "Groups starting work", "Bbb starting"]
        + ["Planned groups", "Aaa planned"]
    ]
    assert positions == sorted(positions)


def test_list_without_chair_or_plan_says_so(client):
    ActionGroupFactory(name="New group")
    html = page(client, LIST_URL)
    assert "No chair named yet" in html
    assert "No work plan yet" in html
    assert "0 members listed in the directory" in html


def test_list_shows_two_co_chairs(client):
    group = ActionGroupFactory()
    for name in ["First co-chair org", "Second co-chair org"]:
        MembershipFactory(group=group, role=MemberRole.CO_CHAIR, partner=PartnerFactory(name=name))
    html = page(client, LIST_URL)
    assert html.count("Co-chair") >= 2
    assert "First co-chair org" in html and "Second co-chair org" in html


def test_list_hides_unpublished_groups_and_partners(client):
    ActionGroupFactory(name="Hidden group", is_published=False)
    group = ActionGroupFactory(name="Open group")
    MembershipFactory(
        group=group,
        role=MemberRole.CHAIR,
        partner=PartnerFactory(name="Secret org", is_published=False),
    )
    html = page(client, LIST_URL)
    assert "Hidden group" not in html
    assert "Secret org" not in html
    assert "0 members listed in the directory" in html


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
@pytest.mark.parametrize("count", [1, 5, 50])
def test_list_query_count_is_fixed(prefix, client, django_assert_num_queries, count):
    for _ in range(count):
        build_group(members=3, plans=2, objectives=2, outputs=2, meetings=0)
    # member counts (one grouped count, uncached in tests), groups, chairs, work plans with
    # output counts
    with django_assert_num_queries(4):
        response = client.get(prefix + LIST_URL)
    assert response.status_code == 200
    assert response.content.decode().count('class="card group-card"') == count


def test_list_only_answers_safe_methods(client):
    assert client.post(LIST_URL).status_code == 405


# -- detail --------------------------------------------------------------------------------


DETAIL_QUERIES = 10


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
@pytest.mark.parametrize(
    "size",
    [
        {"members": 1, "plans": 1, "objectives": 1, "outputs": 1, "meetings": 1, "outcomes": 1},
        {"members": 40, "plans": 3, "objectives": 8, "outputs": 5, "meetings": 6, "outcomes": 9},
    ],
)
def test_detail_query_count_is_fixed(prefix, client, django_assert_num_queries, size):
    group = build_group(**size)
    # group, themes, chairs, first other members, member counts (once per content version,
    # uncached in tests), plans, objectives, outputs, meetings, outcomes
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(prefix + group.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<li class="objective">') == size["objectives"]
    assert html.count('<article class="meeting"') == size["meetings"]


def test_detail_query_count_does_not_depend_on_the_plan_shown(client, django_assert_num_queries):
    group = build_group(plans=3)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(group.get_absolute_url(), {"plan": "2016-2017"}).status_code == 200


@pytest.mark.parametrize("slug", ["no-such-group", "x" * 300])
def test_unknown_slug_is_404(client, slug):
    assert client.get(f"/action-groups/{slug}/").status_code == 404


def test_unpublished_group_is_404(client):
    group = ActionGroupFactory(is_published=False)
    assert client.get(group.get_absolute_url()).status_code == 404


def test_detail_shows_chair_focal_point_members_and_join_link(client):
    group = ActionGroupFactory(
        name="Migration",
        slug="migration",
        focal_point="Secretariat of the group",
        online_space_url="https://alliance87.slack.com/",
        reported_member_count=40,
    )
    MembershipFactory(
        group=group, role=MemberRole.CHAIR, partner=PartnerFactory(name="Chair organisation")
    )
    MembershipFactory(group=group, partner=PartnerFactory(name="Member organisation"))
    MembershipFactory(
        group=group, partner=PartnerFactory(name="Unlisted organisation", is_published=False)
    )

    html = page(client, group.get_absolute_url())

    assert "<dt>Chair</dt>" in html
    assert "Chair organisation" in html
    assert "Secretariat of the group" in html
    assert "2 member organisations are listed in the partner directory." in html
    assert "The group itself reports 40 members" in html
    assert "including organisations not listed in this directory" in html
    assert 'href="/partners/?group=migration"' in html
    assert "Member organisation" in html
    assert "Unlisted organisation" not in html
    assert 'href="https://alliance87.slack.com/"' in html
    assert "How to join" in html


def test_detail_with_co_chairs_and_no_focal_point(client):
    group = build_group(co_chairs=True, focal_point="")
    html = page(client, group.get_absolute_url())
    assert "<dt>Co-chairs</dt>" in html
    assert "<dt>Chair</dt>" not in html
    assert "None named" in html


def test_detail_has_the_guidance_on_action_groups(client):
    html = page(client, ActionGroupFactory().get_absolute_url())
    assert "Four strategic and technical coordination functions" in html
    assert "They identify research, data and knowledge gaps" in html
    assert "Every action group has a chair, or two co-chairs." in html
    assert "Work with the Alliance 8.7 Secretariat to ensure the website" in html
    assert html.count("<h1") == 1


def test_detail_shows_objectives_outputs_and_progress(client):
    group = ActionGroupFactory()
    plan = WorkPlanFactory(group=group, status=WorkPlanStatus.CURRENT, summary="Plan summary")
    first = ObjectiveFactory(work_plan=plan, title="Research", order=1)
    OutputFactory(objective=first, title="Survey done", status=OutputStatus.DONE, order=2)
    OutputFactory(
        objective=first, title="Outlook drafted", status=OutputStatus.IN_PROGRESS, order=1
    )
    ObjectiveFactory(work_plan=plan, title="Objective without outputs", order=2)

    html = page(client, group.get_absolute_url())

    assert "Work plan 2020–2021" in html
    assert "This is the group’s current work plan." in html
    assert "Plan summary" in html
    # Outputs in their order; each status in words.
    assert html.index("Outlook drafted") < html.index("Survey done")
    assert "In progress" in html and "Done" in html
    assert "1 of 2 outputs done (50%) · 1 in progress" in html
    assert 'class="w-50"' in html
    no_outputs = html[html.index("Objective without outputs") :]
    # An objective without outputs shows its title only: no internal "No outputs defined".
    assert "No outputs defined" not in html
    assert 'class="progress"' not in no_outputs[: no_outputs.index("</li>")]


def test_newest_draft_is_shown_and_labelled_when_nothing_is_current(client):
    group = ActionGroupFactory()
    WorkPlanFactory(group=group, start_year=2018, end_year=2019, status=WorkPlanStatus.COMPLETED)
    WorkPlanFactory(group=group, start_year=2020, end_year=2021, status=WorkPlanStatus.DRAFT)
    html = page(client, group.get_absolute_url())
    heading = html[html.index('id="work-plan"') :]
    assert heading.index("Work plan 2020–2021") < heading.index("Draft")
    assert "This draft has not been adopted yet." in html
    assert f'href="/action-groups/{group.slug}/?plan=2018-2019#work-plan"' in html


def test_earlier_plan_is_one_click_away_and_links_back(client):
    group = ActionGroupFactory()
    WorkPlanFactory(group=group, start_year=2020, end_year=2021, status=WorkPlanStatus.CURRENT)
    old = WorkPlanFactory(group=group, start_year=2018, end_year=2019, status="completed")
    ObjectiveFactory(work_plan=old, title="Advocacy and partnerships")

    html = page(client, group.get_absolute_url(), plan="2018-2019")

    assert "Work plan 2018–2019" in html
    assert "Advocacy and partnerships" in html
    assert "This is an earlier work plan." in html
    assert f'href="/action-groups/{group.slug}/#work-plan"' in html
    assert f'href="/action-groups/{group.slug}/?plan=2020-2021#work-plan"' in html


def test_completed_plan_is_shown_when_it_is_the_only_one(client):
    group = ActionGroupFactory()
    WorkPlanFactory(group=group, status=WorkPlanStatus.COMPLETED)
    html = page(client, group.get_absolute_url())
    assert "This work plan is completed." in html


def test_group_without_plan_or_meetings(client):
    html = page(client, ActionGroupFactory().get_absolute_url())
    assert "This group has no work plan yet." in html
    assert "No meetings recorded yet." in html
    assert "No members are listed in the directory yet." in html


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "2030-2031",
        "2018-2019' OR '1'='1",
        "%",
        "_",
        "\\",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "２０１８",
        "ünïcödé ✓",
    ],
)
def test_bad_plan_parameter_is_reported_and_ignored(client, value):
    group = ActionGroupFactory()
    WorkPlanFactory(group=group, start_year=2020, end_year=2021, status=WorkPlanStatus.CURRENT)
    response = client.get(group.get_absolute_url(), {"plan": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Work plan 2020–2021" in html
    assert "its current work plan is shown instead" in html
    assert "<script>alert(1)</script>" not in html
    assert len(html) < 40_000  # the 10 000 characters are not echoed back


def test_nul_byte_in_plan_is_refused_not_a_server_error(client):
    group = ActionGroupFactory()
    response = client.get(group.get_absolute_url(), {"plan": "2018-2019\x00"})
    assert response.status_code in (200, 400)


def test_repeated_and_empty_plan_parameters(client):
    group = ActionGroupFactory()
    WorkPlanFactory(group=group, start_year=2020, end_year=2021, status=WorkPlanStatus.CURRENT)
    WorkPlanFactory(group=group, start_year=2018, end_year=2019, status="completed")
    assert "its current work plan is shown instead" not in page(
        client, group.get_absolute_url(), plan=""
    )
    html = client.get(group.get_absolute_url() + "?plan=garbage&plan=2018-2019").content.decode()
    assert "This is an earlier work plan." in html


def test_meetings_show_outcomes_grouped_by_session(client):
    group = ActionGroupFactory()
    meeting = EventFactory(action_group=group, title="2nd Global Workshop")
    OutcomeFactory(event=meeting, heading="Working Group on Mining", text="Proposal A", order=1)
    OutcomeFactory(event=meeting, heading="Working Group on Fishing", text="Proposal B", order=2)
    OutcomeFactory(event=meeting, heading="Working Group on Mining", text="Proposal C", order=3)
    OutcomeFactory(event=meeting, heading="", text="Proposal without session", order=4)
    EventFactory(action_group=group, title="Quiet meeting")
    EventFactory(action_group=group, title="Hidden meeting", is_published=False)
    EventFactory(action_group=ActionGroupFactory(), title="Other group's meeting")

    html = page(client, group.get_absolute_url())

    assert "2nd Global Workshop" in html
    assert html.count("<h4>Working Group on Mining</h4>") == 1
    mining = html.index("<h4>Working Group on Mining</h4>")
    fishing = html.index("<h4>Working Group on Fishing</h4>")
    assert mining < html.index("Proposal A") < html.index("Proposal C") < fishing
    assert fishing < html.index("Proposal B")
    assert "Proposal without session" in html
    assert "No outcomes recorded for this meeting." in html
    assert "Hidden meeting" not in html
    assert "Other group's meeting" not in html
    assert meeting.get_absolute_url() in html


def test_user_text_is_escaped(client):
    evil = "<script>alert('x')</script>"
    group = ActionGroupFactory(name=f"Group {evil}", mandate=evil, focal_point=evil)
    MembershipFactory(group=group, role=MemberRole.CHAIR, partner=PartnerFactory(name=evil))
    plan = WorkPlanFactory(group=group, title=evil, summary=evil)
    OutputFactory(objective=ObjectiveFactory(work_plan=plan, title=evil), title=evil)
    OutcomeFactory(event=EventFactory(action_group=group, title=evil), heading=evil, text=evil)

    for url in [LIST_URL, group.get_absolute_url()]:
        html = page(client, url)
        assert evil not in html
        assert "&lt;script&gt;" in html


def test_detail_pages_have_one_h1_and_no_inline_styles_or_scripts(client):
    group = build_group()
    for url in [LIST_URL, group.get_absolute_url()]:
        html = page(client, url)
        assert html.count("<h1") == 1
        assert "style=" not in html
        assert "<script>" not in html
        assert "actiongroups/actiongroups.css" in html


# -- bounded lists -----------------------------------------------------------------------------


def test_a_large_group_shows_its_first_members_and_links_to_all(
    client, django_assert_num_queries, monkeypatch
):
    from actiongroups import selectors

    monkeypatch.setattr(selectors, "MEMBERS_SHOWN", 5)
    monkeypatch.setattr(selectors, "MEETINGS_SHOWN", 2)
    group = build_group(members=11, meetings=3, slug="big-group")
    with django_assert_num_queries(DETAIL_QUERIES):
        html = page(client, group.get_absolute_url())
    members = html.split('<ul class="member-list">')[1].split("</ul>")[0]
    assert members.count("<li>") == 5
    assert "Chair" in members  # chairs come first, so they are never cut off
    assert "12 member organisations are listed in the partner directory." in html
    assert 'href="/partners/?group=big-group">The first 5 are shown here: see all 12' in html
    assert html.count('<article class="meeting"') == 2
    assert 'href="/events/?group=big-group">The latest 2 meetings are shown here' in html


def test_a_small_group_has_no_see_all_link(client):
    group = build_group(members=3, meetings=1, slug="small-group")
    html = page(client, group.get_absolute_url())
    assert html.split('<ul class="member-list">')[1].split("</ul>")[0].count("<li>") == 4
    assert "are shown here" not in html


def test_the_see_all_links_are_translated(client, monkeypatch):
    from actiongroups import selectors

    monkeypatch.setattr(selectors, "MEMBERS_SHOWN", 2)
    monkeypatch.setattr(selectors, "MEETINGS_SHOWN", 1)
    group = build_group(members=3, meetings=2, slug="big-group")
    with translation.override("fr"):
        french = page(client, group.get_absolute_url())
    assert "Les 2 premiers sont affichés ici : voir les 4" in french
    assert "Les 1 dernières réunions" in french
    with translation.override("es"):
        spanish = page(client, group.get_absolute_url())
    assert "Aquí se muestran los primeros 2: ver los 4" in spanish
