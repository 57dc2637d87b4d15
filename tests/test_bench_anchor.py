"""The benchmark's arithmetic: the growth fit and the targets it reports (no timing here)."""

import sys
from pathlib import Path

import pytest
from django.conf import settings

sys.path.insert(0, str(Path(settings.BASE_DIR) / "bench"))
anchor = pytest.importorskip("anchor")


def by_scale(p50s):
    return {
        n: {name: {"p50_ms": ms, "cold": {"p50_ms": 2 * ms}} for name in anchor.SCALED_PAGES}
        for n, ms in p50s.items()
    }


@pytest.mark.parametrize(
    ("p50s", "exponent"),
    [
        ({1_000: 50.0, 10_000: 50.0}, 0.0),  # flat: cost does not grow with the directory
        ({1_000: 10.0, 10_000: 100.0}, 1.0),  # linear
        ({1_000: 10.0, 10_000: 20.0, 100_000: 40.0}, 0.3),  # doubles per tenfold
    ],
)
def test_growth_is_the_exponent_of_a_power_law(p50s, exponent):
    scales = list(p50s)
    assert anchor.growth(scales, by_scale(p50s), "partners") == exponent
    assert anchor.growth(scales, by_scale(p50s), "partners", cold=True) == exponent


def test_one_scale_fits_no_growth():
    assert anchor.growth([1_000], by_scale({1_000: 5.0}), "events") is None


def row(**values):
    base = {
        "ratio_uncached": 0.1,
        "ratio_cached": 0.6,
        "p50_ms": 10,
        "p95_ms": 20,
        "p99_ms": 30,
        "raw_kb": 50,
        "gzip_kb": 9,
        "cache_hit": True,
        "errors": 0,
    }
    return {**base, **values}


def test_targets_ignore_pages_the_cache_does_not_serve():
    rows = {
        "ping": row(ratio_uncached=0.85, ratio_cached=0.1),
        "home": row(ratio_cached=0.7),
        "search": row(ratio_cached=0.01, cache_hit=False, p95_ms=400, gzip_kb=3),
    }
    lines = anchor.targets(rows, {"uncached": [90.5, 80.0]})
    assert "Cached pages: lowest 70 % of the bare view" in lines[0]
    assert "`/ping/`: 85 %" in lines[1]
    assert "search 400 ms" in lines[2]
    assert "Peak memory per worker: 90.5 MB" in lines[4]
    table = "\n".join(anchor.pages_table(rows))
    assert "| search | 10 % | not cached |" in table


def test_the_report_has_every_page_and_both_growth_fits():
    scales = [1_000, 10_000]
    figures = {"p50_ms": 5, "p95_ms": 7, "cold": {"p50_ms": 50, "p95_ms": 70}}
    results = {
        "started": "2026-12-01T16:00:00",
        "args": {"rounds": 3, "seconds": 2},
        "databases": {
            "sqlite": {
                "partners": 10_000,
                "pages": {"ping": row(ratio_uncached=0.9, bare_rps=1500.0), "home": row()},
                "memory": {"bare": [40.0], "uncached": [95.0]},
                "scales": scales,
                "by_scale": {n: dict.fromkeys(anchor.SCALED_PAGES, figures) for n in scales},
                "fits": dict.fromkeys(anchor.SCALED_PAGES, (0.0, 0.0)),
            }
        },
    }
    text = anchor.report(results)
    assert "| home | 10 % | 60 % |" in text
    assert "| partners search, counted afresh | 50 / 70 | 50 / 70 | 0.0 |" in text
    assert "| events, cached (warm) | 5 / 7 | 5 / 7 | 0.0 |" in text
