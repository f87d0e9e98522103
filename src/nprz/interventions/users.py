"""Users of the progress round as services: create, change roles and details, set a password,
deactivate and reactivate. Only the programmabureau may (`Action.GEBRUIKERS_BEHEREN`).

No HTTP here. Like `nprz.interventions.rounds`, every service asks the rules and raises
`Refused` with a Dutch reason, or `Invalid` with Dutch messages per field; it writes all or
nothing, in one transaction.

Decisions:

* users are never deleted: reports and their history name who changed what (`updated_by`,
  `history_user`), so leaving is deactivating; a deactivated user can no longer log in, and an
  open session of theirs stops working at the next request;
* a bureau user cannot deactivate themselves nor drop their own programmabureau role, so there
  is always at least one active bureau user (the one acting);
* every user has at least one role (to take access away, deactivate the account);
* superusers (made with `nprz manage createsuperuser`) are shown but not managed here, and
  this screen never makes one; user names starting with `demo-` are kept for the demo accounts
  (production refuses to start while one exists);
* a new user name is plain ASCII (letters, digits, @ . + - _), checked in the form Django
  saves it in (NFKC), so no name can pass for another or for a demo account;
* passwords go through Django's validators (AUTH_PASSWORD_VALIDATORS); their messages come in
  Dutch (one that Django 5.2 leaves untranslated is translated here);
* who changed which user is logged (logger `nprz.users`); the roles have no history table of
  their own (that would need a migration).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from nprz.core.workflow import Action, Person, Role, RoundState, Subject, reason_refused
from nprz.interventions import models as iv
from nprz.interventions import pillars
from nprz.interventions.accounts import DEMO_PREFIX
from nprz.interventions.rounds import Invalid, Refused

log = logging.getLogger("nprz.users")

# Managing users does not depend on a round; the rules only look at the person.
USERS = Subject(round_state=RoundState.OPEN)
USERNAME_MAX = 150
# What Django's UnicodeUsernameValidator allows, in ASCII only. [0-9], not \d: that also
# matches other scripts' digits.
USERNAME = re.compile(r"[A-Za-z0-9@.+_-]+")
NAME_MAX = 150
PASSWORD_MESSAGES = {
    # Django 5.2 changed this message's placeholder; its Dutch translation no longer matches.
    "password_too_short": "Dit wachtwoord is te kort. De minimale lengte is {min_length} tekens.",
}
ROLE_LABELS = {
    Role.PROGRAMMABUREAU: "programmabureau",
    Role.PIJLERCOORDINATOR: "pijlercoördinator",
    Role.INITIATIEFNEMER: "initiatiefnemer",
    Role.LEZER: "lezer",
}


@dataclass(frozen=True, order=True)
class RoleSpec:
    """One role with its scope: an organisation (initiatiefnemer) or a pillar (coordinator)."""

    role: Role
    organisation_id: int | None = None
    pillar: str = ""


@dataclass(frozen=True)
class Details:
    first_name: str = ""
    last_name: str = ""
    email: str = ""


def reason_not_managed(who: Person) -> str:
    """Empty when `who` may manage users; else why not (Dutch)."""
    return reason_refused(who, Action.GEBRUIKERS_BEHEREN, USERS)


def _refuse(who: Person) -> None:
    if reason := reason_not_managed(who):
        raise Refused(reason)


def _refuse_superuser(user: User) -> None:
    if user.is_superuser:
        raise Refused(
            "dit is een beheerdersaccount (superuser); dat wordt niet via dit scherm beheerd"
        )


def roles_of(user: User) -> list[RoleSpec]:
    return sorted(
        RoleSpec(Role(r.role), r.organisation_id, r.pillar)
        for r in iv.StaffRole.objects.filter(user=user)
    )


def describe(role: RoleSpec, organisations: dict[int, str] | None = None) -> str:
    """ "initiatiefnemer (Stichting X)", "pijlercoördinator (<pijler>)", "lezer"."""
    label = ROLE_LABELS[role.role]
    if role.organisation_id is not None:
        names = organisations or {}
        name = names.get(role.organisation_id)
        if name is None:
            org = iv.Organisation.objects.filter(pk=role.organisation_id).first()
            name = org.name if org else "?"
        return f"{label} ({name})"
    if role.pillar:
        return f"{label} ({pillars.name(role.pillar)})"
    return label


# --- checks ---------------------------------------------------------------------------------


def password_errors(password: str, user: User | None = None) -> list[str]:
    """Django's password validators, in Dutch; empty when the password is good enough."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        messages = []
        for item in error.error_list:
            template = PASSWORD_MESSAGES.get(item.code or "")
            messages.append(
                template.format(**(item.params or {})) if template else " ".join(item.messages)
            )
        return messages
    return []


