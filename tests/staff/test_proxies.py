"""Behind a load balancer: the login throttle counts the visitor's address, not the
balancer's, and gunicorn believes the balancer's HTTPS header; nobody else's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import RequestFactory

from nprz import server
from nprz.site.settings import trusted_proxies
from nprz.web.staff import throttle

BALANCERS = trusted_proxies("10.0.0.5,10.0.1.0/24")


def request(remote: str, forwarded: str = "") -> Any:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/inloggen/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.5", "203.0.113.7", "203.0.113.7"),  # the balancer says who it saw
        ("10.0.1.9", "198.51.100.1, 203.0.113.7, 10.0.0.5", "203.0.113.7"),  # two hops
        ("10.0.0.5", "", "10.0.0.5"),  # nothing forwarded: the balancer itself
        ("203.0.113.7", "192.0.2.1", "203.0.113.7"),  # not a balancer: its header is a lie
        ("10.0.0.5", "geen-adres, 203.0.113.7", "203.0.113.7"),
    ],
)
def test_the_client_is_the_last_address_no_balancer_added(
    settings: Any, remote: str, forwarded: str, client: str
) -> None:
    settings.NPRZ_TRUSTED_PROXIES = BALANCERS
    assert throttle.client_address(request(remote, forwarded)) == client


def test_without_trusted_balancers_forwarded_for_is_ignored(settings: Any) -> None:
    settings.NPRZ_TRUSTED_PROXIES = ()
    assert throttle.client_address(request("10.0.0.5", "203.0.113.7")) == "10.0.0.5"


@pytest.mark.django_db
def test_one_ipv6_network_counts_as_one_address(settings: Any) -> None:
    """Five failures from five addresses of one /64, with five names: blocked."""
    for n in range(throttle.LIMIT):
        throttle.failed(request(f"2001:db8:1:2::{n + 1}"), f"naam-{n}")
    assert throttle.blocked(request("2001:db8:1:2:ffff::1"), "nog-een-naam")
    assert not throttle.blocked(request("2001:db8:1:3::1"), "nog-een-naam")


def test_gunicorn_believes_https_only_from_the_balancers(settings: Any) -> None:
    settings.NPRZ_TRUSTED_PROXIES = BALANCERS
    options = server.gunicorn_options("0.0.0.0", 8000, 2, lambda: None)
    assert options["forwarded_allow_ips"] == "10.0.0.5/32,10.0.1.0/24"
    settings.NPRZ_TRUSTED_PROXIES = ()
    assert "forwarded_allow_ips" not in server.gunicorn_options("0.0.0.0", 8000, 2, lambda: None)


def test_a_malformed_balancer_address_stops_the_settings() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=re.escape("NPRZ_TRUSTED_PROXIES='10.0.0.300'")):
        trusted_proxies("10.0.0.300")
