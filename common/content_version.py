"""The content version: one value that every change to portal content replaces.

The public page cache (alliance87/cache.py) and the facet counts (facets.py) key their entries
by it, so any save or delete of content (`on_content_change`, connected in apps.py for the apps
of `registry.CONTENT_APPS`) retires every cached page and count at once, on every worker.

The row (`common.pagecache`) is the truth; the cache backend holds a copy, so a cached hit is
one cache read and no query: a change deletes the copy at once and, when its transaction
commits, writes the new version there (a reader in between reads the row). A shared backend
(Redis) keeps the copy until the next change: every worker sees a change on its next request.
A cache private to each process (local memory, the default without Redis) cannot hear another
worker's change, so there the copy lives `CONTENT_VERSION_LOCAL_SECONDS` (default 1; 0 reads
the row on every request). When a change commits, `content_committed` is sent with its
version: the site layer warms the list pages' counts on it (alliance87/warmup.py).
"""

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.dispatch import Signal

from .registry import is_content_model

VERSION_KEY = "portal:content-version"

# Sent after the transaction of a content change commits, with `version`.
content_committed = Signal()


def content_version() -> int:
    """The current content version: from the cache backend, else from its row (then cached)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _version_in_database()
        seconds = _version_seconds()
        if seconds != 0 and not _publish_pending():
            # add, not set: a change committed meanwhile has written its newer version.
            cache.add(VERSION_KEY, version, seconds)
    return version


def _version_in_database() -> int:
    from .pagecache.models import ContentVersion

    version = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    if version is None:  # a new (or flushed) database: start it
        version = ContentVersion.objects.get_or_create(pk=1)[0].version
    return version


def _version_seconds():
    """How long the cached copy is trusted: until the next change, unless the cache is private."""
    if isinstance(caches["default"], LocMemCache):  # `cache` is a proxy: ask for the backend
        return getattr(settings, "CONTENT_VERSION_LOCAL_SECONDS", 1)
    return None


class _PublishVersion:
    """Run on commit of a change: its version becomes the cached copy, then listeners hear it."""

    def __init__(self, version):
        self.version = version
        self.done = False

    def __call__(self):
        self.done = True
        seconds = _version_seconds()
        if seconds != 0:
            cache.set(VERSION_KEY, self.version, seconds)
        content_committed.send(sender=None, version=self.version)


def _publish_pending() -> bool:
    """Whether this connection changed the version in a transaction not yet committed.

    Its reads see the new row, other connections the old one: neither may become the copy
    every worker trusts before the commit says which one holds.
    """
    return connection.in_atomic_block and any(
        isinstance(entry[1], _PublishVersion) and not entry[1].done
        for entry in connection.run_on_commit
    )


def bump_content_version(**kwargs):
    """Invalidate every cached page, on every worker (in the same transaction as the change)."""
    from .pagecache.models import ContentVersion, new_version

    version = new_version()
    if not ContentVersion.objects.filter(pk=1).update(version=version):
        version = ContentVersion.objects.get_or_create(pk=1, defaults={"version": version})[
            0
        ].version
    cache.delete(VERSION_KEY)
    transaction.on_commit(_PublishVersion(version))


def on_content_change(sender, **kwargs):
    if is_content_model(sender):
        bump_content_version()
