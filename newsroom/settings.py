"""Newsroom settings: one file, read from environment variables.

A fresh checkout runs on SQLite with no variables set. Production switches (PostgreSQL, Redis,
object storage, HTTPS) are environment variables only; README.md lists every one of them.
Malformed values stop start-up with a message naming the variable (see ``newsroom/env.py``).
"""

import os
import re
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from js_asset import static_lazy

from articles.embeds import FRAME_ORIGINS
from newsroom.env import (
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_timezone,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
# pytest-django imports settings before any conftest can set variables; the suite gets a
# throwaway key so that `pytest` works bare, as `make test` does.
RUNNING_TESTS = "pytest" in sys.modules
if not SECRET_KEY:
    if RUNNING_TESTS:
        SECRET_KEY = "test-only-key-not-for-any-deployment"
    elif not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    else:
        SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Absolute URLs in feeds, sitemaps, JSON-LD and share links come from here, never from the
# request's Host header (which an attacker controls).
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Newsroom") or "Newsroom"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "taggit",
    "django_filters",
    "simple_history",
    "django_prose_editor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "newsroom",
    "people",
    "tags",
    "articles",
    "django_tasks",
    "django_tasks_db",
    "alerts",
    "storylines",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the host check, before anything that touches the session or the user: a reader's
    # cached page costs no session work (it answers only requests without a session cookie).
    "newsroom.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then: no admin URL for a staff session without its second step.
    "django_otp.middleware.OTPMiddleware",
    "newsroom.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "newsroom.middleware.SlugRedirectMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "articles.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql", "pgsql"),
)
try:
    # Persistent connections: opening one (and, on SQLite, running its PRAGMAs) per request
    # would cost more than serving a cached page.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600)
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is malformed: {error}") from None

DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while an import writes; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing with
        # "database is locked" when one upgrades a read transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA mmap_size=268435456;"
            "PRAGMA cache_size=-32000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30),
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME") or None}
else:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("taggit"), "django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss", "unix"))
if REDIS_URL and RUNNING_TESTS and "PYTEST_XDIST_WORKER" in os.environ:
    # Tests clear the cache (a FLUSHDB); each parallel worker gets its own Redis database.
    worker_number = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
    REDIS_URL = re.sub(r"/\d*$", "", REDIS_URL.rstrip("/")) + f"/{1 + worker_number % 15}"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# How long anonymous readers' browsers and shared caches may keep a public page.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)
# After a change readers could see (a publish, an edit, an unpublish), for at most this many
# seconds a page being rendered again by one request is served to others as it was just before
# (newsroom/page_cache.py): no stampede of workers rendering the same page. An unpublished
# story can stay visible that long. 0: every request after a change renders the page itself.
PAGE_CACHE_GRACE_SECONDS = env_int("PAGE_CACHE_GRACE_SECONDS", 5)
# During that grace, how many such pages all servers build again at once (the others serve the
# copy meanwhile): one per app server is a good start.
PAGE_CACHE_RENDER_SLOTS = env_int("PAGE_CACHE_RENDER_SLOTS", 1)
# During that grace, a server process that has just built a page serves copies for this many
# times as long as the build took before it builds another: readers queued on that process
# wait behind one build at a time, not a run of them. 0: no pause. Longer pauses leave more
# of the grace to the rebuilding (200 pages, two workers: all fresh 3.1 s after a change
# with 0, 3.4 s with 1, 4.6 s with 2, of the 5 s grace).
PAGE_CACHE_RENDER_PAUSE = env_int("PAGE_CACHE_RENDER_PAUSE", 1)
# How often each server process reads the content version again (newsroom/content_version.py):
# a change made in another process reaches anonymous readers' cached pages up to this many
# seconds later (well inside PUBLIC_CACHE_SECONDS, which browsers and shared caches may keep a
# page); changes made in the same process at once. 0: read it on every request.
CONTENT_VERSION_CHECK_SECONDS = env_int("CONTENT_VERSION_CHECK_SECONDS", 1)

# --- Auth ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Admin sign-in throttling (newsroom/throttle.py): failures per account-and-address pair / per
# address within the window lock further attempts for the lockout period.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_LIMIT = env_int("LOGIN_ADDRESS_LIMIT", 20, minimum=1)
LOGIN_WINDOW_SECONDS = env_int("LOGIN_WINDOW_SECONDS", 15 * 60, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)
LOGIN_TRUST_FORWARDED_FOR = env_bool("DJANGO_BEHIND_HTTPS_PROXY", False)
# The throttle's counters must be shared by every worker; with a per-process cache (no
# REDIS_URL) the deploy check newsroom.E002 fails unless one process serves the site.
SINGLE_PROCESS = env_bool("DJANGO_SINGLE_PROCESS", False)
# Two-step sign-in (newsroom/two_factor.py): editors and superusers need an authenticator app.
# On by default in production; off under DEBUG (`make run`, the demo accounts) and for the test
# suite, whose tests that need it turn it on themselves. `0` turns it off, e.g. for a test rig.
REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", not DEBUG and not RUNNING_TESTS)
# The permission that makes a staff member an editor (articles.models.PUBLISH_PERMISSION):
# editors need the second step and may clear sign-in lockouts. Named here so that ``newsroom``
# needs no import of ``articles``.
EDITOR_PERMISSION = "articles.publish_article"
OTP_TOTP_ISSUER = SITE_NAME

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env_timezone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]


