"""The content version: one value that every change to portal content replaces.

The public page cache (alliance87/cache.py) and the facet counts (facets.py) key their entries
by it, so any save or delete of content (`on_content_change`, connected in apps.py for the apps
of `registry.CONTENT_APPS`) retires every cached page and count at once, on every worker.
"""

from .registry import is_content_model


def content_version() -> int:
    from .pagecache.models import ContentVersion

    version = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    if version is None:  # a new (or flushed) database: start it
        version = ContentVersion.objects.get_or_create(pk=1)[0].version
    return version


def bump_content_version(**kwargs):
    """Invalidate every cached page, on every worker (in the same transaction as the change)."""
    from .pagecache.models import ContentVersion, new_version

    if not ContentVersion.objects.filter(pk=1).update(version=new_version()):
        ContentVersion.objects.get_or_create(pk=1)


def on_content_change(sender, **kwargs):
    if is_content_model(sender):
        bump_content_version()
