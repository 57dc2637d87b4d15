"""`make bench`: every page against a bare Django view, with a compiled load generator.

In one run, on 127.0.0.1 only:
- gunicorn with the portal's `prod` settings twice (page cache off, and on) and a bare Django
  project (bench/bare: `HttpResponse("ok")`, startproject's middleware) with the same gunicorn
  settings, 2 workers each;
- load from wrk (Debian's package: installed with apt-get when missing, else the run stops
  and says so), 4 connections for req/s, one connection for p50/p95/p99;
- rounds interleaved: in each round, each page right after the bare view, so a page's req/s is
  divided by the bare view's of the same moment (the machine's load drifts between rounds);
- page weight raw and gzip-compressed, peak memory (VmHWM) per worker;
- the directory, a search and the events list at several scales (page cache off, one client)
  with the fitted growth exponent: p50 ∝ partners^b.
Results: bench/results/latest.md (and .json) for the default scales, else anchor-<scales>.md.
"""

import argparse
import gzip
import json
import math
import os
import shutil
import statistics
import subprocess
import urllib.request
from datetime import UTC, datetime

from run import RESULTS, ROOT, Server, manage, pages

BARE = ROOT / "bench" / "bare"
LUA = ROOT / "bench" / "wrk_report.lua"
SCALED_PAGES = ("partners", "partners search", "events")
DEFAULT_SCALES = (1_000, 10_000)


# -- the load generator --------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: apt-get install -y --no-install-recommends wrk", flush=True)
    installed = subprocess.run(
        ["/usr/bin/apt-get", "install", "-y", "--no-install-recommends", "wrk"], check=False
    )
    if installed.returncode != 0 or not shutil.which("wrk"):
        raise SystemExit(
            "The benchmark needs wrk (Debian package `wrk`) and could not install it: "
            "run `sudo apt-get install -y --no-install-recommends wrk`, then `make bench`."
        )
    return shutil.which("wrk")


def wrk(base, path, connections, seconds):
    """wrk's req/s and latency percentiles (ms) for one URL, asking for gzip as browsers do."""
    command = [
        ensure_wrk(),
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        "-H",
        "Accept-Encoding: gzip",
        base + path,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    raw = json.loads(output.strip().splitlines()[-1])
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "errors": raw["socket_errors"] + raw["non_2xx"],
    }


# -- page weight ---------------------------------------------------------------------------


def fetch(base, path, encoding):
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
        return response.read(), response.headers.get("X-Cache", "")


def weight(uncached_base, cached_base, path):
    """The body without gzip, that body gzip-compressed, and whether the page cache serves it."""
    body, _state = fetch(uncached_base, path, "identity")
    # Entries may have expired during the rounds, on each worker: a hit in 4 answers will do.
    states = {fetch(cached_base, path, "gzip")[1] for _ in range(4)}
    return {
        "raw_kb": round(len(body) / 1024, 1),
        "gzip_kb": round(len(gzip.compress(body)) / 1024, 1),
        "cache_hit": "hit" in states,
    }


# -- the servers ---------------------------------------------------------------------------


def bare_server(env):
    bare_env = dict(
        env,
        DJANGO_SETTINGS_MODULE="bare_settings",
        PYTHONPATH=str(BARE),
    )
    return Server(bare_env, 0, app="bare_wsgi")


def warm(server, urls):
    for path in urls.values():
        for _ in range(4):  # both workers, and the cache filled
            urllib.request.urlopen(server.base + path, timeout=120).read()  # noqa: S310


# -- one dataset: every page against the bare view -------------------------------------------


def ratio(measured, anchor, row):
    row["load_errors"] = row.get("load_errors", 0) + measured["errors"]
    return measured["rps"] / anchor


def one_round(servers, urls, seconds, rows):
    bare, uncached, cached = servers
    for name, path in urls.items():
        anchor = wrk(bare.base, "/", 4, seconds)["rps"] or 1
        row = rows.setdefault(name, {"path": path, "uncached": [], "cached": [], "one": []})
        row["uncached"].append(ratio(wrk(uncached.base, path, 4, seconds), anchor, row))
        anchor = wrk(bare.base, "/", 4, seconds)["rps"] or 1
        row["cached"].append(ratio(wrk(cached.base, path, 4, seconds), anchor, row))
        row["one"].append(wrk(uncached.base, path, 1, seconds))
        row.setdefault("bare_rps", []).append(anchor)


def summary_of(row):
    one = row["one"]
    return {
        "path": row["path"],
        "ratio_uncached": round(statistics.median(row["uncached"]), 4),
        "ratio_cached": round(statistics.median(row["cached"]), 4),
        "bare_rps": round(statistics.median(row["bare_rps"]), 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in one), 1),
        "p95_ms": round(statistics.median(r["p95_ms"] for r in one), 1),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in one), 1),
        "errors": sum(r["errors"] for r in one) + row.get("load_errors", 0),
    }


