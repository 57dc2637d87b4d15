"""Settings shared by every environment; each value can be overridden from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is a convenience for developers; production passes real variables.
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(env_file)


# The portal runs on SQLite and PostgreSQL only (it uses django.contrib.postgres); a MySQL or
# Oracle URL would otherwise fail later with a long traceback about a missing driver.
SUPPORTED_DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "psql"}


def database_from_url(url: str) -> dict:
    """Parse DATABASE_URL; a malformed value becomes one readable line, not a traceback."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        known = ", ".join(sorted({"sqlite", "postgres", "postgresql"}))
        kind = "a database this portal does not support" if scheme else "no scheme"
        raise SystemExit(
            f"alliance87: DATABASE_URL names {kind} ({scheme!r}); use one of: {known}."
        )
    try:
        return env.db_url_config(url)
    except Exception as exc:  # noqa: BLE001 -- environ raises many types for bad URLs
        raise SystemExit(
            f"alliance87: DATABASE_URL is not a usable database URL ({exc})."
        ) from None


SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # Before the admin: its TranslationAdmin and the per-language columns of content (issue 15).
    "modeltranslation",
    # Django's admin with the portal's own site (grouped index, site-wide CSV export).
    "alliance87.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
    "django_countries",
    "django_filters",
    "taggit",
    "reversion",
    "axes",
    "rest_framework",
    "drf_spectacular",
    # The shared kernel (themes, admin base, facets, uploads...): imports no app below.
    "common",
    "common.pagecache",
    # The site layer: urls, home page, sitemaps, demo loader, backup (imports every app).
    "alliance87",
    "partners",
    "pathfinders",
    "actiongroups",
    "events",
    "api",
    "search",
    "countries",
    "mailer",
    "relay",
    # Before allauth: its page layout is replaced by the portal's (accounts/templates/allauth).
    "accounts",
    "allauth",
    "allauth.account",
    # The back office's Translations view, export and import (issue 15, item 3).
    "translations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # After the security headers, before anything that reads a cookie or the database.
    "alliance87.middleware.PingMiddleware",
    "csp.middleware.CSPMiddleware",
    "alliance87.middleware.PermissionsPolicyMiddleware",
    "alliance87.middleware.RejectMalformedInputMiddleware",
    "api.middleware.OpenReadCorsMiddleware",
    "api.middleware.JsonLdHashMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so cached pages answer If-None-Match with 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside sessions, CSRF, messages and locale: a hit skips them, and a page is stored only
    # after they have added their cookies and Vary headers (see alliance87/cache.py).
    "alliance87.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Inside the page cache: marks the /account/ pages private so they are never stored.
    "accounts.middleware.NeverCacheAccountPages",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Focal points sign in at /account/ with their e-mail address (django-allauth).
    "allauth.account.auth_backends.AuthenticationBackend",
]

ROOT_URLCONF = "alliance87.urls"
WSGI_APPLICATION = "alliance87.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL compiles any query its planner costs above jit_above_cost: at 100 000 partners
    # the member counts and facet counts crossed it and paid 15-40 ms of compilation for
    # queries that run in tens of ms. The portal's queries are short: no JIT (`make bench`).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (_options.get("options", "") + " -c jit=off").strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The links that make an account an action group's chair (common/roles.py): named here, as
# AUTH_USER_MODEL is, so the shared kernel needs no import of the app that defines them.
PORTAL_GROUP_EDITOR_MODEL = "actiongroups.GroupEditor"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "alliance87",
        }
    }
else:
    CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://alliance87")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Django's local-memory default keeps 300 entries and then drops a third of them: pages,
    # facet counts and per-minute event scopes overflowed it within minutes, and each dropped
    # page cost a full render at 100 000 partners. Entries are small (pages gzipped, counts).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 3000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in three languages (django-modeltranslation, see <app>/translation.py): one column per
# language; a text missing in French or Spanish falls back to English, and the page says so.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# English pages use British dates ("17 July 2019", 24-hour times, weeks from Monday).
FORMAT_MODULE_PATH = ["alliance87.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Bad input must never become a 500: oversized query strings and forms are refused early.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True
COUNTRIES_FIRST = []

# No inline scripts or styles anywhere in our templates, so none are allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
# Only back-office users have sessions (the language is kept in its own cookie): a shared or
# borrowed computer forgets the login when the browser closes, and the server after 8 hours.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes): 5 failed attempts for one username from one address lock that
# combination for 30 minutes, and 5 failed attempts from one address (any usernames) lock that
# address; a stranger elsewhere can never lock a colleague out (OWASP ASVS 2.2.1). The address is
# the client's, read behind TRUSTED_PROXY_COUNT load balancers (see common.http.client_ip).
# Unlock early with `manage.py axes_reset` (everything) or `axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# A success must not clear failures: django-axes would clear every failure from the address
# (the per-address limit), so logging in to one's own account between guesses at another would
# never lock. Failures expire after the cool-off instead.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "alliance87.admin_site.lockout_response"
# The admin posts "username", allauth's /account/ login form "login" (an e-mail address): both
# count against the same limits (accounts.adapter.axes_username).
AXES_USERNAME_CALLABLE = "accounts.adapter.axes_username"
# Only failures are stored; successful logins are already in the sessions table.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

PORTAL_NAME = "Alliance 8.7"
# Absolute links in e-mails sent by commands (no request to build them from); when set it also
# wins over the request's host (accounts.mail.absolute), e.g. https://portal.example.org
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="").rstrip("/")

