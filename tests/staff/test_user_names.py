"""User names that look like another: the bureau cannot create a look-alike of an existing or
a reserved (`demo-`) name, and never gets a server error for trying.

Django saves and logs in with the NFKC form of a name (`ｄemo-x` becomes `demo-x`), so every
check must look at that form; new names are plain ASCII, so no two can look alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nprz.core.workflow import Role
from nprz.interventions import users as service
from nprz.interventions.accounts import person
from nprz.interventions.rounds import Invalid

PASSWORD = "paarse-olifant-fietst-langzaam"
ASCII_ONLY = "gebruik alleen letters zonder accenten (a-z), cijfers en de tekens @ . + - _"


def form(username: str) -> dict[str, Any]:
    return {
        "username": username,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "roles": ["lezer"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("ｄemo-nieuw", ASCII_ONLY),  # fullwidth d: would be saved as demo-nieuw
        ("ｉda", ASCII_ONLY),  # would be saved as ida, who exists: a database error
        ("jоhan", ASCII_ONLY),  # Cyrillic о: looks like johan, stays apart
        ("josé", ASCII_ONLY),
        ("Demo-nieuw", "voor de demo-accounts"),
        ("IDA", "al in gebruik"),
    ],
)
def test_a_look_alike_or_reserved_name_is_refused_in_dutch(
    cast: Any, username: str, message: str
) -> None:
    before = sorted(User.objects.values_list("username", flat=True))
    response = cast.client("bea").post("/gebruikers/nieuw/", form(username))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["username"])
    assert message.casefold() in errors.casefold()
    assert sorted(User.objects.values_list("username", flat=True)) == before


@pytest.mark.django_db
def test_the_service_checks_the_name_as_django_would_save_it(cast: Any) -> None:
    bea = cast.users["bea"]
    with pytest.raises(Invalid) as refused:
        service.create_user(person(bea), "ｄemo-x", PASSWORD, [service.RoleSpec(Role.LEZER)])
    assert refused.value.errors["username"] == ASCII_ONLY
    assert not User.objects.filter(username__startswith="demo-").exists()


@pytest.mark.django_db
def test_a_plain_new_name_is_still_accepted(cast: Any) -> None:
    response = cast.client("bea").post("/gebruikers/nieuw/", form("nieuw.lid+2@zuid_x-1"))
    assert response.status_code == 302
    assert User.objects.filter(username="nieuw.lid+2@zuid_x-1").exists()


@pytest.mark.django_db
def test_logging_in_with_a_look_alike_of_a_demo_name_is_no_server_error(cast: Any) -> None:
    User.objects.create_user("demo-lezer", password=cast.password)
    for name, code in (("ｄemo-lezer", 302), ("ｄemo-lezer\u0301", 200), ("ﷺ" * 20, 200)):
        answer = Client().post("/inloggen/", {"username": name, "password": cast.password})
        assert answer.status_code == code, name