def run_pages(env, rounds, seconds):
    urls = {"ping": "/ping/", **{k: v for k, v in pages(env).items() if k != "minimal view"}}
    servers = (bare_server(env), Server(env, 0), Server(env, 300))
    rows = {}
    try:
        warm(servers[1], urls)
        warm(servers[2], urls)
        for number in range(rounds):
            one_round(servers, urls, seconds, rows)
            print(f"  round {number + 1}/{rounds} done", flush=True)
        weights = {
            name: weight(servers[1].base, servers[2].base, path) for name, path in urls.items()
        }
    finally:
        memory = [server.stop() for server in servers]
    result = {name: {**summary_of(row), **weights[name]} for name, row in rows.items()}
    return result, dict(zip(("bare", "uncached", "cached"), memory, strict=True))


# -- scaling ---------------------------------------------------------------------------------


def scale_env(env, partners):
    """One database per scale, kept between runs: 100 000 partners take minutes to generate."""
    if env["DATABASE_URL"].startswith("sqlite"):
        return dict(env, DATABASE_URL=f"sqlite:///{RESULTS / f'bench-{partners}.sqlite3'}")
    url = f"{env['DATABASE_URL'].rstrip('/')}_{partners}"
    ensure_postgres_database(url)
    return dict(env, DATABASE_URL=url)


