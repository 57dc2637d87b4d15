from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """The public page cache's bookkeeping: not content, so never in a content backup or role."""

    name = "common.pagecache"
    label = "pagecache"
    default_auto_field = "django.db.models.BigAutoField"
