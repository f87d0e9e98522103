"""Failed logins, counted per user name and per address, in the cache all app servers share.

After `LIMIT` failures for one user name or one address within `WINDOW` seconds, further
attempts (even with the right password) are refused for `WINDOW` seconds.

* The name is counted as Django logs in with it: NFKC-normalised (`ｉda` is `ida`) and
  case-folded, so look-alike spellings share one count.
* The count lives in Django's default cache (nprz.site.caches: Redis or the database), which
  every worker and app server shares; a model would need a migration, and counting in the
  session is useless (an attacker simply drops the cookie).
* Each failure claims one of `LIMIT` slots (`cache.add`, atomic in Redis and in the
  database), and each slot expires `WINDOW` seconds after its failure: a sliding window that
  needs no read-modify-write (the database cache's `incr` is one, and resets the expiry).
* The address is REMOTE_ADDR; behind a load balancer named in NPRZ_TRUSTED_PROXIES it is the
  last address in X-Forwarded-For that is not one of them (the one the balancer saw). An
  IPv6 address counts as its /64 network: one visitor usually has a whole one.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

LIMIT = 5
WINDOW = 15 * 60
MESSAGE = (
    "Te veel mislukte inlogpogingen. Probeer het over 15 minuten opnieuw, "
    "of vraag het programmabureau om hulp."
)
log = logging.getLogger("nprz.login")


def normalised(username: str) -> str:
    """The name as Django's login form reads it (stripped, NFKC), case-folded."""
    folded = unicodedata.normalize("NFKC", username.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)  # folding can leave a non-NFKC form


def client_address(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or behind a trusted balancer the one it saw."""
    address = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.NPRZ_TRUSTED_PROXIES
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if not (proxies and _within(address, proxies)):
        return address
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not _within(hop, proxies):
            return hop
    return address


def _within(
    address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _counted_address(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _keys(request: HttpRequest, username: str) -> dict[str, str]:
    """Cache key -> what it counts (for the log). Hashed: a key holds no visitor's text."""
    keys = {}
    if name := normalised(username):
        keys["login-fail:user:" + _digest(name)] = f"gebruikersnaam {name!r}"
    if address := client_address(request):
        counted = _counted_address(address)
        keys["login-fail:ip:" + _digest(counted)] = f"adres {counted}"
    return keys


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _slots(key: str) -> list[str]:
    return [f"{key}:{n}" for n in range(LIMIT)]


def blocked(request: HttpRequest, username: str) -> bool:
    return bool(cache.get_many([f"{key}:blocked" for key in _keys(request, username)]))


def failed(request: HttpRequest, username: str) -> None:
    for key, counted in _keys(request, username).items():
        slots = _slots(key)
        for slot in slots:
            if cache.add(slot, 1, WINDOW):  # taken only if free: no two failures share one
                break
        if len(cache.get_many(slots)) >= LIMIT and cache.add(f"{key}:blocked", True, WINDOW):
            log.warning("inloggen %d minuten geblokkeerd voor %s", WINDOW // 60, counted)


def succeeded(request: HttpRequest, username: str) -> None:
    """A good password resets the user name's count (not the address's)."""
    if name := normalised(username):
        cache.delete_many(_slots("login-fail:user:" + _digest(name)))
