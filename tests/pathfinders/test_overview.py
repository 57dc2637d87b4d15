"""/pathfinders/: the pipeline, the filtered country table, the themes matrix and resources."""

import re
from datetime import date

import pytest
from django.http import QueryDict
from django.urls import reverse

from pathfinders.enums import NextStepStatus, Stage
from pathfinders.selectors import overview_context
from tests.factories import (
    NextStepFactory,
    PathfinderCountryFactory,
    PriorityFactory,
    ResourceFactory,
    ThemeFactory,
)
from tests.helpers import main_text
from tests.pathfinders.factories import build_countries

pytestmark = pytest.mark.django_db

URL = reverse("pathfinders:list")


def names(context):
    return [country.name for country in context["countries"]]


def overview(query="", today=date(2026, 1, 1)):
    return overview_context(QueryDict(query), today=today)


@pytest.fixture
def world():
    child = ThemeFactory(slug="child-labour", name="Child labour")
    trafficking = ThemeFactory(slug="human-trafficking", name="Human trafficking")
    nepal = PathfinderCountryFactory(
        country="NP", name="Nepal", slug="nepal", stage=Stage.WORKSHOP_HELD
    )
    chile = PathfinderCountryFactory(
        country="CL", name="Chile", slug="chile", stage=Stage.ROADMAP_ADOPTED
    )
    uganda = PathfinderCountryFactory(
        country="UG", name="Uganda", slug="uganda", stage=Stage.WORKSHOP_HELD
    )
    fiji = PathfinderCountryFactory(
        country="FJ", name="Fiji", slug="fiji", stage=Stage.WORKSHOP_PLANNED
    )
    PathfinderCountryFactory(
        country="MX", name="Hidden Mexico", slug="mexico", stage=Stage.INTEREST, is_published=False
    )
    PriorityFactory(country=nepal).themes.set([child])
    PriorityFactory(country=nepal).themes.set([child, trafficking])
    PriorityFactory(country=uganda).themes.set([trafficking])
    PriorityFactory(country=chile)
    return {"nepal": nepal, "chile": chile, "uganda": uganda, "fiji": fiji}


# -- the pipeline ----------------------------------------------------------------------------


def test_pipeline_counts_published_countries_per_stage_in_order(world):
    pipeline = overview()["pipeline"]
    assert pipeline["total"] == 4
    assert [(s.stage, s.count) for s in pipeline["stages"]] == [
        (Stage.INTEREST, 0),
        (Stage.WORKSHOP_PLANNED, 1),
        (Stage.WORKSHOP_HELD, 2),
        (Stage.ROADMAP_ADOPTED, 1),
    ]
    assert [s.percent for s in pipeline["stages"]] == [0, 25, 50, 25]


def test_pipeline_is_a_visual_with_the_numbers_in_text(client, world):
    response = client.get(URL)
    page = response.content.decode()
    assert "4 pathfinder countries, at these stages:" in main_text(response)
    assert "3. Strategic planning workshop held 2 countries" in main_text(response)
    assert 'class="w-50"' in page  # the bar, whose number is in the text next to it
    assert 'href="/pathfinders/?stage=workshop_held"' in page


def test_pipeline_follows_other_filters_but_not_the_stage_filter(world):
    pipeline = overview("region=asia&stage=roadmap_adopted")["pipeline"]
    # Nepal is the only Asian country: the pipeline shows Asia, whatever stage is picked.
    assert [s.count for s in pipeline["stages"]] == [0, 0, 1, 0]
    assert [s.selected for s in pipeline["stages"]] == [False, False, False, True]


def test_unpublished_countries_are_not_shown(client, world):
    assert "Hidden Mexico" not in client.get(URL).content.decode()
    assert client.get("/pathfinders/mexico/").status_code == 404


# -- the country table -----------------------------------------------------------------------


def test_each_country_row_has_stage_workshop_region_priorities_and_progress(client, world):
    nepal = world["nepal"]
    nepal.workshop_date, nepal.workshop_date_precision = date(2018, 10, 1), "month"
    nepal.save()
    NextStepFactory(country=nepal, status=NextStepStatus.DONE)
    NextStepFactory(country=nepal, status=NextStepStatus.IN_PROGRESS)
    NextStepFactory(country=nepal, status=NextStepStatus.PLANNED, target_date=date(2019, 6, 1))
    NextStepFactory(country=nepal, status=NextStepStatus.PLANNED, target_date=date(2099, 1, 1))
    text = main_text(client.get(URL))
    assert (
        "Nepal 3. Strategic planning workshop held October 2018 Asia 2 "
        "1 of 4 done · 1 in progress · 2 planned ⚠ 1 overdue"
    ) in text
    # A missing date is an empty cell, not an internal "not recorded".
    assert "Fiji 2. Strategic planning workshop planned – Oceania 0" in text
    assert "not recorded" not in text
    assert "Late on next steps: Nepal (1 overdue)" in text


