"""Fidelity: the demo content holds the briefing pack's facts, and no fact the pack does not state.

Each assertion names the pack's words (seed file line numbers in brackets) so that a change to
the fixture that drifts from the pack fails here. See README "Demo content" for the readings.
"""

import json
import re
from datetime import date

import pytest
from django.http import QueryDict

from actiongroups.models import ActionGroup, Membership
from common.regions import _table, region_for
from events.models import Event, EventParticipation
from partners.models import Partner, PartnerCountry
from pathfinders.models import NextStep, PathfinderCountry, Priority, Resource
from pathfinders.selectors import overview_context
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

# Long after every target date in the pack.
LATER = date(2040, 1, 1)

# Named by the pack only as hosts, funders, speakers, panellists or examples, never as partners.
MENTIONED = {
    "government-of-the-netherlands",
    "government-of-the-united-kingdom",
    "government-of-the-united-states",
    "government-of-norway",
    "government-of-germany",
    "government-of-cote-divoire",
    "ci-ministry-of-employment-and-social-protection",
    "ghana-ministry-of-employment-and-labour-relations",
    "unodc",
    "eu",
    "harvard-university",
    "freedom-fund",
    "mars",
    "solidarity-center",
    "usdol",
    "global-march",
    "pact",
    "impact",
}


def result_count(client, path, **params) -> int:
    return client.get(path, params).context["page_obj"].paginator.count


# -- partners ----------------------------------------------------------------------------------


def test_standing_partner_only_where_the_pack_says_so(demo_content):
    standing = dict(Partner.objects.values_list("slug", "standing"))
    assert len(standing) == 51
    assert {slug for slug, value in standing.items() if value == "mentioned"} == MENTIONED
    # "supported and attended by 40 Alliance 8.7 partners, including IOE, ITUC, ..." [874-882]
    for slug in ("ioe", "ituc", "fao", "iom", "who", "unicef", "oecd", "osce", "ifc"):
        assert standing[slug] == "alliance_partner"
    assert sum(value == "alliance_partner" for value in standing.values()) == 33


def test_directory_labels_and_filters_standing(client, demo_content):
    assert result_count(client, "/partners/", standing="mentioned") == 18
    assert result_count(client, "/partners/", standing="alliance_partner") == 33
    assert result_count(client, "/partners/") == 51  # everyone listed, standing labelled
    page = text_of(client.get("/partners/mars/"))
    assert "Standing Named only (partnership not stated)" in page
    assert "Standing Alliance 8.7 partner" in text_of(client.get("/partners/ioe/"))


def test_countries_of_work_only_where_stated(client, demo_content):
    # The only country of work the pack states: "with the technical support of the OSCE" [395]
    stated = set(
        PartnerCountry.objects.exclude(
            partner__organisation_type__startswith="government"
        ).values_list("partner__slug", "country")
    )
    assert stated == {("osce", "AL")}
    # A government (or ministry) "works" only in its own country.
    for partner in Partner.objects.filter(organisation_type__startswith="government"):
        codes = {c.country.code for c in partner.countries_of_work.all()}
        assert codes <= {partner.headquarters_country.code}, partner.slug
    # Attending Abidjan does not make anyone work in Côte d'Ivoire.
    assert result_count(client, "/partners/", country="CI") == 2


def test_uk_and_greece_have_their_m49_region(client, demo_content):
    assert region_for("GB").name == "Europe"
    assert region_for("GR").name == "Europe"
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in _table()), "a pattern, not a code"
    for slug in ("freedom-fund", "government-of-the-united-kingdom"):
        assert Partner.objects.get(slug=slug).region.name == "Europe"
    europe = [p for p in Partner.objects.all() if p.region and p.region.name == "Europe"]
    assert result_count(client, "/partners/", region="europe") == len(europe) == 17


def test_name_order_ignores_case(client, demo_content):
    names = [p.name for p in client.get("/partners/", {"sort": "name"}).context["page_obj"]]
    names += [
        p.name
        for page in (2, 3)
        for p in client.get("/partners/", {"sort": "name", "page": page}).context["page_obj"]
    ]
    assert names == sorted(names, key=str.casefold)
    assert names.index("Government of the Netherlands") < names.index("Government of Vietnam")


def test_business_networks_are_membership_organisations(demo_content):
    # "businesses networks (Child Labour Platform and the Global Business Network ...)" [880]
    types = dict(Partner.objects.values_list("slug", "organisation_type"))
    assert types["child-labour-platform"] == types["gbnfl"] == "employers_organisation"
    assert Partner.objects.filter(name__startswith="Federal").count() == 0  # [862-864]


# -- action groups ----------------------------------------------------------------------------


