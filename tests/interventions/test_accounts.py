"""Demo accounts for each role, the roles as the rules see them, and no demo in production."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser, User

from nprz.core.workflow import ANONYMOUS, Person, Role
from nprz.datasets.records import Dataset
from nprz.interventions.accounts import create_demo_accounts, demo_accounts_present, person

NPRZ = Path(sys.executable).with_name("nprz")


@pytest.mark.django_db
def test_one_demo_account_per_role_with_a_fresh_password(loaded: Dataset) -> None:
    first = create_demo_accounts()
    assert [(a.username, a.role, a.scope) for a in first] == [
        ("demo-bureau", Role.PROGRAMMABUREAU, ""),
        ("demo-coordinator-werk", Role.PIJLERCOORDINATOR, "werk"),
        ("demo-initiatiefnemer", Role.INITIATIEFNEMER, "Gemeente Rotterdam"),
        ("demo-lezer", Role.LEZER, ""),
    ]
    again = create_demo_accounts()
    assert all(a.password != b.password for a, b in zip(first, again, strict=True))
    assert authenticate(username="demo-lezer", password=again[3].password) is not None
    assert authenticate(username="demo-lezer", password=first[3].password) is None
    assert demo_accounts_present() == [a.username for a in again]


@pytest.mark.django_db
def test_person_carries_roles_organisations_and_pillars(loaded: Dataset) -> None:
    create_demo_accounts()
    owner = User.objects.get(username="demo-initiatiefnemer")
    assert person(owner) == Person(
        roles=frozenset({Role.INITIATIEFNEMER}), organisations=frozenset({"gemeente-rotterdam"})
    )
    coordinator = User.objects.get(username="demo-coordinator-werk")
    assert person(coordinator).pillars == {"werk"}
    assert person(AnonymousUser()) == ANONYMOUS
    owner.is_active = False
    assert person(owner) == ANONYMOUS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_production_refuses_to_start_with_demo_accounts(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"NPRZ_DATA_DIR": str(tmp_path), "COLUMNS": "200"}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(NPRZ), *args], capture_output=True, text=True, env=env | extra, timeout=300,
            check=False,
        )  # fmt: skip

    assert run("load", "nprz2024").returncode == 0
    made = run("demo-accounts")
    assert made.returncode == 0
    assert "DEMO-accounts" in made.stdout
    assert "demo-bureau" in made.stdout
    refused = run(
        "serve", "--port", str(free_port()), NPRZ_ENV="production", NPRZ_SECRET_KEY="test-key"
    )
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "nprz: fout: NPRZ_ENV=production, maar er zijn DEMO-accounts: demo-bureau, "
    )
