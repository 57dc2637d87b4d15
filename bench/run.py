"""The portal's benchmark: production server, synthetic data, a separate load process.

For each database (SQLite always; PostgreSQL when BENCH_POSTGRES_URL is set) and each dataset
(the demo content, and the synthetic 100 000-partner portal), it starts gunicorn with the `prod`
settings and 2 workers on 127.0.0.1, drives it from a second process (bench/client.py), and
reports p50/p95 latency, requests per second and queries per request for every page, next to a
minimal Django view served by the same server in the same run, plus peak memory per worker.
Results go to bench/results/. Only loopback addresses are ever contacted.
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False):
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def wait_until_up(base, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("The server did not come up.")


def worker_peak_memory_mb(master_pid):
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(round(int(line.split()[1]) / 1024, 1))
    return peaks


class Server:
    def __init__(self, env, cache_seconds, app="alliance87.wsgi"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        server_env = dict(env, PORT=str(self.port), PUBLIC_PAGE_CACHE_SECONDS=str(cache_seconds))
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                app,
                "-c",
                "alliance87/gunicorn_conf.py",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=server_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.base)

    def stop(self):
        memory = worker_peak_memory_mb(self.process.pid)
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        return memory


def drive(base, path, concurrency, duration, max_requests):
    result = subprocess.run(
        [
            PY,
            str(ROOT / "bench" / "client.py"),
            base,
            path,
            str(concurrency),
            str(duration),
            str(max_requests),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def pages(env):
    """Concrete URLs for this dataset (a real partner, a real country hub, the busiest month)."""
    code = (
        "import json; from partners.models import Partner; "
        "from pathfinders.models import PathfinderCountry; from events.models import Event; "
        "p = Partner.objects.order_by('pk').first(); "
        "c = PathfinderCountry.objects.filter(slug='nepal').first() "
        "or PathfinderCountry.objects.first(); "
        "from actiongroups.models import ActionGroup; from django.db.models import Count; "
        "e = Event.objects.order_by('-start').first(); "
        "g = ActionGroup.objects.published().annotate(n=Count('memberships'))"
        ".order_by('-n', 'pk').first(); "
        "print(json.dumps([p.slug, c.slug, e.start.strftime('%Y-%m'), g.slug]))"
    )
    out = manage(env, "shell", "-c", code, capture=True).stdout.strip().splitlines()[-1]
    partner, country, month, group = json.loads(out)
    return {
        "minimal view": "/ping/",
        "home": "/",
        "partners": "/partners/",
        "partners filtered": "/partners/?type=international_organisation&theme=child-labour",
        "partners search": "/partners/?q=labour",
        "partner page": f"/partners/{partner}/",
        "pathfinders": "/pathfinders/",
        "country hub": f"/pathfinders/{country}/",
        "action groups": "/action-groups/",
        "group page (largest)": f"/action-groups/{group}/",
        "events": "/events/",
        "month grid": f"/events/?view=month&month={month}",
        "calendar.ics": "/events/calendar.ics",
        "api partners": "/api/v1/partners/",
        "api partners filtered": (
            "/api/v1/partners/?type=international_organisation&theme=child-labour&facets=true"
        ),
        "api pathfinders": "/api/v1/pathfinders/",
        "api action groups": "/api/v1/action-groups/",
        "api events": "/api/v1/events/?when=upcoming",
        "api countries": "/api/v1/countries/",
        "search": "/search/?q=forced+labour",
    }


WORST_SETUP = """
import json
from django.db.models import Count
from actiongroups.models import ActionGroup
from alliance87.sitemaps import PAGE_SIZE
from django.conf import settings
from events.models import Event
from partners.enums import OrganisationType
from partners.models import Partner, PartnerCountry
from common.models import Theme
from common.regions import all_regions
group = (ActionGroup.objects.published().annotate(n=Count("memberships"))
         .order_by("-n").values_list("slug", flat=True).first())
codes = list(PartnerCountry.objects.values("country").annotate(n=Count("pk"))
             .order_by("-n").values_list("country", flat=True)[:190])