def test_supply_chains_names_only_its_chair(client, demo_content):
    # "has been joined by 135 organisations" [828]: none named; the ILO is its chair [899-900].
    rows = set(Membership.objects.values_list("group__slug", "partner__slug", "role"))
    assert rows == {("supply-chains", "ilo", "chair")}
    group = ActionGroup.objects.get(slug="supply-chains")
    assert (group.reported_member_count, group.reported_member_count_is_minimum) == (135, False)
    assert result_count(client, "/partners/", group="supply-chains") == 1
    for hub in ("albania", "nepal", "madagascar", "nigeria", "sri-lanka", "uganda"):
        assert "member working here" not in text_of(client.get(f"/pathfinders/{hub}/")), hub


def test_ceag_over_40_members_its_early_2019_meetings_and_the_webinar_survey(client, demo_content):
    group = ActionGroup.objects.get(slug="communications-and-engagement")
    assert (group.reported_member_count, group.reported_member_count_is_minimum) == (40, True)
    page = text_of(client.get(group.get_absolute_url()))
    assert "The group itself reported over 40 members" in page  # "over 40 members" [1901]
    assert "In early 2019 two meetings were held" in page  # [1891-1893]
    assert "45 minutes (34% of responses) and 60 minutes (44%)" in page  # [1970-1971]
    assert "over 40 members reported by the group" in text_of(client.get("/action-groups/"))


# -- events -----------------------------------------------------------------------------------


def roles(slug):
    return set(
        EventParticipation.objects.filter(event__slug=slug).values_list("partner__slug", "role")
    )


def test_relation_counts_per_kind(demo_content):
    counts = {}
    for role in EventParticipation.objects.values_list("role", flat=True):
        counts[role] = counts.get(role, 0) + 1
    assert counts == {
        "hosted": 3,  # Côte d'Ivoire (Abidjan); ILO and the Freedom Fund (Beyond Good Intentions)
        "organised": 3,  # the Netherlands, Global March, ILO (Child Labour Forum) [691-693]
        "chaired": 1,  # France, 5th GCG [24]
        "funded": 2,  # the Netherlands and France (Abidjan) [820-822]
        "supported": 1,  # Germany (Berlin, 2017) [824-826]
        "took_part": 50,
    }


def test_who_did_what_at_each_event(client, demo_content):
    assert roles("5th-gcg-meeting-new-york-2019") == {("government-of-france", "chaired")}
    abidjan = roles("supply-chains-action-group-2nd-global-workshop-abidjan-2019")
    assert {slug for slug, role in abidjan if role == "hosted"} == {"government-of-cote-divoire"}
    assert ("ilo", "took_part") in abidjan and ("ilo", "hosted") not in abidjan
    assert {slug for slug, role in abidjan if role == "funded"} == {
        "government-of-the-netherlands",
        "government-of-france",
    }
    assert roles("international-labour-conference-geneva-2019") == {
        (slug, "took_part")
        for slug in (
            "government-of-france",
            "government-of-madagascar",
            "government-of-nepal",
            "government-of-norway",
        )
    }
    assert len(roles("pathfinder-countries-side-event-hlpf-new-york-2019")) == 18  # [685-689]
    page = text_of(client.get("/events/5th-gcg-meeting-new-york-2019/"))
    assert "Chaired Government of France" in page
    assert "Hosted" not in page
    france = text_of(client.get("/partners/government-of-france/"))
    assert "5th Alliance 8.7 Global Coordinating Group Meeting" in france
    assert "– chaired" in france


def test_no_place_the_pack_does_not_give(demo_content):
    places = dict(
        Event.objects.filter(
            slug__in=[
                "international-labour-conference-geneva-2019",
                "freedom-from-slavery-forum-2018",
            ]
        ).values_list("slug", "city")
    )
    assert places == {
        "international-labour-conference-geneva-2019": "",
        "freedom-from-slavery-forum-2018": "",
    }
    assert not Event.objects.filter(country="CH").exists()


def test_host_facet_counts_hosts_and_organisers_only(client, demo_content):
    facets = {f.name: f for f in client.get("/events/", {"when": "past"}).context["facets"]}
    hosts = {o.value: o.count for o in facets["host"].options}
    assert "government-of-france" not in hosts  # it chaired and funded, never hosted
    assert hosts.get("government-of-cote-divoire") == 1


# -- pathfinders ------------------------------------------------------------------------------

