"""The cast of the progress round, with a round 2025 opened by the bureau.

Bea (programmabureau), Cor (pijlercoördinator Werk), Ida (initiatiefnemer at the lead
organisation of Werk 1), Olaf (initiatiefnemer at an organisation of a School intervention
that has nothing to do with Werk 1), Lex (lezer) and an anonymous visitor.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nprz.core.workflow import Role
from nprz.datasets.records import Dataset
from nprz.interventions import models as iv
from nprz.interventions.accounts import person
from nprz.interventions.round_cycle import open_round

PASSWORD = "een-lang-wachtwoord-voor-tests"
NAMES = ("bea", "cor", "ida", "olaf", "lex")


@dataclass
class Cast:
    users: dict[str, User]
    round: iv.ProgressRound
    own: iv.ProgressReport  # Werk 1: Ida's organisation, Cor's pillar
    other: iv.ProgressReport  # School: Olaf's organisation, not Cor's pillar
    password: str = PASSWORD

    def client(self, name: str) -> Client:
        client = Client()
        if name != "anoniem":
            client.force_login(self.users[name])
        return client

    def url(self, report: iv.ProgressReport) -> str:
        i = report.intervention
        return f"/ronde/{report.round.year}/{i.pillar}/{i.number}/"


@pytest.fixture
def cast(loaded: Dataset) -> Cast:
    werk1 = iv.Intervention.objects.get(pillar="werk", number="1")
    werk_orgs = {i.organisation_id for i in werk1.initiator_set.all()}
    lead = werk1.initiator_set.select_related("organisation").first()
    assert lead is not None
    school = next(
        i
        for i in iv.Intervention.objects.filter(pillar="school").prefetch_related("initiator_set")
        if i.initiator_set.exists()
        and not {x.organisation_id for x in i.initiator_set.all()} & werk_orgs
    )
    olaf_org = school.initiator_set.select_related("organisation").first()
    assert olaf_org is not None
    roles = {
        "bea": (Role.PROGRAMMABUREAU, None, ""),
        "cor": (Role.PIJLERCOORDINATOR, None, "werk"),
        "ida": (Role.INITIATIEFNEMER, lead.organisation, ""),
        "olaf": (Role.INITIATIEFNEMER, olaf_org.organisation, ""),
        "lex": (Role.LEZER, None, ""),
    }
    users = {}
    for name, (role, org, pillar) in roles.items():
        user = User.objects.create_user(name, password=PASSWORD, first_name=name.title())
        iv.StaffRole.objects.create(user=user, role=role.value, organisation=org, pillar=pillar)
        users[name] = user
    round_ = open_round(person(users["bea"]), 2025, by=users["bea"])
    return Cast(
        users=users,
        round=round_,
        own=round_.reports.get(intervention=werk1),
        other=round_.reports.get(intervention=school),
    )
