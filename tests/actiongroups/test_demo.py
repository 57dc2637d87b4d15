"""Supply Chains as the briefing pack describes it, in English, French and Spanish."""

import pytest

from actiongroups.models import ActionGroup

pytestmark = pytest.mark.django_db

URL = "/action-groups/supply-chains/"

OBJECTIVES_2020_21 = [
    "Conducting research and sharing knowledge on child labour and forced labour in supply chains.",
    "Accelerating action in key countries and supply chains",
    "Driving innovation and leveraging resources on child labour and forced labour in supply "
    "chains.",
]
PRIORITY_AREAS_2018_19 = [
    "Research",
    "Advocacy and partnerships",
    "Capacity building and tools",
    "Key supply chains and countries",
]


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_supply_chains_is_chaired_by_the_ilo(client, demo_content):
    html = html_of(client, URL)
    facts = html[html.index('<dl class="facts">') : html.index("</dl>")]
    assert "<dt>Chair</dt>" in facts
    assert "International Labour Organization" in facts
    assert 'href="/partners/ilo/"' in facts


def test_supply_chains_members_listed_and_reported(client, demo_content):
    # The pack names no member: only the chair (the ILO) is listed; 135 is the group's count.
    listed = ActionGroup.objects.with_counts().get(slug="supply-chains").member_count
    assert listed == 1
    html = html_of(client, URL)
    assert "1 member organisation is listed in the partner directory." in html
    assert "The group itself reported 135 members as of 15 May 2019" in html
    assert 'href="/partners/?group=supply-chains"' in html
    members = html[html.index('id="members"') :]
    assert "Ministry of Labour and Trade Union Relations of Sri Lanka" not in members


def test_supply_chains_2020_21_objectives_outputs_and_progress(client, demo_content):
    html = html_of(client, URL)
    plan = html[html.index('id="work-plan"') : html.index('id="members"')]
    assert "Work plan 2020–2021" in plan
    assert "Draft" in plan
    assert "This draft has not been adopted yet." in plan
    positions = [plan.index(title) for title in OBJECTIVES_2020_21]
    assert positions == sorted(positions)
    assert "Statistical surveys of the prevalence of child labour and forced labour" in plan
    assert "Fair recruitment pilots developed or consolidated" in plan
    assert plan.count('<span class="output-status output-status-planned">Planned</span>') == 9
    # A draft has no progress yet: no 0 % bars, no "0 of 9 done" on the public page.
    assert "outputs done" not in plan and 'class="w-0"' not in plan
    assert "Overall progress" not in plan


def test_supply_chains_2018_19_plan_is_one_click_away(client, demo_content):
    html = html_of(client, URL)
    link = (
        '<a href="/action-groups/supply-chains/?plan=2018-2019#work-plan">Work plan 2018–2019</a>'
    )
    assert link in html

    earlier = html_of(client, URL, plan="2018-2019")
    plan = earlier[earlier.index('id="work-plan"') : earlier.index('id="members"')]
    assert "Work plan 2018–2019" in plan
    assert "Completed" in plan
    assert "This is an earlier work plan." in plan
    for area in PRIORITY_AREAS_2018_19:
        assert f"<h3>{area}</h3>" in plan
    shown = plan[: plan.index("Other work plans")]
    # A completed plan without outputs lists its areas, not "No outputs defined" five times.
    assert "No outputs defined" not in shown
    assert 'class="progress"' not in shown
    # The newest (draft) plan stays one click away, without a 0 % bar.
    others = plan[plan.index("Other work plans") :]
    assert 'href="/action-groups/supply-chains/?plan=2020-2021#work-plan"' in others
    assert "outputs done" not in others


def test_abidjan_meeting_key_proposals_by_session(client, demo_content):
    html = html_of(client, URL)
    meetings = html[html.index('id="meetings"') : html.index('id="join"')]
    assert "2nd Global Workshop of the Supply Chains Action Group" in meetings
    assert "Abidjan" in meetings
    assert "<h4>Plenary Discussion 1. Accelerating Progress in Africa</h4>" in meetings
    assert "Advance a regional agenda to accelerate progress on target 8.7 in Africa" in meetings
    assert "<h4>Working Group on Mining</h4>" in meetings
    assert "<h4>Cross cutting issues for the 2020-21 work plan of the Action Group</h4>" in meetings
    assert "Promote ratification and implementation of ILO Convention188" in meetings
    assert meetings.count("<h4>") == 12
    # The Berlin meeting (June 2017) is listed after Abidjan, with its month only.
    assert meetings.index("Abidjan") < meetings.index("1st meeting of the Supply Chains")
    assert "June 2017" in meetings


def test_list_shows_every_group_of_the_pack_by_status(client, demo_content):
    html = html_of(client, "/action-groups/")
    active = html[html.index("Active groups") : html.index("Groups starting work")]
    starting = html[html.index("Groups starting work") : html.index("Planned groups")]
    planned = html[html.index("Planned groups") :]
    for name in ["Supply Chains", "Migration", "Communications and Engagement"]:
        assert name in active
    assert "Conflict and Humanitarian Settings" in starting
    assert "Rule of Law and Governance" in planned
    assert "International Labour Organization" in active
    assert "1 member listed in the directory" in active
    assert "135 members reported by the group" in active
    assert "over 40 members reported by the group" in active  # "We now have over 40 members"
    assert "outputs done" not in active  # the current plan is a draft: no 0 % bar


@pytest.mark.parametrize(
    "prefix,expected",
    [
        (
            "/fr",
            [
                "<dt>Présidence</dt>",
                "Plan de travail 2020–2021",
                "Projet",
                "Réunions et résultats",
                "1 organisation membre est répertoriée dans l’annuaire des partenaires.",
                "Le groupe lui-même déclarait 135 membres au 15 mai 2019",
                "Quatre fonctions de coordination stratégique et technique",
                "Comment participer",
                "Autres plans de travail",
            ],
        ),
        (
            "/es",
            [
                "<dt>Presidencia</dt>",
                "Plan de trabajo 2020–2021",
                "Borrador",
                "Reuniones y resultados",
                "1 organización miembro figura en el directorio de socios.",
                "El propio grupo declaraba 135 miembros a fecha de 15 de mayo de 2019",
                "Cuatro funciones de coordinación estratégica y técnica",
                "Cómo participar",
                "Otros planes de trabajo",
            ],
        ),
    ],
)
def test_group_page_is_translated(client, demo_content, prefix, expected):
    html = html_of(client, prefix + URL)
    for text in expected:
        assert text in html, text
    assert f'href="{prefix}/action-groups/supply-chains/?plan=2018-2019#work-plan"' in html


@pytest.mark.parametrize(
    "prefix,expected",
    [
        ("/fr", ["Groupes d’action", "Groupes actifs", "Groupes en démarrage", "Groupes prévus"]),
        ("/es", ["Grupos de acción", "Grupos activos", "Grupos que inician su labor"]),
    ],
)
def test_list_page_is_translated(client, demo_content, prefix, expected):
    html = html_of(client, prefix + "/action-groups/")
    for text in expected:
        assert text in html, text
    assert "members listed in the directory" not in html


def test_directory_link_lists_the_same_members(client, demo_content):
    group = ActionGroup.objects.get(slug="supply-chains")
    names = list(group.memberships.values_list("partner__name", flat=True))
    html = html_of(client, "/partners/", group="supply-chains")
    for name in names:
        assert name.replace("'", "&#x27;") in html, name
    assert "Government of Argentina" not in html  # a partner outside the group
