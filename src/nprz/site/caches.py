"""The caches every app server shares: Redis when NPRZ_REDIS_URL is set, else the database.

Two caches, so that pages can never push the login counts out (the database cache culls its
oldest keys when full, and a visitor decides how many pages there are):

* `default`: the login throttle (`nprz.web.staff.throttle`), small keys with their own expiry;
* `pages`: finished public pages (`nprz.web.pagecache`), keyed by the public data stamp, so an
  entry is never stale; old ones expire after a day or are culled.

The database tables are made by `nprz migrate` (`nprz.web.apps`), no createcachetable needed.
Never call `clear()` on a Redis cache that other programs use: Django empties the whole Redis
database (FLUSHDB). Give the monitor a database number of its own (redis://host:6379/1).
See docs/decisions/013-shared-cache.md.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

PAGE_TIMEOUT = 24 * 3600
PAGE_MAX_ENTRIES = 5000  # database cache only; Redis is bounded by its maxmemory
TABLES = {"default": "nprz_cache", "pages": "nprz_pages"}
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def cache_settings(redis_url: str, prefix: str) -> dict[str, dict[str, Any]]:
    """Django's CACHES for Redis at `redis_url`, or for the database when it is empty."""
    if not prefix or any(c.isspace() or c == ":" for c in prefix):
        raise ImproperlyConfigured(
            f"NPRZ_CACHE_PREFIX={prefix!r}; gebruik letters, cijfers en -, zonder : of spaties"
        )
    pages_prefix = f"{prefix}-pages"
    if not redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": TABLES["default"],
                "KEY_PREFIX": prefix,
            },
            "pages": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": TABLES["pages"],
                "KEY_PREFIX": pages_prefix,
                "TIMEOUT": PAGE_TIMEOUT,
                "OPTIONS": {"MAX_ENTRIES": PAGE_MAX_ENTRIES, "CULL_FREQUENCY": 4},
            },
        }
    if not redis_url.startswith(REDIS_SCHEMES):
        raise ImproperlyConfigured(
            f"NPRZ_REDIS_URL={redis_url!r} is geen Redis-adres; "
            "bijvoorbeeld redis://127.0.0.1:6379/1"
        )
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        # A Redis that does not answer must cost a second, not hang a request.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    return {
        "default": {**redis, "KEY_PREFIX": prefix},
        "pages": {**redis, "KEY_PREFIX": pages_prefix, "TIMEOUT": PAGE_TIMEOUT},
    }
