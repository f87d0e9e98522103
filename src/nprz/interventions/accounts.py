"""Users of the progress round: their roles as the rules see them, and the demo accounts.

Demo accounts make `make run` usable at once: one per role, with a fresh random password each
time, printed and marked as demo. Their user names start with `demo-`; with NPRZ_ENV=production
the server refuses to start while any of them exists.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from nprz.core.workflow import ANONYMOUS, Person, Role
from nprz.interventions import models as iv

DEMO_PREFIX = "demo-"


def person(user: AbstractBaseUser | AnonymousUser) -> Person:
    """The roles, organisations and pillars of `user`, for `nprz.core.workflow`."""
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    roles = list(iv.StaffRole.objects.filter(user_id=user.pk).select_related("organisation"))
    return Person(
        roles=frozenset(Role(r.role) for r in roles),
        organisations=frozenset(r.organisation.slug for r in roles if r.organisation),
        pillars=frozenset(r.pillar for r in roles if r.pillar),
        user_id=int(user.pk),
    )


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    scope: str


def demo_accounts_present() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(username__startswith=DEMO_PREFIX)
        .values_list("username", flat=True)
    )


@transaction.atomic
def create_demo_accounts() -> list[DemoAccount]:
    """One account per role (an initiatiefnemer of the first organisation of Werk, the
    coordinator of Werk); existing demo accounts get a new password."""
    organisation = (
        iv.Organisation.objects.filter(interventions__pillar="werk").order_by("id").first()
        or iv.Organisation.objects.order_by("id").first()
    )
    wanted = [
        ("demo-bureau", Role.PROGRAMMABUREAU, None, ""),
        ("demo-coordinator-werk", Role.PIJLERCOORDINATOR, None, "werk"),
        ("demo-initiatiefnemer", Role.INITIATIEFNEMER, organisation, ""),
        ("demo-lezer", Role.LEZER, None, ""),
    ]
    users = get_user_model()
    made = []
    for username, role, org, pillar in wanted:
        if role is Role.INITIATIEFNEMER and org is None:
            continue  # no organisations loaded yet: nobody to act for
        password = secrets.token_urlsafe(12)
        user, _ = users.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        iv.StaffRole.objects.filter(user=user).delete()
        iv.StaffRole.objects.create(user=user, role=role.value, organisation=org, pillar=pillar)
        made.append(DemoAccount(username, password, role, org.name if org else pillar))
    return made
