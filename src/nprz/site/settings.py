"""Settings in one module, read from the environment, failing loudly on nonsense.

NPRZ_ENV        development (default) or production
DATABASE_URL    e.g. postgres://user@host:5432/name; default SQLite at $NPRZ_DATA_DIR/nprz.sqlite3
NPRZ_DATA_DIR   folder for the SQLite file and other local state (default: ./var)
NPRZ_SECRET_KEY required in production
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


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
    h for h in os.environ.get("NPRZ_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "nprz.monitor",
]

MIDDLEWARE: list[str] = []
ROOT_URLCONF = "nprz.site.urls"
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"
LANGUAGE_CODE = "nl"
USE_I18N = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def database_settings() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "nprz.sqlite3"),
            "TEST": {"NAME": ":memory:"},
        }
    try:
        config = dict(dj_database_url.parse(url))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is ongeldig: {error}") from error
    return config


DATABASES = {"default": database_settings()}
