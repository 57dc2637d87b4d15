"""CSV and JSON exports: exactly the filtered result, streamed, safe in spreadsheets."""

import csv
import io
import json

import pytest
from django.db import connection
from django.http import QueryDict, StreamingHttpResponse
from django.urls import reverse

from actiongroups.models import Membership
from common.spreadsheets import safe_cell, unquote_cell
from partners.models import Partner
from partners.selectors import export_rows
from tests.factories import ActionGroupFactory, PartnerFactory, ThemeFactory

from .factories import rich_partners
from .helpers import filterset

pytestmark = pytest.mark.django_db

CSV_URL = reverse("partners:export_csv")
JSON_URL = reverse("partners:export_json")


def download(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8"), response


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def directory():
    child = ThemeFactory(slug="child-labour", name="Child labour")
    group = ActionGroupFactory(slug="supply-chains", name="Supply Chains")
    ilo = PartnerFactory(
        slug="ilo",
        name="International Labour Organization",
        acronym="ILO",
        organisation_type="international_organisation",
        headquarters_country="CH",
        countries=["CI", "NL"],
        themes=[child],
        website="https://www.ilo.org/",
        date_joined="2016-09-21",
    )
    Membership.objects.create(group=group, partner=ilo, role="chair")
    PartnerFactory(
        slug="nepal",
        name="Government of Nepal",
        organisation_type="government",
        headquarters_country="NP",
        themes=[child],
    )
    PartnerFactory(
        slug="france",
        name="Government of France",
        organisation_type="government",
        headquarters_country="FR",
    )


def test_csv_has_exactly_the_filtered_rows_in_page_order(client, directory):
    text, response = download(client, CSV_URL, {"theme": "child-labour", "sort": "name"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="alliance87-partners-')
    rows = csv_rows(text)
    assert [row["name"] for row in rows] == [
        "Government of Nepal",
        "International Labour Organization",
    ]
    ilo = rows[1]
    assert ilo["organisation_type"] == "international_organisation"
    assert ilo["headquarters_country_name"] == "Switzerland"
    assert ilo["region"] == "Europe"
    assert ilo["countries_of_work"] == "CI; NL"
    assert ilo["themes"] == "Child labour"
    assert ilo["action_groups"] == "Supply Chains (Chair)"
    assert ilo["date_joined"] == "2016-09-21"
    assert ilo["url"] == "http://testserver/partners/ilo/"


def test_exports_ignore_bad_values_like_the_page(client, directory):
    text, _ = download(client, CSV_URL, {"type": ["government", "pirates"], "page": "abc"})
    assert [row["name"] for row in csv_rows(text)] == [
        "Government of France",
        "Government of Nepal",
    ]


def test_json_export(client, directory):
    text, response = download(client, JSON_URL, {"q": "labour", "country": "ci"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(text)
    assert data["filters"] == {"q": ["labour"], "country": ["CI"]}
    assert data["sort"] == "relevance"
    [ilo] = data["partners"]
    assert ilo["headquarters"] == {"code": "CH", "name": "Switzerland", "region": "europe"}
    assert ilo["action_groups"] == [
        {"slug": "supply-chains", "name": "Supply Chains", "role": "chair", "role_label": "Chair"}
    ]
    assert ilo["themes"] == [{"slug": "child-labour", "name": "Child labour"}]


def test_empty_result_is_valid_csv_and_json(client, directory):
    text, _ = download(client, CSV_URL, {"type": "media"})
    assert csv_rows(text) == []
    text, _ = download(client, JSON_URL, {"type": "media"})
    assert json.loads(text)["partners"] == []


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_cells_never_start_a_formula(client, value):
    PartnerFactory(name=value, acronym=value)
    text, _ = download(client, CSV_URL)
    [row] = csv_rows(text)
    assert row["name"] == "'" + value
    assert row["acronym"] == "'" + value


def test_safe_cell_leaves_ordinary_text_alone():
    assert safe_cell("ILO") == "ILO"
    assert safe_cell(None) == ""
    assert safe_cell("2016-09-21") == "2016-09-21"


@pytest.mark.parametrize(
    "value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "\nx", "ILO", "'quoted"]
)
def test_the_import_reads_back_exactly_what_the_exports_wrote(value):
    # One rule for all CSVs (common.spreadsheets): the import takes the quote off again.
    assert unquote_cell(safe_cell(value)) == value


def test_a_leading_line_break_is_quoted_like_a_formula():
    # The strictest of the three former copies: a formula hidden under a first blank line.
    assert safe_cell("\n=HYPERLINK(1)") == "'\n=HYPERLINK(1)"


def test_export_in_french_uses_french_labels(client, directory):
    response = client.get("/fr/partners/export.csv", {"type": "international_organisation"})
    [row] = csv_rows(b"".join(response.streaming_content).decode())
    assert row["headquarters_country_name"] == "Suisse"
    assert row["url"] == "http://testserver/fr/partners/ilo/"
    assert row["action_groups"] == "Supply Chains (Présidence)"


def test_rows_are_read_in_chunks_with_three_queries_each(directory, django_assert_num_queries):
    rich_partners(4)
    result = filterset("sort=name")
    result.qs  # noqa: B018 - choices loaded before counting
    # One query reads the partners; each chunk of two asks for countries, themes and groups.
    with django_assert_num_queries(1 + 3 * 4):
        rows = list(export_rows(result, chunk_size=2))
    assert len(rows) == 7
    assert [row.name for row in rows] == sorted(row.name for row in rows)
    assert all(row.themes for row in rows if row.slug != "france")


@pytest.mark.parametrize("size", [1, 30])
@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_export_query_count_does_not_grow_with_rows(client, django_assert_num_queries, size, url):
    rich_partners(size)
    params = {"theme": "child-labour", "group": "supply-chains", "q": "partner"}
    # Choices (2), whether the search is too broad to rank (1), partners (1), and per chunk:
    # countries, themes, groups (3); PostgreSQL also checks whether the words match as typed.
    expected = 7 + (1 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(expected):
        text, _ = download(client, url, params)
    lines = csv_rows(text) if url == CSV_URL else json.loads(text)["partners"]
    assert len(lines) == size


def test_export_of_the_same_query_as_the_page(client, directory):
    query = QueryDict("type=government&type=international_organisation&theme=child-labour")
    page = client.get(reverse("partners:list") + "?" + query.urlencode()).content.decode()
    text, _ = download(client, CSV_URL + "?" + query.urlencode())
    for row in csv_rows(text):
        assert f"/partners/{row['url'].rsplit('/', 2)[-2]}/" in page
    assert len(csv_rows(text)) == 2


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_exports_stream_in_blocks_of_bounded_size(client, monkeypatch, url):
    from partners import exports

    monkeypatch.setattr(exports, "BLOCK_SIZE", 500)
    rich_partners(30)
    response = client.get(url)
    assert response.streaming
    blocks = [block.decode() for block in response.streaming_content]
    longest_row = 2000  # one row (with its countries, themes and groups) at most
    assert len(blocks) > 3
    assert all(len(block) < 500 + longest_row for block in blocks)
    text = "".join(blocks)
    rows = csv_rows(text) if url == CSV_URL else json.loads(text)["partners"]
    assert len(rows) == Partner.objects.published().count() >= 30
