"""The world maps of the pathfinder overview, the partner directory and the events list."""

import gzip
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

from countries.maps import count_buckets
from partners.models import Partner
from pathfinders.models import PathfinderCountry
from tests.factories import EventFactory, PartnerFactory, ThemeFactory, _in_days

from .helpers import map_weight, world_map

# A page may grow by at most this much (compressed) because of a map: markup plus stylesheet.
MAP_BUDGET = 30 * 1024


@pytest.mark.django_db
def test_pathfinder_overview_draws_the_15_countries_by_stage_each_linking_to_its_hub(
    client, demo_content
):
    response = client.get("/pathfinders/")
    areas, rows = world_map(response, "pathfinders")
    countries = list(PathfinderCountry.objects.published())
    assert len(countries) == 15
    assert len(areas) == 15, "every pathfinder country is drawn, without JavaScript"
    by_href = {area["href"]: area for area in areas}
    for country in countries:
        area = by_href[country.get_absolute_url()]
        assert area["css"] == f"map-s{country.stage_number}"
        assert unescape(area["label"]) == (
            f"{country.name}: {country.stage_number}. {country.get_stage_display()}"
        )
        assert area["shape"] or area["marker"]
    # The table twin holds the same stages.
    twin = {row["href"]: unescape(row["figure"]) for row in rows}
    assert twin == {
        c.get_absolute_url(): f"{c.stage_number}. {c.get_stage_display()}" for c in countries
    }


@pytest.mark.django_db
def test_partner_map_figures_equal_the_country_facet_and_the_partners_really_there(
    client, demo_content
):
    response = client.get("/partners/?theme=child-labour")
    facet = next(f for f in response.context["facets"] if f.name == "country")
    expected = {o.value: o.count for o in facet.options if o.count}
    areas, rows = world_map(response, "partners")
    shown = {row["href"].rsplit("country=", 1)[1]: int(row["figure"]) for row in rows}
    assert shown == expected
    assert len(shown) > 3
    # The figures are the partners on that theme headquartered or working in the country.
    working_on_it = Partner.objects.published().with_themes(["child-labour"])
    for code, count in shown.items():
        assert working_on_it.in_country(code).count() == count, code
    for area in areas:  # every drawn country links to the directory with both filters
        href = unescape(area["href"])
        assert href.startswith("/partners/?") and "theme=child-labour" in href
        assert href.endswith("country=" + href.rsplit("country=", 1)[1])


@pytest.mark.django_db
def test_partner_map_link_replaces_the_country_filter_and_drops_the_page(client, db):
    PartnerFactory(headquarters_country="NP", countries=["IN"])
    response = client.get("/partners/?country=np&page=1")
    _areas, rows = world_map(response, "partners")
    hrefs = sorted(unescape(row["href"]) for row in rows)
    assert hrefs == ["/partners/?country=IN", "/partners/?country=NP"]


@pytest.mark.django_db
def test_small_countries_get_a_marker_and_large_ones_none(client, db):
    PartnerFactory(headquarters_country="LU")  # a shape too small to see
    PartnerFactory(headquarters_country="SG")  # no shape at 1:110m: a marker only
    PartnerFactory(headquarters_country="BR")
    areas, _rows = world_map(client.get("/partners/"), "partners")
    drawn = {area["href"].rsplit("=", 1)[1]: area for area in areas}
    assert drawn["LU"]["shape"] and drawn["LU"]["marker"]
    assert not drawn["SG"]["shape"] and drawn["SG"]["marker"]
    assert drawn["BR"]["shape"] and not drawn["BR"]["marker"]


@pytest.mark.django_db
def test_event_map_counts_the_events_of_the_view_and_keeps_it(client, db):
    theme = ThemeFactory(slug="forced-labour", name="Forced labour")
    EventFactory(country="CI", tags=[theme])
    EventFactory(country="CI")
    EventFactory(country="NP", tags=[theme])
    EventFactory(country="CH", start=_in_days(-400))  # past: not in the upcoming view
    response = client.get("/events/")
    _areas, rows = world_map(response, "events")
    assert {row["name"]: row["figure"] for row in rows} == {"Côte d&#x27;Ivoire": "2", "Nepal": "1"}
    response = client.get("/events/?tag=forced-labour&when=past")
    assert "map-events-title" not in response.content.decode()  # nothing to map: no map
    _areas, rows = world_map(client.get("/events/?when=past"), "events")
    assert [row["name"] for row in rows] == ["Switzerland"]
    response = client.get("/events/?tag=forced-labour")
    _areas, rows = world_map(response, "events")
    assert {row["name"] for row in rows} == {"Côte d&#x27;Ivoire", "Nepal"}
    assert all("tag=forced-labour" in unescape(row["href"]) for row in rows)