themes = list(Theme.objects.values_list("slug", flat=True))
entries = Partner.objects.published().count() * len(settings.LANGUAGES)
print(json.dumps({
    "group": group, "codes": codes, "themes": themes,
    "types": [value for value, _ in OrganisationType.choices],
    "regions": [region.slug for region in all_regions()],
    "last_sitemap_page": max(1, -(-entries // PAGE_SIZE)),
    "event_year": Event.objects.order_by("-start").values_list("start__year", flat=True).first(),
}))
"""


def worst_pages(env):
    """The costliest anonymous requests at this scale (issue 12): whole exports, the sitemap,
    the largest facet combination, a search with 190 facet values, the largest group page and
    a calendar feed for a filter combination no one asked for before."""
    out = manage(env, "shell", "-c", WORST_SETUP, capture=True).stdout.strip().splitlines()[-1]
    facts = json.loads(out)
    every = "&".join(
        [f"type={t}" for t in facts["types"]]
        + [f"region={r}" for r in facts["regions"]]
        + [f"theme={t}" for t in facts["themes"]]
    )
    countries = "&".join(f"country={code}" for code in facts["codes"])
    pages = {
        "export.csv, everything": "/partners/export.csv",
        "export.json, everything": "/partners/export.json",
        "sitemap index": "/sitemap.xml",
        "sitemap, last partner page": f"/sitemap-partners.xml?p={facts['last_sitemap_page']}",
        "partners, every type, region and theme": f"/partners/?{every}",
        f"search + {len(facts['codes'])} countries": f"/partners/?q=labour&{countries}",
        "calendar.ics, a new filter key": "/events/calendar.ics?"
        + "&".join(f"tag={t}" for t in facts["themes"][:3]),
    }
    if facts["group"]:
        pages["largest action group page"] = f"/action-groups/{facts['group']}/"
    return pages


def fetch_once(base, path, timeout=120):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            size = len(response.read())
            status = response.status
    except urllib.error.HTTPError as error:
        size, status = len(error.read()), error.code
    except OSError as error:  # a worker killed at its timeout cuts the download
        size, status = 0, f"cut ({type(error).__name__})"
    return status, size, round(time.perf_counter() - started, 2)


def worker_memory_mb(master_pid, field):
    values = {}
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                values[pid] = int(line.split()[1]) / 1024
    return values


def run_worst(env):
    """Each request on a fresh server with the page cache off: its own time to the last byte,
    size, and how far it raised a worker's peak memory above what warm-up had reached."""
    rows = {}
    for name, path in worst_pages(env).items():
        server = Server(env, 0)
        try:
            for _ in range(4):  # both workers import everything and open their connection
                fetch_once(server.base, "/partners/")
            before = worker_memory_mb(server.process.pid, "VmHWM")
            status, size, seconds = fetch_once(server.base, path)
            after = worker_memory_mb(server.process.pid, "VmHWM")
        finally:
            server.stop()
        extra = max((after.get(pid, 0) - peak for pid, peak in before.items()), default=0)
        rows[name] = {
            "path": path if len(path) < 120 else path[:117] + "...",
            "status": status,
            "seconds": seconds,
            "kb": round(size / 1024),
            "extra_peak_mb": round(extra, 1),
        }
        print(f"  worst: {name}: {status} {seconds} s", flush=True)
    return rows


def summarise_worst(results):
    lines = []
    for db, rows in results.get("worst", {}).items():
        lines += [
            f"### {db}, worst anonymous requests (fresh server, page cache off)",
            "",
            "| request | status | seconds | KB | extra peak MB |",
            "| --- | --- | ---: | ---: | ---: |",
        ]
        for name, row in rows.items():
            lines.append(
                f"| {name} | {row['status']} | {row['seconds']} | {row['kb']} | "
                f"{row['extra_peak_mb']} |"
            )
        lines.append("")
    return "\n".join(lines)


def query_counts(env, urls):
    code = (
        "import json, sys; from django.test import Client; from django.db import connection; "
        "from django.test.utils import CaptureQueriesContext; c = Client(); out = {}\n"
        f"for name, url in {urls!r}.items():\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        r = c.get(url, HTTP_HOST='127.0.0.1')\n"
        "        b''.join(r.streaming_content) if r.streaming else r.content\n"
        "    out[name] = [r.status_code, len(ctx.captured_queries)]\n"
        "print(json.dumps(out))"
    )
    out = manage(env, "shell", "-c", code, capture=True).stdout.strip().splitlines()[-1]
    return json.loads(out)


def run_dataset(label, env, duration, requests):
    urls = pages(env)
    counts = query_counts(dict(env, PUBLIC_PAGE_CACHE_SECONDS="0"), urls)
    rows = {
        name: {"path": url, "status": counts[name][0], "queries": counts[name][1]}
        for name, url in urls.items()
    }
    for cache_seconds, mode in ((0, "uncached"), (300, "cached")):
        server = Server(env, cache_seconds)
        try:
            for name, url in urls.items():
                drive(server.base, url, 1, 1, 5)  # warm-up: imports, caches, connections
                if mode == "uncached":
                    rows[name]["one_client"] = drive(server.base, url, 1, duration, requests)
                rows[name][f"{mode}_4_clients"] = drive(server.base, url, 4, duration, requests)
        finally:
            rows.setdefault("_memory", {})[mode] = server.stop()
        print(f"  {label}: {mode} done", flush=True)
    return rows


def summarise(results):
    lines = []
    for db, datasets in results["databases"].items():
        for label, rows in datasets.items():
            memory = rows.pop("_memory", {})
            minimal = rows["minimal view"]
            base_rps = minimal["uncached_4_clients"]["rps"] or 1
            lines += [
                f"### {db}, {label}",
                "",
                "| page | queries | p50 ms (1 client) | p95 ms (1 client) | req/s uncached (4) "
                "| % of minimal | req/s cached (4) | % of minimal |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            for name, row in rows.items():
                one, unc, cac = (
                    row["one_client"],
                    row["uncached_4_clients"],
                    row["cached_4_clients"],
                )
                lines.append(
                    f"| {name} | {row['queries']} | {one['p50_ms']} | {one['p95_ms']} | "
                    f"{unc['rps']} | {100 * unc['rps'] / base_rps:.1f} | {cac['rps']} | "
                    f"{100 * cac['rps'] / base_rps:.1f} |"
                )
            lines += ["", f"Peak memory per worker (MB): {memory}", ""]
    return "\n".join(lines)


def base_environment():
    """The `prod` settings on loopback, without TLS, for a server only this run talks to."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="alliance87.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        LOG_LEVEL="WARNING",
        # The benchmark measures the server, not the API's per-address fair-use limit.
        API_RATE_LIMIT="100000000/minute",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--partners", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--requests", type=int, default=2000, help="cap per measurement")
    parser.add_argument("--seed", type=int, default=87)
    parser.add_argument(
        "--worst-only",
        action="store_true",
        help="only the worst anonymous requests (skip the per-page load measurements)",
    )
    args = parser.parse_args()

    databases = {"sqlite": f"sqlite:///{ROOT / 'bench' / 'results' / 'bench.sqlite3'}"}
    if os.environ.get("BENCH_POSTGRES_URL"):
        databases["postgresql"] = os.environ["BENCH_POSTGRES_URL"]
    base_env = base_environment()
    results = {"started": datetime.now(UTC).isoformat(), "args": vars(args), "databases": {}}
    for db, url in databases.items():
        env = dict(base_env, DATABASE_URL=url)
        demo_url = url.replace("bench.sqlite3", "bench-demo.sqlite3") if db == "sqlite" else None
        results["databases"][db] = {}
        print(f"== {db}", flush=True)
        manage(env, "collectstatic", "--noinput", "-v0")
        if demo_url and not args.worst_only:
            demo_env = dict(env, DATABASE_URL=demo_url)
            manage(demo_env, "migrate", "--noinput", "-v0")
            manage(demo_env, "load_demo", "-v0")
            results["databases"][db]["demo content"] = run_dataset(
                "demo content", demo_env, args.duration, args.requests
            )
        manage(env, "migrate", "--noinput", "-v0")
        started = time.perf_counter()
        manage(
            env,
            "generate_bench_data",
            f"--partners={args.partners}",
            f"--events={args.events}",
            f"--countries={args.countries}",
            f"--seed={args.seed}",
        )
        print(f"  data ready in {time.perf_counter() - started:.0f} s", flush=True)
        if not args.worst_only:
            results["databases"][db][f"{args.partners} partners"] = run_dataset(
                "synthetic", env, args.duration, args.requests
            )
        results.setdefault("worst", {})[f"{db}, {args.partners} partners"] = run_worst(env)
    RESULTS.mkdir(exist_ok=True)
    # Only a full run replaces the committed latest.*: a quick check writes beside them.
    full = args.partners == 100_000 and not args.worst_only
    name = (
        "detail-latest"
        if full
        else f"partners-{args.partners}" + ("-worst" if args.worst_only else "")
    )
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1))
    summary = summarise(results) + "\n" + summarise_worst(results)
    (RESULTS / f"{name}.md").write_text(summary + "\n")
    print(summary)


if __name__ == "__main__":
    main()
