"""Failed logins, counted per user name and per IP address, in Django's default cache.

After `LIMIT` failures for one user name or one address within `WINDOW` seconds, further
attempts (even with the right password) are refused for `WINDOW` seconds.

Why the cache: a model would need a migration, and counting in the session is useless (an
attacker simply drops the cookie). The default cache is per process when it is LocMemCache
(the default): with several gunicorn workers each counts on its own, so production needs a
shared cache, e.g. `django.core.cache.backends.db.DatabaseCache` (one `createcachetable`, no
migration) or Redis/Memcached. The address is REMOTE_ADDR; behind a proxy that must be the
client's address (set by the proxy), or every visitor shares one counter.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

LIMIT = 5
WINDOW = 15 * 60
MESSAGE = (
    "Te veel mislukte inlogpogingen. Probeer het over 15 minuten opnieuw, "
    "of vraag het programmabureau om hulp."
)


def _keys(request: HttpRequest, username: str) -> list[str]:
    keys = []
    name = username.strip().casefold()
    if name:
        keys.append("login-fail:user:" + hashlib.sha256(name.encode()).hexdigest())
    address = request.META.get("REMOTE_ADDR", "")
    if address:
        keys.append("login-fail:ip:" + address)
    return keys


def blocked(request: HttpRequest, username: str) -> bool:
    return any(cache.get(f"{key}:blocked") for key in _keys(request, username))


def failed(request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        cache.add(key, 0, WINDOW)  # the window starts at the first failure
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW)
            count = 1
        if count >= LIMIT:
            cache.set(f"{key}:blocked", True, WINDOW)


def succeeded(request: HttpRequest, username: str) -> None:
    """A good password resets the user name's count (not the address's)."""
    keys = _keys(request, username)
    if username.strip():
        cache.delete(keys[0])
