"""Render times of the overview and a hub at 150 countries (not collected by default).

Run: .venv/bin/python -m pytest -q -s -p no:cacheprovider tests/pathfinders/bench_pages.py
"""

import time

import pytest
from django.template.base import Template
from django.test.utils import _TestState

from tests.factories import EventFactory, PartnerFactory
from tests.pathfinders.factories import build_countries

pytestmark = pytest.mark.django_db


def test_render_times(client):
    countries = build_countries(150, priorities=12, steps=6)
    hub = countries[0]
    for _ in range(30):
        PartnerFactory(countries=[hub.country.code])
        EventFactory(country=hub.country.code, pathfinder_countries=[hub])
    # Time the real template engine, not the test suite's instrumented one.
    instrumented = Template._render
    Template._render = _TestState.saved_data.template_render
    try:
        for url in ["/pathfinders/", "/fr/pathfinders/?region=africa", hub.get_absolute_url()]:
            client.get(url)
            start = time.perf_counter()
            for _ in range(10):
                assert client.get(url).status_code == 200
            print(f"{url}: {(time.perf_counter() - start) * 100:.0f} ms")
    finally:
        Template._render = instrumented