def _figure_allowlist(config, shared_config):
    # What the body's figure adds to django-prose-editor's own allow-list. Bodies are cleaned
    # by articles.text_format.sanitize_html, which allows exactly the stored figure shapes.
    shared_config["tags"].add("figure")
    shared_config["attributes"]["figure"] = {"class", "data-image", "data-size", "data-images"}


# Our own editor extension: photos and galleries from the library in the body.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/prose_figure.js")],
        "extensions": {"NewsroomFigure": _figure_allowlist},
    }
]

MEDIA_URL = env_str("MEDIA_URL", "/media/") or "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")

MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem") or "filesystem"
if MEDIA_STORAGE == "filesystem":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    # Any S3-compatible store (AWS, MinIO, R2); django-storages reads the AWS_* variables.
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE={MEDIA_STORAGE!r} must be 'filesystem' or 's3'.")

STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            # The manifest (hashed names, far-future caching) needs `collectstatic` first.
            if DEBUG or RUNNING_TESTS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or RUNNING_TESTS
# Files browsers and crawlers ask for at the site root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# Uploaded images: refused above these limits (a decompression bomb is refused by pixel count).
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 15 * 1024 * 1024, minimum=1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000, minimum=10_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Security -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The public pages' Content-Security-Policy lets frames come from these origins only: the embed
# providers' players (articles/embeds.py), loaded on a click (newsroom/middleware.py).
CSP_FRAME_ORIGINS = list(FRAME_ORIGINS)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
if env_bool("DJANGO_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Share-preview links for unpublished articles stay valid this long.
PREVIEW_LINK_MAX_AGE_SECONDS = env_int("PREVIEW_LINK_MAX_AGE_SECONDS", 3 * 24 * 3600, minimum=60)

# --- Email and background work (alerts/) ----------------------------------------------------
# EMAIL_URL picks Django's mail backend: smtp://user:pass@host:587, console:, file:///dir.
# Development prints mail to the console; production must say where mail goes.
EMAIL = email_settings("EMAIL_URL", "console:" if DEBUG or RUNNING_TESTS else "smtp://localhost:25")
EMAIL_BACKEND = EMAIL["EMAIL_BACKEND"]
EMAIL_FILE_PATH = EMAIL.get("EMAIL_FILE_PATH")
EMAIL_HOST = EMAIL.get("EMAIL_HOST", "localhost")
EMAIL_PORT = EMAIL.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = EMAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = EMAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <alerts@localhost>")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
# Background tasks (django-tasks): the database backend, run by `manage.py db_worker`; the
# tests run tasks at once (immediate backend). TASKS_BACKEND names another backend (an RQ or
# Celery one) when one machine is not enough.
TASKS_BACKEND = env_str("TASKS_BACKEND") or (
    "django_tasks.backends.immediate.ImmediateBackend"
    if RUNNING_TESTS
    else "django_tasks_db.DatabaseBackend"
)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
ALERTS_PER_MINUTE = env_int("ALERTS_PER_MINUTE", 600, minimum=1)
ALERTS_SIGNUPS_PER_ADDRESS = env_int("ALERTS_SIGNUPS_PER_ADDRESS", 5, minimum=1)
ALERTS_SIGNUPS_PER_IP = env_int("ALERTS_SIGNUPS_PER_IP", 20, minimum=1)
ALERTS_SIGNUP_WINDOW_SECONDS = env_int("ALERTS_SIGNUP_WINDOW_SECONDS", 3600, minimum=1)
ALERTS_CONFIRM_MAX_AGE_SECONDS = env_int(
    "ALERTS_CONFIRM_MAX_AGE_SECONDS", 3 * 24 * 3600, minimum=60
)
ALERTS_DIGEST_HOUR = env_int("ALERTS_DIGEST_HOUR", 7)

# --- Third-party apps ---------------------------------------------------------------------
TAGGIT_CASE_INSENSITIVE = True
SIMPLE_HISTORY_REVERT_DISABLED = True  # restores go through our own view (a new version)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO") or "INFO"},
    # Django's own default gives the "django" logger a console handler of its own in debug;
    # with ours on the root logger every line (and traceback) was printed twice.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# How often an open live story asks for new updates, in seconds (one small request each time,
# usually answered 304). Lower only for tests.
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 30, minimum=1)
