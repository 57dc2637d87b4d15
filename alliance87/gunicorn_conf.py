"""Gunicorn settings for `make serve` and the benchmark; every value can be overridden by env."""

import gc
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# The app is imported once in the master and forked: workers share its memory pages and a new
# worker starts at once, without importing Django again. Nothing opens a database connection
# or a socket at import time, so no connection is shared across the fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Recycling guards against slow leaks; every restart costs a cold worker (the benchmark saw 140
# restarts an hour at 2000, with /ping/ p99 up to 2.8 s). Rarely, and staggered by the jitter
# so the two workers never restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
accesslog = "-"
errorlog = "-"
# One JSON object per request on stdout, for log shippers.
access_log_format = (
    '{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s","query":"%(q)s",'
    '"status":%(s)s,"bytes":"%(B)s","duration_ms":%(M)s,"agent":"%(a)s"}'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Before each fork: move what the preloaded app holds out of the garbage collector's reach.

    A full collection in a worker walked those ~140 000 objects too: 80-110 ms each, a few per
    hundred API requests, the slowest 5 % of requests at 100 000 partners (`make bench`).
    Frozen objects are never collected (they live as long as the app anyway) and their memory
    pages stay shared with the master (no reference-count writes from collections).
    """
    gc.freeze()
