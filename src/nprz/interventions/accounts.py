"""Users of the progress round: their roles as the rules see them, and the demo accounts.

Demo accounts make `make run` usable at once: one per role, with a fresh random password each
time, printed and marked as demo. Their user names start with `demo-`; with NPRZ_ENV=production
the server refuses to start while any of them exists.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from nprz.core.workflow import ANONYMOUS, Person, Role
from nprz.interventions import models as iv
from nprz.interventions import pillars

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
    """One account per role (the coordinator of the pillar with the most interventions, an
    initiatiefnemer of that pillar's first organisation); existing demo accounts get a new
    password."""
    pillar = _busiest_pillar()
    organisation = (
        iv.Organisation.objects.filter(
            interventions__in=iv.Intervention.objects.filter(pillar=pillar)
        )
        .order_by("id")
        .first()
        or iv.Organisation.objects.order_by("id").first()
    )
    wanted = [
        ("demo-bureau", Role.PROGRAMMABUREAU, None, ""),
        ("demo-initiatiefnemer", Role.INITIATIEFNEMER, organisation, ""),
        ("demo-lezer", Role.LEZER, None, ""),
    ]
    if pillar:
        wanted.insert(1, (f"demo-coordinator-{pillar}", Role.PIJLERCOORDINATOR, None, pillar))
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


def _busiest_pillar() -> str:
    """The pillar of the programme with the most interventions (the first in the
    definition's order on a tie); "" while none are loaded."""
    counts = Counter(iv.Intervention.objects.values_list("pillar", flat=True))
    if not counts:
        return ""
    return min(counts, key=lambda code: (-counts[code], pillars.position(code)))
