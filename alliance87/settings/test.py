"""Test runs: fast hashing, no DEBUG, in-memory e-mail; DATABASE_URL picks the database."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-6a2b9c"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://alliance87-test")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Serve static files straight from the source folders: no collectstatic needed here.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Pages are rendered fresh here; tests of the page cache switch it on themselves.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=0)
# Likewise the facet counts: tests that bulk-insert rows (no signals, no new content version)
# expect fresh counts; tests of that cache switch it on themselves.
FACET_COUNT_CACHE_SECONDS = env.int("FACET_COUNT_CACHE_SECONDS", default=0)
# Counts warmed after a change are computed in the committing request, where a test sees them.
WARM_IN_BACKGROUND = False
