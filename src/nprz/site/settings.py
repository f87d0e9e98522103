"""Settings in one module, read from the environment, failing loudly on nonsense.

NPRZ_ENV        development (default) or production
DATABASE_URL    e.g. postgres://user@host:5432/name; default SQLite at $NPRZ_DATA_DIR/nprz.sqlite3
NPRZ_DATA_DIR   folder for the SQLite file, the log (log/nprz.log) and other local state
                (default: ./var)
NPRZ_SECRET_KEY required in production
NPRZ_ALLOWED_HOSTS comma-separated host names the site answers to (default: loopback only)
NPRZ_REDIS_URL  redis://host:6379/1: the shared cache (pages, login throttle) in Redis;
                default: in the database
NPRZ_CACHE_PREFIX prefix of the monitor's cache keys (default: nprz)
NPRZ_TRUSTED_PROXIES comma-separated addresses or networks of the load balancers in front;
                their X-Forwarded-For and X-Forwarded-Proto are believed (default: none)
See docs/deployment.md.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from nprz.site.caches import cache_settings
from nprz.site.logs import logging_settings


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}; kies uit: {', '.join(choices)}")
    return value


ENVIRONMENT = env_choice("NPRZ_ENV", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"
DATA_DIR = Path(os.environ.get("NPRZ_DATA_DIR", "var")).resolve()

SECRET_KEY = os.environ.get("NPRZ_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("NPRZ_SECRET_KEY ontbreekt; verplicht met NPRZ_ENV=production")
    SECRET_KEY = "development-only-not-secret"

DEBUG = False
ALLOWED_HOSTS = [
    h for h in os.environ.get("NPRZ_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "django.contrib.sessions",
    "django.contrib.messages",
    "simple_history",
    "nprz.monitor",
    "nprz.interventions",
    "nprz.web",
    "nprz.reports",
]

MIDDLEWARE: list[str] = [
    # First, so that its headers reach every answer, WhiteNoise's and error pages included.
    "nprz.web.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the rest: it decides which programme, and which address inside its section.
    "nprz.web.sections.SectionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nprz.web.reader.ReaderMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]
# Sessions live in the database; cookies are HTTP-only, same-site, and secure in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_AGE = 8 * 3600
LOGIN_URL = "/inloggen/"
LOGIN_REDIRECT_URL = "/ronde/"
CSRF_FAILURE_VIEW = "nprz.web.views.csrf_failure"
# HTTPS only, once a browser has seen the site over HTTPS (a year; not for other hosts of
# the domain, which the monitor does not know). Django sends it on HTTPS answers only.
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False

# Pages and login counts live in a cache every worker and app server shares (nprz.site.caches).
if "NPRZ_CACHE" in os.environ:
    raise ImproperlyConfigured(
        "NPRZ_CACHE bestaat niet meer: de cache staat in de database, of in Redis met "
        "NPRZ_REDIS_URL; haal NPRZ_CACHE weg"
    )
CACHES = cache_settings(
    os.environ.get("NPRZ_REDIS_URL", ""), os.environ.get("NPRZ_CACHE_PREFIX", "nprz")
)


def trusted_proxies(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in text.split(",") if p)
    except ValueError as error:
        raise ImproperlyConfigured(f"NPRZ_TRUSTED_PROXIES={text!r}: {error}") from error


# Load balancers whose X-Forwarded-For (the visitor's address, for the login throttle) and
# X-Forwarded-Proto (HTTPS, through gunicorn's forwarded_allow_ips) are believed.
NPRZ_TRUSTED_PROXIES = trusted_proxies(os.environ.get("NPRZ_TRUSTED_PROXIES", ""))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ROOT_URLCONF = "nprz.site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nprz.web.sections.site",
            ]
        },
    }
]

# Static files ship inside the package and are served by WhiteNoise from there (through the
# finders, indexed once at start-up): no collectstatic step, nothing fetched from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = None  # no collectstatic: WhiteNoise indexes the package's files directly
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
WHITENOISE_MAX_AGE = 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"
LANGUAGE_CODE = "nl"
USE_I18N = True
USE_THOUSAND_SEPARATOR = False  # numbers are formatted by nprz.core.formatting, not by Django
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# SQLite has one writer at a time. Writes wait their turn instead of failing with "database is
# locked": a transaction takes the write lock when it begins (BEGIN IMMEDIATE, so it never has
# to upgrade a read lock half-way, which SQLite refuses at once), waits up to 20 s for it, and
# readers never block the writer nor it them (WAL). The lost race of two saves is then the
# optimistic lock's 409, tested in tests/staff/test_sqlite_saves.py.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def database_settings() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "nprz.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
            "TEST": {"NAME": ":memory:"},
            "CONN_MAX_AGE": 600,
        }
    try:
        # Keep connections open between requests: the server's threads reuse them.
        config = dict(dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is ongeldig: {error}") from error
    if "sqlite" in str(config.get("ENGINE", "")):
        given = config.get("OPTIONS")
        config["OPTIONS"] = {**SQLITE_OPTIONS, **(given if isinstance(given, dict) else {})}
    return config


DATABASES = {"default": database_settings()}
# Server errors with their traceback, security warnings and the site's own records, to stderr
# and to $NPRZ_DATA_DIR/log/nprz.log (nprz.site.logs).
LOGGING = logging_settings(DATA_DIR)

# Disclosure control (nprz.publication): each programme's definition names its threshold and
# the tables whose counts are protected; these two override it for every programme when set
# (an empty NPRZ_DISCLOSURE_TABLES switches protection off: for tests that show the attack).
NPRZ_DISCLOSURE_THRESHOLD: int | None = (
    int(os.environ["NPRZ_DISCLOSURE_THRESHOLD"])
    if os.environ.get("NPRZ_DISCLOSURE_THRESHOLD")
    else None
)
NPRZ_DISCLOSURE_TABLES: tuple[str, ...] | None = (
    tuple(t for t in os.environ["NPRZ_DISCLOSURE_TABLES"].split(",") if t)
    if "NPRZ_DISCLOSURE_TABLES" in os.environ
    else None
)

# Deliveries uploaded by the programme bureau (/gegevens/importeren/) are refused above this.
NPRZ_UPLOAD_MAX_BYTES = int(os.environ.get("NPRZ_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
