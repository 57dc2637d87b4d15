"""The issue's walk-through on the real demo content (the briefing pack)."""

import csv
import io

import pytest
from django.urls import reverse

from .helpers import counts, filterset, result_line, slugs

STEPS = [
    "type=international_organisation",
    "type=international_organisation&region=europe",
    "type=international_organisation&region=europe&theme=child-labour",
    "type=international_organisation&region=europe&theme=child-labour&group=supply-chains",
]


def test_narrowing_step_by_step_changes_the_counts(demo_content):
    assert filterset().qs.count() == 51
    results = [slugs(filterset(step).qs) for step in STEPS]
    assert len(results[0]) == 11
    assert results[1] == ["eu", "fao", "ilo", "iom", "oecd", "osce", "unodc", "who"]
    assert results[2] == ["ilo"]
    assert results[3] == ["ilo"]
    # What each step's options announce is what the next step gives.
    assert counts(filterset(STEPS[0]), "region") == {"europe": 8, "americas": 3}
    assert counts(filterset(STEPS[1]), "theme")["child-labour"] == 1
    assert counts(filterset(STEPS[2]), "group") == {"supply-chains": 1}


def test_the_shared_url_pages_and_downloads_the_same_partners(client, demo_content):
    url = reverse("partners:list") + "?" + STEPS[-1]
    html = client.get(url).content.decode()
    assert result_line(html) == "Showing 1–1 of 1 partner"
    assert 'href="/partners/ilo/"' in html
    assert 'href="/partners/export.csv?' + STEPS[-1].replace("&", "&amp;") + '"' in html
    response = client.get(reverse("partners:export_csv") + "?" + STEPS[-1])
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert [row["acronym"] for row in rows] == ["ILO"]
    assert rows[0]["action_groups"] == "Supply Chains (Chair)"


@pytest.mark.parametrize(
    "prefix,text",
    [("/fr", "Affichage de 1–1 sur 1 partenaire"), ("/es", "Mostrando 1–1 de 1 socio")],
)
def test_the_walk_through_in_french_and_spanish(client, demo_content, prefix, text):
    html = client.get(f"{prefix}/partners/?{STEPS[-1]}").content.decode()
    assert result_line(html) == text
    assert f'href="{prefix}/partners/ilo/"' in html


def test_every_step_counts_partners_in_the_page(client, demo_content):
    shown = [result_line(client.get(f"/partners/?{step}").content.decode()) for step in STEPS]
    assert shown == [
        "Showing 1–11 of 11 partners",
        "Showing 1–8 of 8 partners",
        "Showing 1–1 of 1 partner",
        "Showing 1–1 of 1 partner",
    ]


def test_breakdown_of_the_whole_directory(client, demo_content):
    html = client.get("/partners/").content.decode()
    breakdown = html[html.index('id="breakdown-heading"') :]
    assert ">Government</a>" in breakdown
    assert "23 (45%)" in breakdown  # 23 of the 51 partners are governments


def test_searching_the_demo_without_accents(client, demo_content):
    # Both Ivorian partners, and the partners whose descriptions mention the country.
    found = slugs(filterset("q=cote d'ivoire&type=government").qs)
    assert found == ["government-of-cote-divoire", "government-of-the-netherlands"]
    assert slugs(filterset("q=ministry cote d'ivoire").qs) == [
        "ci-ministry-of-employment-and-social-protection"
    ]
    html = client.get("/partners/", {"q": "COTE D'IVOIRE"}).content.decode()
    first = html.index("<h3><a href=")
    assert html.startswith('<h3><a href="/partners/ci-ministry-of', first) or html.startswith(
        '<h3><a href="/partners/government-of-cote-divoire/"', first
    )