def _role_errors(roles: Collection[RoleSpec]) -> str:
    if not roles:
        return (
            "kies ten minste één rol; wilt u iemand de toegang ontnemen, "
            "schakel het account dan uit"
        )
    organisations = {r.organisation_id for r in roles if r.organisation_id is not None}
    known = set(iv.Organisation.objects.filter(pk__in=organisations).values_list("pk", flat=True))
    known_pillars = set(pillars.codes())
    for spec in roles:
        if spec.role is Role.INITIATIEFNEMER:
            if spec.organisation_id is None or spec.pillar:
                return "een initiatiefnemer hoort bij een organisatie (en niet bij een pijler)"
            if spec.organisation_id not in known:
                return "deze organisatie bestaat niet"
        elif spec.role is Role.PIJLERCOORDINATOR:
            if not spec.pillar or spec.organisation_id is not None:
                return "een pijlercoördinator hoort bij een pijler (en niet bij een organisatie)"
            if spec.pillar not in known_pillars:
                return f"onbekende pijler {spec.pillar!r}"
        elif spec.organisation_id is not None or spec.pillar:
            return f"de rol {ROLE_LABELS[spec.role]} heeft geen organisatie of pijler"
    return ""


def _details_errors(details: Details) -> dict[str, str]:
    errors = {}
    for name in ("first_name", "last_name"):
        if len(getattr(details, name)) > NAME_MAX:
            errors[name] = f"gebruik hoogstens {NAME_MAX} tekens"
    if details.email:
        try:
            validate_email(details.email)
        except ValidationError:
            errors["email"] = "vul een geldig e-mailadres in, zoals naam@voorbeeld.nl"
    return errors


def _username_error(username: str) -> str:
    """Empty when `username` may be a new user's name. Django saves and logs in with the NFKC
    form (`ｄemo-x` is `demo-x`), so that is the form checked; and a new name is plain ASCII,
    so that no two names can look alike (`jоhan` with a Cyrillic о is not `johan`)."""
    if not username:
        return "vul een gebruikersnaam in"
    if len(username) > USERNAME_MAX:
        return f"gebruik hoogstens {USERNAME_MAX} tekens"
    if not USERNAME.fullmatch(username):
        return "gebruik alleen letters zonder accenten (a-z), cijfers en de tekens @ . + - _"
    saved_as = User.normalize_username(username)
    if saved_as.casefold().startswith(DEMO_PREFIX):
        return f"namen die met {DEMO_PREFIX} beginnen zijn voor de demo-accounts"
    if User.objects.filter(username__iexact=saved_as).exists():
        return "deze gebruikersnaam is al in gebruik"
    return ""


def _set_roles(user: User, roles: Collection[RoleSpec]) -> None:
    wanted = set(roles)
    current = {
        RoleSpec(Role(r.role), r.organisation_id, r.pillar): r.pk
        for r in iv.StaffRole.objects.filter(user=user)
    }
    gone = [pk for spec, pk in current.items() if spec not in wanted]
    iv.StaffRole.objects.filter(pk__in=gone).delete()
    iv.StaffRole.objects.bulk_create(
        iv.StaffRole(
            user=user,
            role=spec.role.value,
            organisation_id=spec.organisation_id,
            pillar=spec.pillar,
        )
        for spec in sorted(wanted - current.keys())
    )