PRIORITIES_PER_HEADING = {
    ("albania", "Child Labour"): 4,
    ("albania", "Trafficking"): 4,
    ("madagascar", "Child labour"): 2,
    ("madagascar", "Trafficking"): 2,
    ("nigeria", "Supply Chains"): 3,
    ("nigeria", "Migration"): 4,
    ("nigeria", "Conflict & humanitarian settings"): 4,
    ("tunisia", "Child Labour"): 4,
    ("tunisia", "Trafficking"): 5,
    (
        "tunisia",
        "Coordination, monitoring, reporting and resource Mobilization through an Action Committee",
    ): 4,
    ("uganda", "Child Labour"): 5,
    ("uganda", "Forced Labour"): 4,
    ("vietnam", "Child labour and supply chains"): 3,
    ("vietnam", "Trafficking and migration for labour exploitation"): 2,
    ("vietnam", "Child labour and education"): 2,
    ("vietnam", "Child labour in agriculture"): 4,
    ("chile", "Roadmap adopted after the national strategy workshop (March 2019)"): 5,
    ("mauritania", "Priorities identified by the national strategy workshop (March 2019)"): 5,
    ("nepal", "Priorities from the technical consultation"): 9,
}


def test_priorities_per_heading(demo_content):
    counts = {}
    for key in Priority.objects.values_list("country__slug", "heading"):
        counts[key] = counts.get(key, 0) + 1
    assert counts == PRIORITIES_PER_HEADING
    assert sum(counts.values()) == 75


def test_every_priority_carries_the_themes_it_names(demo_content):
    untagged = Priority.objects.filter(themes__isnull=True).values_list("country__slug", "text")
    assert list(untagged) == []
    for priority in Priority.objects.prefetch_related("themes"):
        themes = {t.slug for t in priority.themes.all()}
        text = priority.text.lower()
        if "forced labour" in text or "forced labor" in text:
            assert "forced-labour" in themes, priority.text
        if "child labour" in text or "child labor" in text:
            assert "child-labour" in themes, priority.text
        if "trafficking" in text:
            assert "human-trafficking" in themes, priority.text


def test_theme_filters_find_every_country_whose_priorities_name_it(demo_content):
    def slugs(query):
        return [c.slug for c in overview_context(QueryDict(query), today=LATER)["countries"]]

    assert slugs("theme=forced-labour") == ["chile", "mauritania", "nepal", "tunisia", "uganda"]
    assert "chile" in slugs("theme=child-labour") and "nepal" in slugs("theme=child-labour")


def test_tunisia_strategic_workshop_date_is_not_the_preparatory_one(client, demo_content):
    # "The strategic workshop was preceded by a preparatory workshop (March 2019)" [259-262]
    tunisia = PathfinderCountry.objects.get(slug="tunisia")
    assert tunisia.stage == "workshop_held"
    assert tunisia.workshop_date is None
    assert tunisia.milestones.get().kind == "other"
    assert "to be constituted" in tunisia.coordination_body  # "will be constituted" [313]


def test_no_next_step_is_called_overdue_without_a_known_status(client, demo_content):
    assert set(NextStep.objects.values_list("status", flat=True)) == {"not_reported"}
    assert NextStep.objects.count() == 9
    assert overview_context(QueryDict(""), today=LATER)["late_countries"] == []
    assert "Overdue" not in client.get("/pathfinders/vietnam/").content.decode()


def test_the_packs_global_products_are_resources(client, demo_content):
    titles = set(Resource.objects.values_list("title", flat=True))
    assert {
        "Pathfinder Countries e-reports",
        "Alliance 8.7 Communications Toolkit for Partners",
    } <= titles
    page = text_of(client.get("/pathfinders/"))
    assert "Pathfinder Countries e-reports" in page
    assert "Alliance 8.7 Communications Toolkit for Partners" in page


def test_the_2020_21_plan_is_called_a_draft_not_current(client, demo_content):
    # "DRAFT Outcome Report": the 2020–21 outputs are a draft proposal [1693-1703].
    page = text_of(client.get("/action-groups/supply-chains/", {"plan": "2018-2019"}))
    assert "The group’s newest is the draft work plan 2020–2021, not adopted yet." in page
    assert "current one" not in page
    assert "(current)" not in page


def test_exports_state_each_organisations_standing(client, demo_content):
    body = b"".join(client.get("/partners/export.json").streaming_content).decode()
    partners = {item["name"]: item for item in json.loads(body)["partners"]}
    assert partners["Mars, Incorporated"]["standing"]["code"] == "mentioned"
    assert partners["International Labour Organization"]["standing"]["code"] == "alliance_partner"
    csv_text = b"".join(client.get("/partners/export.csv").streaming_content).decode("utf-8-sig")
    assert "standing_label" in csv_text.splitlines()[0]
    assert "Named only (partnership not stated)" in csv_text


def test_the_overview_never_says_no_step_is_late_when_statuses_are_unknown(client, demo_content):
    page = text_of(client.get("/pathfinders/"))
    assert "No country listed here is late" not in page
    assert "No next step is known to be late; the status of 9 next steps is not reported." in page


def test_nine_countries_convened_workshops_as_the_pack_counts_them(client, demo_content):
    # "Countries that have convened strategic planning workshops": nine, Chile included [117-132]
    page = text_of(client.get("/pathfinders/"))
    assert "9 countries have convened strategic planning workshops" in page
