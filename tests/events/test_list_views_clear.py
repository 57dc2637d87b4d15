"""Clearing filters keeps the chosen view."""

import pytest

pytestmark = pytest.mark.django_db


def test_clear_all_keeps_the_month_view(client, demo_content):
    html = client.get("/events/?view=month&month=2019-07&tag=supply-chains").content.decode()
    assert 'href="/events/?view=month&amp;month=2019-07">' in html
