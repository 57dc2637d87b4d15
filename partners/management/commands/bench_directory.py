"""Median server time of the partner directory, measured in-process with the test client.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py bench_directory --runs 15

Run it against a database filled by `generate_partners`; it only reads.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from common.models import Theme
from partners.models import Partner


def scenarios(theme_slug, last_page):
    return [
        ("directory", "/partners/"),
        (f"directory, page {min(50, last_page)}", f"/partners/?page={min(50, last_page)}"),
        (
            "filtered",
            f"/partners/?type=civil_society&region=europe&theme={theme_slug}",
        ),
        ("filtered, 2 countries", "/partners/?country=NP&country=CI&type=business"),
        ("search", "/partners/?q=labour"),
        ("search + filter", f"/partners/?q=fair+recruitment&region=africa&theme={theme_slug}"),
        ("search, typo", "/partners/?q=recrutment"),
        ("export CSV (filtered)", f"/partners/export.csv?region=europe&theme={theme_slug}"),
    ]


class Command(BaseCommand):
    help = "Measure the partner directory's server time (median over N runs)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument("--only", default="", help="Run the scenarios whose name has this.")

    def handle(self, *args, runs, warmup, only, **options):
        theme = Theme.objects.filter(slug="child-labour").first() or Theme.objects.first()
        total = Partner.objects.published().count()
        self.stdout.write(
            f"{connection.vendor}, {total} published partners, {runs} runs (+{warmup} warm-up)"
        )
        self.stdout.write(f"{'scenario':<24} {'median':>9} {'p90':>9} {'queries':>8} {'bytes':>10}")
        client = Client()
        # DEBUG off so query logging does not slow the runs, the test host name allowed, and
        # no whole-page cache: every run is served from the database.
        with override_settings(
            DEBUG=False, ALLOWED_HOSTS=["testserver"], PUBLIC_PAGE_CACHE_SECONDS=0
        ):
            last_page = max(1, -(-total // settings.PAGE_SIZE))
            for name, url in scenarios(theme.slug if theme else "none", last_page):
                if only and only not in name:
                    continue
                timings = []
                for run in range(warmup + runs):
                    started = time.perf_counter()
                    response = client.get(url)
                    size = len(
                        b"".join(response.streaming_content)
                        if response.streaming
                        else response.content
                    )
                    if run >= warmup:
                        timings.append(time.perf_counter() - started)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                    if response.streaming:
                        b"".join(response.streaming_content)
                p90 = sorted(timings)[max(0, int(len(timings) * 0.9) - 1)]
                self.stdout.write(
                    f"{name:<24} {statistics.median(timings) * 1000:>7.0f}ms "
                    f"{p90 * 1000:>7.0f}ms {len(queries):>8} {size:>10}"
                    + ("" if response.status_code == 200 else f"  HTTP {response.status_code}")
                )
