"""Security headers: a Content-Security-Policy on every answer (the site runs no script and
has no inline style), `Cache-Control: private, no-store` on every staff page and on every
answer to a signed-in user, and HSTS with secure cookies in production.

Bea (programmabureau) is the signed-in user; the store is empty.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nprz.core.workflow import Role
from nprz.interventions import models as iv

POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'self'; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PRIVATE = "private, no-store"


@pytest.fixture
def bea(db: None) -> Client:
    user = User.objects.create_user("bea", password="een-lang-wachtwoord-voor-tests")
    iv.StaffRole.objects.create(user=user, role=Role.PROGRAMMABUREAU.value)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/indicatoren", "/doelen/", "/static/nprz/site.css"])
def test_a_public_answer_has_the_policy_and_may_be_cached(url: str) -> None:
    answer = Client().get(url)
    answer.close()  # the static file is streamed from an open file
    assert answer.status_code in (200, 404)  # the empty store has no goals: a Dutch 404
    assert answer["Content-Security-Policy"] == POLICY
    assert "private" not in answer.get("Cache-Control", "")
    assert answer["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "code"),
    [("/inloggen/", 200), ("/ronde/", 302), ("/gebruikers/", 302), ("/gegevens/importeren/", 302)],
)
def test_a_staff_page_is_never_stored_even_for_a_visitor(url: str, code: int) -> None:
    answer = Client().get(url)
    assert answer.status_code == code
    assert answer["Cache-Control"] == PRIVATE
    assert answer["Content-Security-Policy"] == POLICY


@pytest.mark.parametrize(
    "url", ["/ronde/", "/gebruikers/", "/gebruikers/nieuw/", "/gegevens/importeren/", "/"]
)
def test_every_answer_to_a_signed_in_user_is_private(bea: Client, url: str) -> None:
    answer = bea.get(url)
    assert answer.status_code in (200, 404)
    assert answer["Cache-Control"] == PRIVATE
    assert answer["Content-Security-Policy"] == POLICY


@pytest.mark.django_db
def test_a_refused_login_is_private_too(settings: Any) -> None:
    client = Client()
    for _ in range(6):
        answer = client.post("/inloggen/", {"username": "bea", "password": "fout"})
    assert answer.status_code == 429
    assert answer["Cache-Control"] == PRIVATE


def test_no_template_needs_inline_script_or_style() -> None:
    """Why the policy can forbid them: the templates have none."""
    folder = Path(__file__).parents[2] / "src" / "nprz" / "web" / "templates"
    inline = re.compile(r"<script|<style|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)
    found = [
        f"{page.name}: {hit.group()}"
        for page in sorted(folder.rglob("*.html"))
        for hit in inline.finditer(page.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert len(list(folder.rglob("*.html"))) > 10


PRODUCTION_CHECK = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
answer = Client(HTTP_HOST="monitor.example.nl").get("/inloggen/", secure=True)
plain = Client(HTTP_HOST="monitor.example.nl").get("/inloggen/")
print(json.dumps({
    "hsts": answer.get("Strict-Transport-Security"),
    "hsts_plain": plain.get("Strict-Transport-Security"),
    "csp": answer.get("Content-Security-Policy"),
    "cache": answer.get("Cache-Control"),
    "csrf_cookie_secure": bool(answer.cookies["csrftoken"]["secure"]),
    "session_secure": settings.SESSION_COOKIE_SECURE,
}))
"""


def test_production_sends_hsts_over_https_and_secure_cookies(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NPRZ_ENV": "production",
        "NPRZ_SECRET_KEY": "synthetisch-geheim-voor-de-test-" + "x" * 40,
        "NPRZ_DATA_DIR": str(tmp_path),
        "NPRZ_ALLOWED_HOSTS": "monitor.example.nl",
        "DJANGO_SETTINGS_MODULE": "nprz.site.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("NPRZ_REDIS_URL", None)
    run = subprocess.run(
        [sys.executable, "-c", PRODUCTION_CHECK], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen == {
        "hsts": "max-age=31536000",
        "hsts_plain": None,  # HSTS only means something over HTTPS
        "csp": POLICY,
        "cache": PRIVATE,
        "csrf_cookie_secure": True,
        "session_secure": True,
    }