def test_workshop_dates_are_as_precise_as_known(client, world):
    world["fiji"].workshop_date, world["fiji"].workshop_date_precision = date(2019, 1, 1), "year"
    world["fiji"].save()
    world["chile"].workshop_date = date(2019, 3, 14)
    world["chile"].save()
    page = client.get(URL).content.decode()
    assert '<time datetime="2019">2019</time>' in page
    assert '<time datetime="2019-03-14">14 March 2019</time>' in page


def test_overdue_uses_the_injected_today_and_the_date_precision(world):
    uganda = world["uganda"]
    NextStepFactory(country=uganda, target_date=date(2019, 6, 30), target_precision="month")
    NextStepFactory(country=uganda, target_date=date(2019, 6, 1), target_precision="month")
    NextStepFactory(country=uganda, target_date=date(2019, 6, 30), status=NextStepStatus.DONE)

    def late(today):
        context = overview(today=today)
        return [(c.name, c.steps_overdue) for c in context["late_countries"]]

    assert late(date(2019, 6, 30)) == []  # due "June 2019": not late during June
    assert late(date(2019, 7, 1)) == [("Uganda", 2)]  # done steps are never late


def test_countries_are_sorted_by_name_in_the_page_language(client, world):
    PathfinderCountryFactory(country="VN", name="Vietnam", slug="vietnam")
    english = main_text(client.get(URL))
    assert english.index("Uganda") < english.index("Vietnam")
    french = main_text(client.get("/fr" + URL))
    assert "Népal" in french
    assert french.index("Népal") < french.index("Ouganda") < french.index("Viêt Nam")


# -- filters and facets ----------------------------------------------------------------------


def test_or_within_a_parameter_and_across_parameters(world):
    assert names(overview("stage=workshop_held&stage=roadmap_adopted")) == [
        "Chile",
        "Nepal",
        "Uganda",
    ]
    assert names(overview("stage=workshop_held&region=africa")) == ["Uganda"]
    assert names(overview("region=asia&region=oceania")) == ["Fiji", "Nepal"]
    assert names(overview("theme=human-trafficking")) == ["Nepal", "Uganda"]
    assert names(overview("theme=human-trafficking&theme=child-labour")) == ["Nepal", "Uganda"]
    assert names(overview("theme=child-labour&region=africa")) == []


def test_facet_counts_use_the_other_filters(world):
    facets = {f.name: {o.value: o.count for o in f.options} for f in overview()["facets"]}
    assert facets["region"] == {"africa": 1, "americas": 1, "asia": 1, "europe": 0, "oceania": 1}
    assert facets["theme"] == {"child-labour": 1, "human-trafficking": 2}
    filtered = overview("region=africa")["facets"]
    counts = {f.name: {o.value: o.count for o in f.options} for f in filtered}
    assert counts["region"]["asia"] == 1  # a facet ignores its own filter
    assert counts["theme"] == {"child-labour": 0, "human-trafficking": 1}
    assert counts["stage"]["workshop_held"] == 1


def test_filter_form_chips_and_clear_all(client, world):
    response = client.get(URL, {"stage": ["workshop_held"], "region": ["asia"]})
    page = response.content.decode()
    assert 'name="stage" value="workshop_held"' in page
    assert re.search(r'name="region" value="asia" id="[^"]+" checked', page)
    assert "Remove filter Stage: Strategic planning workshop held" in page
    assert 'href="/pathfinders/?region=asia"' in page  # the stage chip removes only itself
    assert "Clear all filters" in page
    assert names(response.context) == ["Nepal"]


def test_no_match_offers_to_clear_the_filters(client, world):
    text = main_text(client.get(URL, {"stage": "interest"}))
    assert "No pathfinder country matches these filters." in text


