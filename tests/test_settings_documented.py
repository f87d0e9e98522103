"""Every environment variable the settings read is in the README's settings table, and in
the deployment guide when an app server behind a balancer needs it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = (ROOT / "src" / "nprz" / "site" / "settings.py").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEPLOYMENT = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")


def read_by_settings() -> set[str]:
    return set(re.findall(r'(?:os\.environ\.get\(|env_choice\()\s*"([A-Z_]+)"', SETTINGS))


def test_every_variable_is_in_the_readme_table() -> None:
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.MULTILINE))
    assert len(read_by_settings()) >= 10
    assert read_by_settings() - documented == set()


def test_the_deployment_guide_names_what_two_servers_need() -> None:
    needed = {
        "NPRZ_ENV",
        "NPRZ_SECRET_KEY",
        "DATABASE_URL",
        "NPRZ_REDIS_URL",
        "NPRZ_ALLOWED_HOSTS",
        "NPRZ_TRUSTED_PROXIES",
        "NPRZ_DATA_DIR",
    }
    assert needed <= read_by_settings()
    assert {name for name in needed if f"`{name}`" not in DEPLOYMENT} == set()
    assert "docs/deployment.md" in README