# E-mail (app `mailer`): SMTP in production through EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.example.org:587 or smtps://...:465; the console by default, so
# `make run` needs nothing and prints each mail. Every mail goes through the outbox table.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Alliance 8.7 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An unreachable SMTP server fails the immediate attempt after this many seconds (the outbox
# keeps the message for the drain), instead of holding the request.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
MAILER_SEND_ON_COMMIT = env.bool("MAILER_SEND_ON_COMMIT", default=True)
MAILER_PAUSE_AFTER_FAILURE = env.int("MAILER_PAUSE_AFTER_FAILURE", default=60)
MAILER_MAX_ATTEMPTS = env.int("MAILER_MAX_ATTEMPTS", default=8)
MAILER_RETRY_BASE_SECONDS = env.int("MAILER_RETRY_BASE_SECONDS", default=60)
MAILER_RETRY_MAX_SECONDS = env.int("MAILER_RETRY_MAX_SECONDS", default=6 * 60 * 60)
MAILER_DRAIN_BATCH = env.int("MAILER_DRAIN_BATCH", default=200)
# Sent mails (their text is dropped on sending) are forgotten after this many days.
MAILER_KEEP_SENT_DAYS = env.int("MAILER_KEEP_SENT_DAYS", default=90)

# The contact relay (app `relay`): focal points write to other organisations through the portal.
# At most RELAY_DAILY_LIMIT messages per sender in any 24 hours; the record of who wrote to whom
# is deleted after RELAY_RETENTION_DAYS by `manage.py purge_relay_messages` (daily cron).
RELAY_DAILY_LIMIT = env.int("RELAY_DAILY_LIMIT", default=10)
RELAY_RETENTION_DAYS = env.int("RELAY_RETENTION_DAYS", default=180)
# Anonymous public pages are cached this long (0 turns it off); any content change invalidates.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# Facet counts per filter combination, keyed by the content version (common.facets): any
# content change makes new keys, so this only bounds how long unused entries take up room.
FACET_COUNT_CACHE_SECONDS = env.int("FACET_COUNT_CACHE_SECONDS", default=3600)
# A search matching more partners than this does not count its theme and group options
# (partners.filters): those counts grow with the matches and a broad search is refined anyway.
BROAD_SEARCH_COUNT_LIMIT = env.int("BROAD_SEARCH_COUNT_LIMIT", default=5000)
# The list pages whose unfiltered counts are filled again as soon as a content change commits
# (alliance87.warmup), in a thread of the worker that made the change.
WARM_AFTER_CHANGE = (
    "partners.selectors.warm_unfiltered_counts",
    "events.selectors.warm_unfiltered_counts",
    "pathfinders.selectors.warm_unfiltered_counts",
)
WARM_IN_BACKGROUND = env.bool("WARM_IN_BACKGROUND", default=True)
# A request missing counts another worker is computing waits this long for them, then counts.
FACET_COUNT_WAIT_SECONDS = env.float("FACET_COUNT_WAIT_SECONDS", default=5.0)
# How long a worker trusts the content version in a cache private to it (alliance87.cache).
CONTENT_VERSION_LOCAL_SECONDS = env.int("CONTENT_VERSION_LOCAL_SECONDS", default=1)
PAGE_SIZE = 24

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The public read API (/api/v1/, app `api`): anonymous, read-only, JSON only, throttled per client
# address through the Django cache. API_NUM_PROXIES: how many proxies (load balancers) append to
# X-Forwarded-For in front of the app; 0 uses the connecting address.
API_MAX_PAGE_SIZE = 100
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousApiThrottle"],
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance 8.7 portal API",
    "DESCRIPTION": (
        "Read-only open data of the Alliance 8.7 portal: partners, pathfinder countries, action "
        "groups, events, themes and countries. Only published content. Filters mean what they "
        "mean on the pages: several values of one parameter OR, different parameters AND."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": False,
}

# Focal-point accounts at /account/ (django-allauth, app `accounts`; see README "Focal points").
# Nobody signs up on their own: an account is made only from a Secretariat invitation, whose
# link proves the address, so it is verified; any other address must be confirmed by e-mail.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGIN_URL = "account_login"
# django-axes locks this login form exactly as it locks the admin's (5 failures for one address
# from one client, or from one client at all, lock for 30 minutes, answered 429); allauth's own
# failed-login limit is set above axes' so that the lockout is the one a person meets. allauth's
# other limits (in the cache) guard what axes does not see: password-reset and confirmation mails.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,10/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
# Visitors' suggestions (accounts.suggestions): per client address and per reply address.
SUGGESTION_RATE_LIMIT = env.int("SUGGESTION_RATE_LIMIT", default=5)
SUGGESTION_RATE_WINDOW_MINUTES = env.int("SUGGESTION_RATE_WINDOW_MINUTES", default=60)
# The proof-of-work challenge: the browser looks for a number under this bound (≈0.3 s at 2^16).
SUGGESTION_POW_MAX_NUMBER = env.int("SUGGESTION_POW_MAX_NUMBER", default=65536)
SUGGESTION_POW_SECONDS = env.int("SUGGESTION_POW_SECONDS", default=1200)
# Profiles not verified for this many days are flagged and their focal points reminded.
PROFILE_STALE_DAYS = env.int("PROFILE_STALE_DAYS", default=365)