@pytest.mark.parametrize(
    "query,reported",
    [
        ({"stage": "bogus"}, "bogus"),
        ({"region": "atlantis"}, "atlantis"),
        ({"theme": "<script>alert(1)</script>"}, "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ({"theme": "' OR 1=1 --"}, "&#x27; OR 1=1 --"),
        ({"region": "100%_\\"}, "100%_\\"),
        ({"stage": "épreuve ☃"}, "épreuve ☃"),
    ],
)
def test_unknown_values_are_reported_escaped_and_ignored(client, world, query, reported):
    response = client.get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters could not be used" in page
    assert reported in page
    assert "<script>alert(1)" not in page
    assert len(response.context["countries"]) == 4  # the bad value filtered nothing out


def test_a_bad_value_does_not_drop_the_good_ones(world):
    context = overview("stage=bogus&stage=workshop_held&region=atlantis&region=asia")
    assert names(context) == ["Nepal"]
    assert len(context["filterset"].input_errors) == 2


# `page` chooses a page of the table: a value that is no page is a 404, as in the directory
# (test_overview_bounds.py).
@pytest.mark.parametrize("name", ["stage", "region", "theme", "anything"])
def test_ten_thousand_character_values_never_fail(client, world, name):
    response = client.get(URL, {name: "x" * 10_000})
    assert response.status_code == 200
    page = response.content.decode()
    assert "x" * 201 not in page[page.index("<main") : page.index("</main>")]
    if name in ("stage", "region", "theme"):
        assert "were too long or too many and were cut" in page


def test_too_many_values_are_cut_and_reported(client, world):
    response = client.get(URL, {"stage": ["workshop_held"] * 500})
    assert response.status_code == 200
    assert "were too long or too many and were cut" in response.content.decode()
    assert names(response.context) == ["Nepal", "Uganda"]


def test_posting_is_not_allowed(client, world):
    assert client.post(URL).status_code == 405


# -- the themes matrix -----------------------------------------------------------------------


def test_theme_matrix_links_each_cell_to_the_country_hub(client, world):
    matrix = overview()["matrix"]
    assert matrix["themes"] == [
        ("child-labour", "Child labour"),
        ("human-trafficking", "Human trafficking"),
    ]
    rows = {row.country.name: [cell.count for cell in row.cells] for row in matrix["rows"]}
    assert rows == {"Nepal": [2, 1], "Uganda": [0, 1]}  # Chile has no themed priority

    page = client.get(URL).content.decode()
    assert '<table class="data-table theme-matrix">' in page
    assert '<th scope="col">Child labour</th>' in page
    assert 'href="/pathfinders/nepal/#theme-child-labour"' in page
    assert '2<span class="visually-hidden"> priorities of Nepal on Child labour</span>' in page
    none = '<td class="matrix-no"><span aria-hidden="true">·</span><span class="visually-hidden">'
    assert page.count(none + "none</span></td>") == 1  # Uganda, child labour
    hub = client.get("/pathfinders/nepal/").content.decode()
    assert 'id="theme-child-labour"' in hub


def test_theme_matrix_follows_the_filters(world):
    matrix = overview("region=africa")["matrix"]
    assert [row.country.name for row in matrix["rows"]] == ["Uganda"]
    assert matrix["themes"] == [("human-trafficking", "Human trafficking")]


# -- resources -------------------------------------------------------------------------------


def test_resources_are_grouped_toolkit_links_and_lessons(client):
    ResourceFactory(title="Guidance Note", kind="guidance_note", url="https://example.org/g.pdf")
    ResourceFactory(title="Vision statement", kind="vision_statement", url="", order=0)
    ResourceFactory(title="Focal points matter", kind="lesson", url="", description="They lead.")
    ResourceFactory(title="Draft", kind="faq", is_published=False)
    text = main_text(client.get(URL))
    page = client.get(URL).content.decode()
    toolkit = text[text.index("Pathfinder countries toolkit") : text.index("Lessons learnt")]
    # A resource without a link is listed by name, without an apology.
    assert "Vision statement · Vision statement" in toolkit
    assert "not yet available" not in text
    assert "Guidance Note" in toolkit
    assert '<a href="https://example.org/g.pdf" rel="noopener" hreflang="en">' in page
    assert "Focal points matter They lead." in text[text.index("Lessons learnt") :]
    assert "Draft" not in text


# -- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
@pytest.mark.parametrize("count", [1, 15, 150])
def test_overview_runs_a_fixed_number_of_queries(prefix, client, django_assert_num_queries, count):
    build_countries(count)
    ResourceFactory()
    # themes for the filter, three facet counts, the countries, the matrix, the resources
    with django_assert_num_queries(7):
        response = client.get(prefix + URL)
    assert len(response.context["countries"]) == count


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])  # the same queries in every language
@pytest.mark.parametrize("count", [1, 30])
def test_filtered_overview_runs_the_same_number_of_queries(
    prefix, client, django_assert_num_queries, count
):
    build_countries(count)
    query = {
        "stage": ["interest", "workshop_held"],
        "region": ["europe", "asia"],
        "theme": "theme-0",
    }
    with django_assert_num_queries(7):
        response = client.get(prefix + URL, query)
    assert 1 <= len(response.context["countries"]) < count or count == 1


def test_theme_and_country_names_are_escaped(client):
    evil = ThemeFactory(slug="evil", name="<i>Evil</i> & co")
    country = PathfinderCountryFactory(country="NP", name="<b>Nepal</b>", slug="nepal")
    PriorityFactory(country=country).themes.set([evil])
    page = client.get(URL).content.decode()
    assert "<i>Evil</i>" not in page and "<b>Nepal</b>" not in page
    assert "priority of &lt;b&gt;Nepal&lt;/b&gt; on &lt;i&gt;Evil&lt;/i&gt; &amp; co" in page
