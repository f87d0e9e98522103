"""The cast of the upload page: Bea (programmabureau) may import; Cor (pijlercoördinator
Werk), Ida (initiatiefnemer) and Lex (lezer) may not; an anonymous visitor must log in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nprz.core.workflow import Role
from nprz.datasets.records import Dataset
from nprz.interventions import models as iv

ROLES = {
    "bea": (Role.PROGRAMMABUREAU, ""),
    "cor": (Role.PIJLERCOORDINATOR, "werk"),
    "ida": (Role.INITIATIEFNEMER, ""),
    "lex": (Role.LEZER, ""),
}


@pytest.fixture
def clients(loaded: Dataset) -> dict[str, Client]:
    organisation = iv.Organisation.objects.order_by("id").first()
    assert organisation is not None
    found = {"anoniem": Client()}
    for name, (role, pillar) in ROLES.items():
        user = User.objects.create_user(name, first_name=name.title())
        iv.StaffRole.objects.create(
            user=user,
            role=role.value,
            organisation=organisation if role is Role.INITIATIEFNEMER else None,
            pillar=pillar,
        )
        client = Client()
        client.force_login(user)
        found[name] = client
    return found