def _locked(user: User) -> User:
    """The user's row, locked until the end of the transaction (two bureau users at once)."""
    return User.objects.select_for_update().get(pk=user.pk)


# --- services -------------------------------------------------------------------------------


@transaction.atomic
def create_user(
    who: Person,
    username: str,
    password: str,
    roles: Collection[RoleSpec],
    details: Details | None = None,
    *,
    by: User | None = None,
) -> User:
    """A new, active user with `roles`; never a superuser or staff member."""
    _refuse(who)
    username = username.strip()
    details = _clean(details or Details())
    errors = _details_errors(details)
    if reason := _username_error(username):
        errors["username"] = reason
    if reason := _role_errors(roles):
        errors["roles"] = reason
    # The similarity validator compares with the new user's name and e-mail address.
    draft = User(username=username, **vars(details))
    if problems := password_errors(password, draft):
        errors["password"] = " ".join(problems)
    if errors:
        raise Invalid(errors)
    user = User.objects.create_user(username, details.email, password)
    user.first_name, user.last_name = details.first_name, details.last_name
    user.save(update_fields=["first_name", "last_name"])
    _set_roles(user, roles)
    log.info("%s maakte gebruiker %s met rollen %s", _name(by), username, _roles_text(roles))
    return user


@transaction.atomic
def change_user(
    who: Person,
    user: User,
    roles: Collection[RoleSpec],
    details: Details,
    *,
    by: User | None = None,
) -> User:
    """Replace the user's roles and details. A bureau user keeps their own bureau role."""
    _refuse(who)
    user = _locked(user)
    _refuse_superuser(user)
    details = _clean(details)
    errors = _details_errors(details)
    if reason := _role_errors(roles):
        errors["roles"] = reason
    elif (
        by is not None
        and user.pk == by.pk
        and not any(r.role is Role.PROGRAMMABUREAU for r in roles)
    ):
        errors["roles"] = (
            "u kunt uw eigen rol programmabureau niet weghalen; "
            "laat een andere medewerker van het programmabureau dat doen"
        )
    if errors:
        raise Invalid(errors)
    user.first_name, user.last_name, user.email = (
        details.first_name,
        details.last_name,
        details.email,
    )
    user.save(update_fields=["first_name", "last_name", "email"])
    _set_roles(user, roles)
    log.info("%s gaf gebruiker %s de rollen %s", _name(by), user.username, _roles_text(roles))
    return user


@transaction.atomic
def set_password(who: Person, user: User, password: str, *, by: User | None = None) -> User:
    _refuse(who)
    user = _locked(user)
    _refuse_superuser(user)
    if problems := password_errors(password, user):
        raise Invalid({"password": " ".join(problems)})
    user.set_password(password)
    user.save(update_fields=["password"])
    log.info("%s zette een nieuw wachtwoord voor %s", _name(by), user.username)
    return user


@transaction.atomic
def set_active(who: Person, user: User, active: bool, *, by: User | None = None) -> User:
    """Deactivate (the user can no longer log in; nothing is deleted) or reactivate."""
    _refuse(who)
    user = _locked(user)
    _refuse_superuser(user)
    if not active and by is not None and user.pk == by.pk:
        raise Refused(
            "u kunt uw eigen account niet uitschakelen; "
            "laat een andere medewerker van het programmabureau dat doen"
        )
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        what = "schakelde in" if active else "schakelde uit"
        log.info("%s %s: gebruiker %s", _name(by), what, user.username)
    return user


def _clean(details: Details) -> Details:
    return Details(details.first_name.strip(), details.last_name.strip(), details.email.strip())


def _name(user: User | None) -> str:
    return user.get_username() if user is not None else "systeem"


def _roles_text(roles: Collection[RoleSpec]) -> str:
    return ", ".join(describe(r) for r in sorted(roles))
