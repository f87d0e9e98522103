"""Logging in and out, and the throttle on wrong passwords."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.mark.django_db
def test_login_and_logout(cast: Any) -> None:
    client = Client()
    page = client.get("/inloggen/")
    assert page.status_code == 200
    assert '<label for="id_username">Gebruikersnaam</label>' in page.content.decode()
    wrong = client.post("/inloggen/", {"username": "ida", "password": "fout"})
    assert wrong.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet." in wrong.content.decode()
    right = client.post(
        "/inloggen/?next=/ronde/", {"username": "ida", "password": cast.password, "next": "/ronde/"}
    )
    assert (right.status_code, right["Location"]) == (302, "/ronde/")
    header = client.get("/ronde/").content.decode()
    assert 'href="/ronde/">Voortgangsronde</a>' in header
    assert "Uitloggen" in header
    assert client.get("/uitloggen/").status_code == 405
    out = client.post("/uitloggen/", follow=True)
    assert "U bent uitgelogd." in out.content.decode()
    assert client.get("/ronde/").status_code == 302


@pytest.mark.django_db
def test_five_wrong_passwords_block_even_the_right_one(cast: Any) -> None:
    client = Client()
    for _ in range(5):
        assert client.post("/inloggen/", {"username": "ida", "password": "fout"}).status_code == 200
    blocked = client.post("/inloggen/", {"username": "ida", "password": cast.password})
    assert blocked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same name from another address is blocked too; another name from this address too.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert (
        other.post("/inloggen/", {"username": "IDA", "password": cast.password}).status_code == 429
    )
    assert (
        client.post("/inloggen/", {"username": "cor", "password": cast.password}).status_code == 429
    )


@pytest.mark.django_db
def test_look_alike_spellings_of_a_name_count_toward_one_lock(cast: Any) -> None:
    """Django logs `ｉda` (a fullwidth i) in as `ida`; the throttle counts them as one name.
    Each attempt comes from its own address, so only the user name's count can block."""
    spellings = ["ida", "ｉda", "ＩＤＡ", "Ida", "ｉｄａ"]
    for n, name in enumerate(spellings):
        client = Client(REMOTE_ADDR=f"10.0.1.{n}")
        assert client.post("/inloggen/", {"username": name, "password": "fout"}).status_code == 200
    last = Client(REMOTE_ADDR="10.0.1.99")
    blocked = last.post("/inloggen/", {"username": "ida", "password": cast.password})
    assert blocked.status_code == 429
    assert "_auth_user_id" not in last.session


@pytest.mark.django_db
def test_a_look_alike_name_logs_in_as_the_account_it_stands_for(cast: Any) -> None:
    client = Client()
    answer = client.post("/inloggen/", {"username": "ｉda", "password": cast.password})
    assert (answer.status_code, answer["Location"]) == (302, "/ronde/")
    assert client.session["_auth_user_id"] == str(cast.users["ida"].pk)


@pytest.mark.django_db
def test_without_next_the_login_leads_to_the_round(cast: Any) -> None:
    answer = Client().post("/inloggen/", {"username": "ida", "password": cast.password})
    assert (answer.status_code, answer["Location"]) == (302, "/ronde/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["bea", "cor", "ida", "olaf", "lex"])
def test_every_role_lands_on_a_page_after_login(cast: Any, name: str) -> None:
    """Bureau, pijlercoördinator, initiatiefnemers and a lezer: the page they land on after
    logging in answers 200 (never Django's /accounts/profile/)."""
    client = Client()
    answer = client.post("/inloggen/", {"username": name, "password": cast.password}, follow=True)
    assert answer.redirect_chain == [("/ronde/", 302)]
    assert answer.status_code == 200
    assert "Uitloggen" in answer.content.decode()
    # Logged in, the login page itself leads to the same place.
    again = client.get("/inloggen/", follow=True)
    assert (again.redirect_chain, again.status_code) == ([("/ronde/", 302)], 200)
