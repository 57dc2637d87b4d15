"""The facts the issue names, against the briefing pack's real content."""

from datetime import date

import pytest
from django.http import QueryDict

from pathfinders.selectors import overview_context
from tests.helpers import main_text

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 1)


def test_pipeline_two_four_eight_one(client, demo_content):
    context = overview_context(QueryDict(""), today=TODAY)
    assert [s.count for s in context["pipeline"]["stages"]] == [2, 4, 8, 1]
    text = main_text(client.get("/pathfinders/"))
    assert "15 pathfinder countries, at these stages:" in text
    assert "1. Formal manifestation of interest 2 countries" in text
    assert "2. Strategic planning workshop planned 4 countries" in text
    assert "3. Strategic planning workshop held 8 countries" in text
    assert "4. Roadmap or action plan adopted 1 country" in text


def test_no_country_is_called_late_when_the_pack_does_not_say(client, demo_content):
    # The pack gives targets (Vietnam: September 2019, end of 2019) but never says whether they
    # were met: the steps read "Status not reported", and nothing is counted as overdue.
    context = overview_context(QueryDict(""), today=TODAY)
    assert context["late_countries"] == []
    page = main_text(client.get("/pathfinders/"))
    assert "Late on next steps" not in page
    assert "2 status not reported" in page


def test_filters_on_the_demo_content(demo_content):
    def slugs(query):
        return [c.slug for c in overview_context(QueryDict(query), today=TODAY)["countries"]]

    assert slugs("region=asia") == ["nepal", "sri-lanka", "vietnam"]
    assert slugs("stage=interest") == ["mexico", "sri-lanka"]
    # Chile, Mauritania and Nepal's priorities name forced labour; so do Tunisia's and Uganda's.
    assert slugs("theme=forced-labour") == ["chile", "mauritania", "nepal", "tunisia", "uganda"]
    assert slugs("theme=child-labour&region=africa") == [
        "madagascar",
        "mauritania",
        "nigeria",
        "tunisia",
        "uganda",
    ]


def test_nepal_nine_priorities_and_what_comes_next(client, demo_content):
    response = client.get("/pathfinders/nepal/")
    assert response.status_code == 200
    text = main_text(response)
    assert "Priorities (9)" in text
    assert "Priorities from the technical consultation" in text
    priorities = [p.text for g in response.context["priority_groups"] for p in g.priorities]
    assert len(priorities) == 9
    assert priorities[0].startswith("Federal laws on child labour and forced labour")
    assert priorities[-1].startswith("Establish and strengthen labour committees")
    assert "October 2018 – Workshop held : National strategy workshop" in text
    assert "No next steps recorded yet." in text
    assert "Next stage in the pipeline: Roadmap or action plan adopted." in text


def test_nepal_partners_and_events(client, demo_content):
    response = client.get("/pathfinders/nepal/")
    page = response.content.decode()
    assert [p.slug for p in response.context["partners"]] == [
        "government-of-nepal",
        "nepal-ministry-of-labour-employment-and-social-security",
    ]
    assert 'href="/partners/?country=NP"' in page
    assert 'href="/events/?pathfinder=nepal"' in page
    past = [e.slug for e in response.context["past_events"]]
    assert past == [
        "international-labour-conference-geneva-2019",
        "supply-chains-action-group-2nd-global-workshop-abidjan-2019",
    ]
    assert [g.slug for g in response.context["action_groups"]] == ["supply-chains"]


def test_vietnam_hub_shows_its_overdue_steps_and_theme_anchors(client, demo_content):
    page = client.get("/pathfinders/vietnam/").content.decode()
    assert "Overdue" not in page
    assert page.count("Status not reported") == 2
    assert "September 2019" in page and "December 2019" in page
    for theme in ("agriculture", "child-labour", "education", "supply-chains"):
        assert f'id="theme-{theme}"' in page
    overview = client.get("/pathfinders/").content.decode()
    assert 'href="/pathfinders/vietnam/#theme-agriculture"' in overview


def test_shared_resources_toolkit_and_lessons(client, demo_content):
    context = overview_context(QueryDict(""), today=TODAY)
    assert [r.title for r in context["toolkit"]][:2] == [
        "Vision statement",
        "Pathfinder Countries Guidance Note",
    ]
    assert len(context["toolkit"]) == 5
    assert len(context["lessons"]) == 9
    text = main_text(client.get("/pathfinders/"))
    assert "Lessons learnt Endorsement at the highest political level" in text


@pytest.mark.parametrize(
    "prefix,words",
    [
        ("/fr", ["Le parcours", "Népal", "Pays", "Enseignements tirés"]),
        ("/es", ["El proceso", "Nepal", "País", "Lecciones aprendidas"]),
    ],
)
def test_overview_is_translated(client, demo_content, prefix, words):
    text = main_text(client.get(f"{prefix}/pathfinders/"))
    for word in words:
        assert word in text
