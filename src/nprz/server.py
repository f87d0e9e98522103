"""The production web server: gunicorn with threaded workers, static files through WhiteNoise.

Gunicorn is embedded (not started as a separate program) so `nprz serve` and `make run`
need nothing but the package. Threads suit this site: a page is either served from the
page cache or computed once, and the database connection is kept per thread.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def site_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://{bind_address(shown, port)}/"


def worker_count() -> int:
    return max(2, min(4, os.cpu_count() or 1))


class Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, application: Callable[..., Any], options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application


def allow_host(host: str) -> None:
    """Answer to the host the server was asked to listen on, besides loopback."""
    if host in ("", "0.0.0.0", "::"):
        return
    hosts = os.environ.get("NPRZ_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    shown = f"[{host}]" if ":" in host else host
    if shown not in hosts:
        os.environ["NPRZ_ALLOWED_HOSTS"] = ",".join([*hosts, shown])


def port_problem(host: str, port: int) -> str:
    """Empty when the address can be bound; else why not, in Dutch."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return f"poort {port} is al in gebruik; kies een andere met --port"
            return f"kan niet luisteren op {bind_address(host, port)}: {error.strerror}"
    return ""


def serve(host: str, port: int, workers: int, on_ready: Callable[[], None]) -> None:
    """Run until interrupted. `on_ready` runs once the socket listens."""
    from django.core.wsgi import get_wsgi_application
    from django.urls import get_resolver

    application = get_wsgi_application()
    # Import every view now: a broken URL configuration stops the start, not each request.
    get_resolver().url_patterns  # noqa: B018
    Server(application, gunicorn_options(host, port, workers, on_ready)).run()


def gunicorn_options(
    host: str, port: int, workers: int, on_ready: Callable[[], None]
) -> dict[str, Any]:
    from django.conf import settings

    options = {
        "bind": bind_address(host, port),
        "workers": workers,
        "worker_class": "gthread",
        "threads": 8,
        "keepalive": 5,
        "timeout": 60,
        "graceful_timeout": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "when_ready": lambda _arbiter: on_ready(),
    }
    # Behind a load balancer: believe its X-Forwarded-Proto (HTTPS, so HSTS and secure
    # cookies work) from the balancers named in NPRZ_TRUSTED_PROXIES; default: loopback only.
    if proxies := settings.NPRZ_TRUSTED_PROXIES:
        options["forwarded_allow_ips"] = ",".join(str(p) for p in proxies)
    return options