def test_count_buckets_cover_every_count_in_at_most_five_round_ranges():
    assert count_buckets(0) == []
    assert count_buckets(1) == [(1, 1)]
    assert count_buckets(4) == [(1, 1), (2, 4)]
    for highest in (3, 12, 57, 100, 999, 100_000):
        ranges = count_buckets(highest)
        assert len(ranges) <= 5
        assert ranges[0][0] == 1 and ranges[-1][1] == highest
        for (_low, high), (next_low, _high) in zip(ranges, ranges[1:], strict=False):
            assert next_low == high + 1


@pytest.mark.django_db
def test_a_map_adds_at_most_30_kb_compressed_to_a_page(client, db):
    for n, code in enumerate(["FR", "NP", "BR", "US", "CN", "RU", "IN", "ZA", "AU", "CA"]):
        PartnerFactory(headquarters_country=code, countries=["CI", "GH", "KE", "LU"][: n % 4])
    response = client.get("/partners/")
    raw, compressed = map_weight(response)
    css = Path(settings.BASE_DIR, "countries/static/countries/maps.css").read_bytes()
    assert compressed + len(gzip.compress(css)) <= MAP_BUDGET
    assert raw > compressed  # measured on the real markup, not an empty figure


@pytest.mark.django_db
def test_the_map_speaks_french_and_spanish(client, demo_content):
    french = client.get("/fr/pathfinders/").content.decode()
    assert "Pays pionniers par étape" in french
    assert "Les mêmes chiffres sous forme de tableau" in french
    spanish = client.get("/es/partners/").content.decode()
    assert "Dónde están estos socios" in spanish
    assert 'href="/es/partners/?country=' in spanish


@pytest.mark.django_db
def test_the_month_grid_has_no_map_of_other_months(client, db):
    EventFactory(country="CI")
    assert "map-events-title" in client.get("/events/").content.decode()
    month = client.get("/events/?view=month&month=2019-05").content.decode()
    assert "map-events-title" not in month


def test_even_a_map_of_every_country_stays_within_30_kb_compressed():
    from django.template.loader import render_to_string
    from django_countries import countries

    from countries.maps import count_map

    counts = {code: 10_000 + n for n, (code, _name) in enumerate(countries)}
    world_map = count_map(
        "all",
        "Every country",
        "Partners",
        counts,
        url_for=lambda code: f"/partners/?type=business&theme=child-labour&country={code}",
        describe=lambda n: f"{n} partners",
    )
    assert len(world_map.areas) == len(counts) > 240
    html = render_to_string("countries/includes/world_map.html", {"map": world_map}).encode()
    css = Path(settings.BASE_DIR, "countries/static/countries/maps.css").read_bytes()
    assert len(gzip.compress(html)) + len(gzip.compress(css)) <= MAP_BUDGET


def _sample_map(url="/partners/?country={code}", figures=None):
    from countries.maps import count_map

    counts = figures or {"NP": 3, "FR": 12, "BR": 1}
    return count_map(
        "sample",
        "Partners by country",
        "Partners",
        counts,
        url_for=lambda code: url.format(code=code),
        describe=lambda n: f"{n} partners",
    )


@pytest.mark.django_db
def test_a_map_is_rendered_once_per_distinct_map_and_language(settings):
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils import translation

    from countries.maps import MAP_TEMPLATE, rendered_map

    settings.FACET_COUNT_CACHE_SECONDS = 600
    cache.clear()
    fresh = render_to_string(MAP_TEMPLATE, {"map": _sample_map()})
    assert rendered_map(_sample_map()) == fresh
    before = len(cache._cache)
    assert rendered_map(_sample_map()) == fresh  # the same map again: read, not stored again
    assert len(cache._cache) == before
    # Another figure, another link or another language is another rendering.
    other = rendered_map(_sample_map(figures={"NP": 4, "FR": 12, "BR": 1}))
    assert "NP" in other and other != fresh and "Nepal: 4 partners" in other
    linked = rendered_map(_sample_map(url="/partners/?type=business&country={code}"))
    assert "type=business&amp;country=NP" in linked
    with translation.override("fr"):
        french = rendered_map(_sample_map())
        assert french == render_to_string(MAP_TEMPLATE, {"map": _sample_map()})
    assert french != fresh


@pytest.mark.django_db
def test_the_directory_map_follows_the_filters_with_the_cache_on(client, settings):
    from tests.factories import PartnerFactory

    settings.FACET_COUNT_CACHE_SECONDS = 600
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    PartnerFactory(headquarters_country="NP", organisation_type="business")
    PartnerFactory(headquarters_country="NP", organisation_type="academia")
    everyone = client.get("/partners/").content.decode()
    business = client.get("/partners/", {"type": "business"}).content.decode()
    assert "Nepal: 2 partners" in everyone
    assert "Nepal: 1 partner" in business and "Nepal: 2 partners" not in business
    PartnerFactory(headquarters_country="NP", organisation_type="business")
    assert "Nepal: 2 partners" in client.get("/partners/", {"type": "business"}).content.decode()
