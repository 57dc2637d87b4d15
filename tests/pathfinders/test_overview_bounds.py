"""/pathfinders/ stays small however many countries there are: a page of the table and matrix."""

import re

import pytest
from django.urls import reverse

from pathfinders.selectors import LATE_SHOWN, OVERVIEW_PAGE_SIZE
from tests.pathfinders.factories import build_countries

pytestmark = pytest.mark.django_db

URL = reverse("pathfinders:list")
COUNT = OVERVIEW_PAGE_SIZE + 5


def table_rows(html):
    table = html[html.index('class="data-table countries-table"') :]
    return re.findall(
        r'<th scope="row"><a href="/pathfinders/([^"/]+)/">', table[: table.index("</table>")]
    )


def matrix_rows(html):
    matrix = html[html.index('class="data-table theme-matrix"') :]
    return re.findall(
        r'<th scope="row"[^>]*><a href="/pathfinders/([^"/]+)/', matrix[: matrix.index("</table>")]
    )


@pytest.fixture
def many_countries():
    return build_countries(COUNT, priorities=1, steps=1)


def test_the_table_and_matrix_show_one_page_and_link_to_the_next(client, many_countries):
    first = client.get(URL).content.decode()
    assert f"{COUNT} countries" in first  # the count is of all of them
    shown = table_rows(first)
    assert len(shown) == OVERVIEW_PAGE_SIZE
    assert matrix_rows(first) == shown
    assert 'href="?page=2" rel="next"' in first
    assert "The countries of page 1 of 2 of the table above" in first
    second = client.get(URL, {"page": 2}).content.decode()
    rest = table_rows(second)
    assert len(rest) == COUNT - OVERVIEW_PAGE_SIZE
    assert not set(rest) & set(shown)
    assert matrix_rows(second) == rest


def test_the_map_still_shows_every_country(client, many_countries):
    response = client.get(URL)
    assert len(response.context["countries"]) == COUNT
    assert len(response.context["country_map"].areas) == COUNT


@pytest.mark.parametrize("page", ["3", "0", "x", "9" * 20])
def test_a_page_out_of_range_is_a_404(client, many_countries, page):
    assert client.get(URL, {"page": page}).status_code == 404


def test_late_countries_are_named_up_to_a_bound_and_the_rest_counted(client, many_countries):
    html = client.get(URL).content.decode()
    summary = html[html.index('class="late-summary"') :]
    summary = summary[: summary.index("</p>")]
    assert summary.count("#next-steps") == LATE_SHOWN
    assert f"and {COUNT - LATE_SHOWN} more countries" in summary