def ensure_postgres_database(url):
    """Create the scale's database when missing (on the server of BENCH_POSTGRES_URL)."""
    import psycopg2
    from psycopg2 import sql

    server, _, name = url.rpartition("/")
    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def measure_scale(env, partners, seconds):
    scaled = scale_env(env, partners)
    manage(scaled, "migrate", "--noinput", "-v0")
    events = max(200, partners // 5)
    manage(scaled, "generate_bench_data", f"--partners={partners}", f"--events={events}")
    urls = {name: path for name, path in pages(scaled).items() if name in SCALED_PAGES}
    warm_counts = measure_one_client(scaled, urls, seconds)
    # Every request counts afresh: the cost of a filter combination no one asked for before.
    cold = measure_one_client(dict(scaled, FACET_COUNT_CACHE_SECONDS="0"), urls, seconds)
    return {name: {**warm_counts[name], "cold": cold[name]} for name in urls}


def measure_one_client(env, urls, seconds):
    server = Server(env, 0)
    try:
        warm(server, urls)
        return {name: wrk(server.base, path, 1, seconds) for name, path in urls.items()}
    finally:
        server.stop()


def growth(scales, by_scale, name, cold=False):
    """The exponent b of p50 ∝ partners^b, least squares on the logarithms."""
    figures = {n: by_scale[n][name]["cold"] if cold else by_scale[n][name] for n in scales}
    points = [(math.log(n), math.log(figures[n]["p50_ms"])) for n in scales]
    if len(points) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return round(sum((x - mean_x) * (y - mean_y) for x, y in points) / spread, 2)


def run_scaling(env, scales, seconds):
    by_scale = {n: measure_scale(env, n, seconds) for n in scales}
    fits = {
        name: (growth(scales, by_scale, name), growth(scales, by_scale, name, cold=True))
        for name in SCALED_PAGES
    }
    return by_scale, fits


# -- the report ------------------------------------------------------------------------------


def percent(value):
    return f"{100 * value:.0f} %"


def pages_table(rows):
    lines = [
        "| page | req/s ÷ bare, uncached | req/s ÷ bare, cached | p50 ms | p95 ms | p99 ms "
        "| KB | KB gzip | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in rows.items():
        cached = percent(row["ratio_cached"]) if row["cache_hit"] else "not cached"
        lines.append(
            f"| {name} | {percent(row['ratio_uncached'])} | {cached} "
            f"| {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['raw_kb']} "
            f"| {row['gzip_kb']} | {row['errors']} |"
        )
    return lines


def targets(rows, memory):
    cached = [r["ratio_cached"] for name, r in rows.items() if name != "ping" and r["cache_hit"]]
    worst_p95 = max(rows.items(), key=lambda item: item[1]["p95_ms"])
    heaviest = max(rows.items(), key=lambda item: item[1]["gzip_kb"])
    peak = max(mb for mbs in memory.values() for mb in mbs) if memory else 0
    return [
        f"- Cached pages: lowest {percent(min(cached))} of the bare view (target ≥ 50 %).",
        f"- `/ping/`: {percent(rows['ping']['ratio_uncached'])} of the bare view (target ≥ 80 %).",
        f"- Highest p95, page cache off: {worst_p95[0]} {worst_p95[1]['p95_ms']:.0f} ms "
        "(target < 150 ms at 100 000 partners).",
        f"- Heaviest page: {heaviest[0]} {heaviest[1]['gzip_kb']} KB gzipped (target ≤ 150 KB).",
        f"- Peak memory per worker: {peak} MB (target ≤ 120 MB).",
    ]


def scaling_table(scales, by_scale, fits):
    header = " | ".join(f"{n} p50 / p95 ms" for n in scales)
    lines = [
        f"| page, facet counts | {header} | growth b (p50 ∝ n^b) |",
        "| --- | " + " | ".join("---:" for _ in scales) + " | ---: |",
    ]
    for name in SCALED_PAGES:
        for index, (label, pick) in enumerate(SCALING_ROWS):
            cells = " | ".join(pick(by_scale[n][name]) for n in scales)
            lines.append(f"| {name}, {label} | {cells} | {fits[name][index]} |")
    return lines


def _latencies(figures):
    return f"{figures['p50_ms']} / {figures['p95_ms']}"


SCALING_ROWS = (
    ("cached (warm)", _latencies),
    ("counted afresh", lambda figures: _latencies(figures["cold"])),
)


def report(results):
    lines = [f"# Benchmark against a bare Django view ({results['started'][:16]} UTC)", ""]
    if results.get("load"):
        # Other work on the machine slows the portal and the bare view alike, not equally.
        start, end = results["load"]["start"], results["load"].get("end", "?")
        lines += [
            f"Machine load (1/5/15-min averages, {os.cpu_count()} CPUs): {start} at the start, "
            f"{end} at the end.",
            "",
        ]
    for db, run in results["databases"].items():
        rows, memory = run["pages"], run["memory"]
        lines += [
            f"## {db}, {run['partners']} partners: every page against the bare view",
            "",
            f"wrk, 4 connections for req/s, 1 for latencies (page cache off, facet counts "
            "cached by the warm-up); "
            f"{results['args']['rounds']} interleaved rounds of {results['args']['seconds']} s; "
            f"bare view: {rows['ping']['bare_rps']} req/s.",
            "",
            *pages_table(rows),
            "",
            f"Peak memory per worker (MB): {memory}",
            "",
            *targets(rows, memory),
            "",
            f"## {db}: scaling (page cache off, one client)",
            "",
            *scaling_table(run["scales"], run["by_scale"], run["fits"]),
            "",
        ]
    return "\n".join(lines)


# -- main --------------------------------------------------------------------------------------


def arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1000,10000", help="partners, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3, help="per wrk measurement")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument(
        "--postgres-only",
        action="store_true",
        help="skip SQLite (with BENCH_POSTGRES_URL; 100 000 partners take long to generate)",
    )
    return parser.parse_args()


def databases(args):
    found = {} if args.postgres_only else {"sqlite": f"sqlite:///{RESULTS / 'bench.sqlite3'}"}
    if os.environ.get("BENCH_POSTGRES_URL") and not args.sqlite_only:
        found["postgresql"] = os.environ["BENCH_POSTGRES_URL"]
    return found


def run_database(env, scales, args):
    by_scale, fits = run_scaling(env, scales, args.seconds)
    partners = scales[-1]
    rows, memory = run_pages(scale_env(env, partners), args.rounds, args.seconds)
    return {
        "partners": partners,
        "pages": rows,
        "memory": memory,
        "scales": scales,
        "by_scale": by_scale,
        "fits": fits,
    }


def main():
    from run import base_environment

    args = arguments()
    ensure_wrk()
    scales = [int(n) for n in args.scales.split(",")]
    results = {"started": datetime.now(UTC).isoformat(), "args": vars(args), "databases": {}}
    results["load"] = {"start": [round(n, 1) for n in os.getloadavg()]}
    RESULTS.mkdir(exist_ok=True)
    for db, url in databases(args).items():
        env = dict(base_environment(), DATABASE_URL=url)
        print(f"== {db}", flush=True)
        manage(env, "collectstatic", "--noinput", "-v0")
        results["databases"][db] = run_database(env, scales, args)
    results["load"]["end"] = [round(n, 1) for n in os.getloadavg()]
    # latest: the default quick run, or a run up to 100 000 partners (the targets)
    name = (
        "latest"
        if tuple(scales) == DEFAULT_SCALES or max(scales) >= 100_000
        else f"anchor-{'-'.join(map(str, scales))}"
    )
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1))
    (RESULTS / f"{name}.md").write_text(report(results) + "\n")
    print(report(results))


if __name__ == "__main__":
    main()
