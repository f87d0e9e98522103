"""User management by the programmabureau, over HTTP with the cast: who may list, create,
change and deactivate users; what a new user may do; passwords; the bureau's own account."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nprz.core.workflow import Person, Role
from nprz.interventions import models as iv
from nprz.interventions.accounts import person

ACTORS = ("anoniem", "lex", "olaf", "ida", "cor", "bea")
NEW_PASSWORD = "paarse-olifant-fietst-langzaam"


def new_user(username: str, **extra: Any) -> dict[str, Any]:
    return {
        "username": username,
        "first_name": "Nieuw",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "roles": ["lezer"],
        **extra,
    }


def snapshot() -> tuple[object, ...]:
    return (
        sorted(User.objects.values_list("username", "is_active", "password", "first_name")),
        sorted(iv.StaffRole.objects.values_list("user_id", "role", "organisation_id", "pillar")),
    )


def send(client: Client, action: str, actor: str, lex: User) -> int:
    if action == "lijst":
        response = client.get("/gebruikers/")
    elif action == "formulier":
        response = client.get("/gebruikers/nieuw/")
    elif action == "aanmaken":
        response = client.post("/gebruikers/nieuw/", new_user(f"nieuw-{actor}"))
    elif action == "bekijken":
        response = client.get(f"/gebruikers/{lex.pk}/")
    elif action == "wijzigen":
        data = {"actie": "gegevens", "roles": ["lezer"], "first_name": f"Lex van {actor}"}
        response = client.post(f"/gebruikers/{lex.pk}/", data)
    elif action == "wachtwoord":
        data = {"actie": "wachtwoord", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        response = client.post(f"/gebruikers/{lex.pk}/", data)
    else:
        response = client.post(f"/gebruikers/{lex.pk}/", {"actie": "uitschakelen"})
    if actor == "anoniem":
        assert response["Location"].startswith("/inloggen/?next=/gebruikers/")
    return response.status_code


# action -> the code the bureau gets; everybody else gets 403, the anonymous visitor 302.
BUREAU = {
    "lijst": 200,
    "formulier": 200,
    "bekijken": 200,
    "aanmaken": 302,
    "wijzigen": 302,
    "wachtwoord": 302,
    "uitschakelen": 302,
}


WRITES = {"aanmaken", "wijzigen", "wachtwoord", "uitschakelen"}


@pytest.mark.django_db
def test_only_the_bureau_manages_users_and_refusals_change_nothing(cast: Any) -> None:
    lex = cast.users["lex"]
    failures = []
    for action, bureau_code in BUREAU.items():
        for name in ACTORS:
            User.objects.filter(pk=lex.pk).update(is_active=True)
            # A fresh session from the stored user: lex may have a new password by now.
            client = Client()
            if name != "anoniem":
                client.force_login(User.objects.get(username=name))
            expected = bureau_code if name == "bea" else 302 if name == "anoniem" else 403
            before = snapshot()
            code = send(client, action, name, lex)
            if code != expected:
                failures.append(f"{action} {name}: {code}, verwacht {expected}")
            elif name != "bea" and snapshot() != before:
                failures.append(f"{action} {name}: geweigerd maar de database veranderde")
            elif name == "bea" and action in WRITES and snapshot() == before:
                failures.append(f"{action} bea: toegestaan maar er veranderde niets")
    assert failures == []
    refused = cast.client("cor").get("/gebruikers/")
    assert "Alleen het programmabureau mag dit." in refused.content.decode()


@pytest.mark.django_db
def test_the_list_shows_roles_scopes_activity_and_last_login(cast: Any) -> None:
    User.objects.filter(username="olaf").update(is_active=False)
    Client().post("/inloggen/", {"username": "cor", "password": cast.password})
    page = cast.client("bea").get("/gebruikers/")
    assert page.status_code == 200
    rows = {r["user"].username: r for r in page.context["rows"]}
    assert set(rows) == {"bea", "cor", "ida", "olaf", "lex"}
    assert rows["cor"]["roles"] == ["pijlercoördinator (Werk)"]
    ida_org = iv.StaffRole.objects.get(user__username="ida").organisation
    assert ida_org is not None
    assert rows["ida"]["roles"] == [f"initiatiefnemer ({ida_org.name})"]
    assert rows["bea"]["roles"] == ["programmabureau"]
    assert not rows["olaf"]["user"].is_active
    assert rows["cor"]["user"].last_login is not None
    text = page.content.decode()
    assert "nee, uitgeschakeld" in text
    assert "nooit" in text  # lex never logged in


@pytest.mark.django_db
def test_a_new_user_logs_in_with_the_rights_of_their_role(cast: Any) -> None:
    ida_org = iv.StaffRole.objects.get(user__username="ida").organisation
    assert ida_org is not None
    bea = cast.client("bea")
    made = bea.post(
        "/gebruikers/nieuw/",
        new_user("ines", roles=["initiatiefnemer"], organisations=[ida_org.pk]),
    )
    ines = User.objects.get(username="ines")
    assert (made.status_code, made["Location"]) == (302, f"/gebruikers/{ines.pk}/")
    assert "Gebruiker ines is aangemaakt." in bea.get(made["Location"]).content.decode()
    assert (ines.is_active, ines.is_staff, ines.is_superuser) == (True, False, False)
    assert person(ines) == Person(
        roles=frozenset({Role.INITIATIEFNEMER}), organisations=frozenset({ida_org.slug})
    )

    client = Client()
    login = client.post("/inloggen/", {"username": "ines", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert client.get(cast.url(cast.own)).status_code == 200
    saved = client.post(
        cast.url(cast.own), {"actie": "opslaan", "version": 1, "summary": "Door Ines."}
    )
    assert saved.status_code == 302
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).updated_by == ines
    assert client.get(cast.url(cast.other)).status_code == 403
    assert client.get("/gebruikers/").status_code == 403

    # A coordinator of two pillars; the bureau changes them to one.
    bea.post(
        "/gebruikers/nieuw/",
        new_user("cees", roles=["pijlercoordinator"], pillars=["werk", "school"]),
    )
    cees = User.objects.get(username="cees")
    assert person(cees).pillars == {"werk", "school"}
    changed = bea.post(
        f"/gebruikers/{cees.pk}/",
        {"actie": "gegevens", "roles": ["pijlercoordinator", "lezer"], "pillars": ["school"]},
    )
    assert changed.status_code == 302
    assert person(cees) == Person(
        roles=frozenset({Role.PIJLERCOORDINATOR, Role.LEZER}), pillars=frozenset({"school"})
    )


@pytest.mark.django_db
def test_a_weak_password_gets_the_dutch_validator_message_and_nothing_is_saved(cast: Any) -> None:
    bea = cast.client("bea")
    before = snapshot()
    cases = {
        "kort": "Dit wachtwoord is te kort. De minimale lengte is 12 tekens.",
        "123456789012345": "Dit wachtwoord bevat alleen cijfers.",
        "password1234": "Dit wachtwoord is te algemeen.",
        "pieter-jansen-1": "Het wachtwoord lijkt te veel op de gebruikersnaam.",
    }
    for password, message in cases.items():
        data = new_user("pieter-jansen", password1=password, password2=password)
        response = bea.post("/gebruikers/nieuw/", data)
        assert response.status_code == 400, password
        assert message in response.content.decode(), password
        assert response.context["form"].errors["password1"], password
    assert snapshot() == before

    lex = cast.users["lex"]
    weak = bea.post(
        f"/gebruikers/{lex.pk}/", {"actie": "wachtwoord", "password1": "kort", "password2": "kort"}
    )
    assert weak.status_code == 400
    assert "Dit wachtwoord is te kort." in weak.content.decode()
    other = bea.post(
        f"/gebruikers/{lex.pk}/",
        {"actie": "wachtwoord", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )
    assert other.status_code == 400
    assert "De twee wachtwoorden zijn niet gelijk." in other.content.decode()
    assert snapshot() == before

    good = bea.post(
        f"/gebruikers/{lex.pk}/",
        {"actie": "wachtwoord", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert good.status_code == 302
    assert Client().login(username="lex", password=NEW_PASSWORD)


@pytest.mark.django_db
def test_wrong_or_missing_scope_name_and_duplicates_are_refused(cast: Any) -> None:
    bea = cast.client("bea")
    before = snapshot()
    cases = [
        (new_user("p1", roles=["pijlercoordinator"]), "pillars", "Kies de pijler(s)"),
        (new_user("p2", roles=["initiatiefnemer"]), "organisations", "Kies de organisatie(s)"),
        (new_user("p3", roles=["lezer"], pillars=["werk"]), "pillars", "horen alleen bij"),
        (new_user("p4", roles=[]), "roles", "Kies ten minste één rol."),
        (new_user("IDA"), "username", "Deze gebruikersnaam is al in gebruik."),
        (new_user("demo-x"), "username", "voor de demo-accounts"),
        (new_user("met spatie"), "username", "gebruik alleen letters"),
        (new_user("p5", email="geen-adres"), "email", "geldig e-mailadres"),
    ]
    for data, field, message in cases:
        response = bea.post("/gebruikers/nieuw/", data)
        assert response.status_code == 400, data
        errors = " ".join(response.context["form"].errors.get(field, []))
        assert message.casefold() in errors.casefold(), (data, errors)
        assert 'aria-invalid="true"' in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_the_bureau_cannot_switch_itself_off_or_drop_its_own_role(cast: Any) -> None:
    bea_user = cast.users["bea"]
    bea = cast.client("bea")
    before = snapshot()
    own = f"/gebruikers/{bea_user.pk}/"
    page = bea.get(own).content.decode()
    assert 'value="uitschakelen"' not in page  # no button to press
    off = bea.post(own, {"actie": "uitschakelen"})
    assert off.status_code == 403
    assert "U kunt uw eigen account niet uitschakelen" in off.content.decode()
    dropped = bea.post(own, {"actie": "gegevens", "roles": ["lezer"]})
    assert dropped.status_code == 400
    assert "U kunt uw eigen rol programmabureau niet weghalen" in dropped.content.decode()
    assert snapshot() == before
    assert User.objects.get(pk=bea_user.pk).is_active
    # Adding a role while keeping the bureau's is fine; so is a new password of one's own.
    more = bea.post(own, {"actie": "gegevens", "roles": ["programmabureau", "lezer"]})
    assert more.status_code == 302
    assert person(bea_user).roles == {Role.PROGRAMMABUREAU, Role.LEZER}
    mine = bea.post(
        own, {"actie": "wachtwoord", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert mine.status_code == 302
    assert bea.get("/gebruikers/").status_code == 200  # still logged in


@pytest.mark.django_db
def test_a_deactivated_user_is_kept_but_cannot_get_in_until_reactivated(cast: Any) -> None:
    ida = cast.client("ida")
    url = cast.url(cast.own)
    assert (
        ida.post(url, {"actie": "opslaan", "version": 1, "summary": "Van Ida."}).status_code == 302
    )
    ida_user = cast.users["ida"]
    bea = cast.client("bea")
    off = bea.post(f"/gebruikers/{ida_user.pk}/", {"actie": "uitschakelen"})
    assert off.status_code == 302
    assert "is uitgeschakeld" in bea.get(off["Location"]).content.decode()
    # The open session ends; logging in again is refused; history still names Ida.
    assert ida.get("/ronde/").status_code == 302
    again = Client().post("/inloggen/", {"username": "ida", "password": cast.password})
    assert again.status_code == 200
    assert "_auth_user_id" not in again.client.session
    assert User.objects.filter(pk=ida_user.pk).exists()
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).updated_by == ida_user
    assert cast.own.history.filter(history_user=ida_user).exists()
    on = bea.post(f"/gebruikers/{ida_user.pk}/", {"actie": "inschakelen"})
    assert on.status_code == 302
    assert (
        Client().post("/inloggen/", {"username": "ida", "password": cast.password}).status_code
        == 302
    )


@pytest.mark.django_db
def test_csrf_navigation_unknown_users_and_superusers(cast: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.users["bea"])
    assert strict.post("/gebruikers/nieuw/", new_user("zonder-token")).status_code == 403
    assert not User.objects.filter(username="zonder-token").exists()

    assert 'href="/gebruikers/"' in cast.client("bea").get("/ronde/").content.decode()
    assert 'href="/gebruikers/"' not in cast.client("cor").get("/ronde/").content.decode()

    bea = cast.client("bea")
    assert bea.get("/gebruikers/999999/").status_code == 404
    assert cast.client("cor").get("/gebruikers/999999/").status_code == 403
    assert bea.post(f"/gebruikers/{cast.users['lex'].pk}/", {"actie": "weg"}).status_code == 400
    assert bea.delete(f"/gebruikers/{cast.users['lex'].pk}/").status_code == 405

    root = User.objects.create_superuser("root", password=NEW_PASSWORD)
    refused = bea.post(f"/gebruikers/{root.pk}/", {"actie": "uitschakelen"})
    assert refused.status_code == 403
    assert "superuser" in refused.content.decode()
    assert User.objects.get(pk=root.pk).is_active
