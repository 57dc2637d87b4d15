"""Load client for the benchmark: runs in its own process and talks HTTP to 127.0.0.1 only.

usage: python bench/client.py BASE_URL PATH CONCURRENCY DURATION_S MAX_REQUESTS
Prints one JSON object: latencies (ms) percentiles, requests per second, status counts.
"""

import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit


def worker(host, port, path, deadline, budget, results, lock):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    while time.perf_counter() < deadline:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
            status = 0
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            results.append((elapsed, status))
    connection.close()


def main():
    base, path, concurrency, duration, max_requests = sys.argv[1:6]
    parts = urlsplit(base)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only ever targets this machine's loopback address.")
    concurrency, duration, max_requests = int(concurrency), float(duration), int(max_requests)
    results, lock, budget = [], threading.Lock(), [max_requests]
    started = time.perf_counter()
    deadline = started + duration
    threads = [
        threading.Thread(
            target=worker,
            args=(parts.hostname, parts.port, path, deadline, budget, results, lock),
        )
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies = sorted(ms for ms, _ in results)
    statuses = {}
    for _, status in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1

    def percentile(p):
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 2)

    print(
        json.dumps(
            {
                "requests": len(results),
                "rps": round(len(results) / wall, 1) if wall else 0,
                "p50_ms": percentile(50),
                "p95_ms": percentile(95),
                "mean_ms": round(statistics.fmean(latencies), 2) if latencies else None,
                "statuses": statuses,
            }
        )
    )


if __name__ == "__main__":
    main()
