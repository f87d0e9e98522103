"""`nprz.site.caches`: the shared caches from the environment, failing loudly on nonsense."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from nprz.site.caches import cache_settings


def test_without_redis_both_caches_are_tables_of_the_database() -> None:
    caches = cache_settings("", "nprz")
    kinds = {name: (c["BACKEND"].rsplit(".", 1)[1], c["LOCATION"]) for name, c in caches.items()}
    assert kinds == {
        "default": ("DatabaseCache", "nprz_cache"),
        "pages": ("DatabaseCache", "nprz_pages"),
    }
    assert caches["pages"]["OPTIONS"]["MAX_ENTRIES"] == 5000


def test_with_redis_both_live_there_under_their_own_prefixes() -> None:
    caches = cache_settings("redis://127.0.0.1:6379/1", "zuid")
    assert {c["BACKEND"] for c in caches.values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }
    assert [c["KEY_PREFIX"] for c in caches.values()] == ["zuid", "zuid-pages"]
    assert caches["pages"]["TIMEOUT"] == 24 * 3600


@pytest.mark.parametrize(
    ("url", "prefix", "message"),
    [
        ("http://127.0.0.1:6379", "nprz", "NPRZ_REDIS_URL='http://127.0.0.1:6379' is geen Redis"),
        ("", "met spatie", "NPRZ_CACHE_PREFIX='met spatie'"),
        ("", "a:b", "NPRZ_CACHE_PREFIX='a:b'"),
    ],
)
def test_nonsense_is_refused_in_dutch(url: str, prefix: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        cache_settings(url, prefix)


def test_the_old_cache_switch_stops_the_start_with_what_to_do() -> None:
    env = {**os.environ, "NPRZ_CACHE": "memory", "DJANGO_SETTINGS_MODULE": "nprz.site.settings"}
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "NPRZ_CACHE bestaat niet meer" in run.stderr
