"""The unfiltered facet counts, computed again as soon as a content change commits.

Every change gives a new content version, so every cached count goes cold at once; left to the
next visitors, the first requests of the directory or the events list would each regroup the
whole table (at 100 000 partners, hundreds of milliseconds each, and several at once). Instead,
when the change commits (`common.content_version` sends `content_committed`), each function
listed in `WARM_AFTER_CHANGE` (one per list page, given by the site's settings: the kernel
imports no app) fills its page's unfiltered counts in every language, in a thread of the
worker that made the change (`WARM_IN_BACKGROUND`; in the request itself when off, as in
tests). A visitor arriving meanwhile waits for those counts rather than counting them again
(`FacetedFilterSet`).
"""

import logging
import threading

from django.conf import settings
from django.db import connections
from django.utils import translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


# One warm-up thread per process at a time: a burst of changes (each save of a script outside
# a transaction commits on its own) asks again rather than starting a thread per change.
_lock = threading.Lock()
_state = {"running": False, "again": False}


def warm_after_change(version: int, **kwargs) -> None:
    if not getattr(settings, "FACET_COUNT_CACHE_SECONDS", 0):
        return
    if not getattr(settings, "WARM_AFTER_CHANGE", ()):
        return
    if not getattr(settings, "WARM_IN_BACKGROUND", False):
        warm(version)
        return
    with _lock:
        if _state["running"]:
            _state["again"] = True  # the running thread warms the newest version once more
            return
        _state["running"] = True
    threading.Thread(target=_warm_in_thread, daemon=True).start()


def warm(version: int) -> None:
    """Fill every listed page's unfiltered counts, unless a newer change supersedes these."""
    from common.content_version import content_version

    for path in settings.WARM_AFTER_CHANGE:
        fill = import_string(path)
        for language, _name in settings.LANGUAGES:
            if content_version() != version:
                return  # a newer change committed: its own warm-up follows
            with translation.override(language):
                fill()


def _warm_in_thread() -> None:
    from common.content_version import content_version

    try:
        while True:
            try:
                warm(content_version())
            except Exception:  # a failed warm-up only leaves the counts to the next visitor
                logger.exception("Warming the facet counts failed")
            with _lock:
                if not _state["again"]:
                    _state["running"] = False
                    return
                _state["again"] = False
    finally:
        connections.close_all()  # this thread's own connections
