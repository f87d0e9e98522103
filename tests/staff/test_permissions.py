"""The permission matrix over HTTP: every cast member, every action, own and other report.

Each case puts the round and both reports in a known state, sends the request, and checks the
status code; a refused request must leave the database exactly as it was.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from nprz.interventions import models as iv

ACTORS = ("anoniem", "lex", "olaf", "ida", "cor", "bea")  # bea last: she may open a round
OK, NO = 302, 403


def expect(**allowed: int) -> dict[str, int]:
    """Every actor refused (anonymous: sent to log in), except those named."""
    return {name: allowed.get(name, OK if name == "anoniem" else NO) for name in ACTORS}


# (action, whose report, round status, report status) -> expected code per actor
CASES: list[tuple[str, str, str, str, dict[str, int]]] = [
    ("lijst", "eigen", "open", "concept", expect(bea=200, cor=200, ida=200, olaf=200, lex=200)),
    ("rapport", "eigen", "open", "concept", expect(bea=200, cor=200, ida=200, lex=200)),
    ("rapport", "ander", "open", "concept", expect(bea=200, olaf=200, lex=200)),
    ("opslaan", "eigen", "open", "concept", expect(ida=OK)),
    ("opslaan", "eigen", "open", "teruggestuurd", expect(ida=OK)),
    ("opslaan", "eigen", "open", "ingediend", expect()),
    ("opslaan", "eigen", "gesloten", "concept", expect()),
    ("opslaan", "ander", "open", "concept", expect(olaf=OK)),
    ("indienen", "eigen", "open", "concept", expect(ida=OK)),
    ("indienen", "eigen", "open", "ingediend", expect()),
    ("indienen", "ander", "open", "concept", expect(olaf=OK)),
    ("terugsturen", "eigen", "open", "ingediend", expect(bea=OK, cor=OK)),
    ("terugsturen", "eigen", "open", "concept", expect()),
    ("terugsturen", "ander", "open", "ingediend", expect(bea=OK)),
    ("goedkeuren", "eigen", "open", "ingediend", expect(bea=OK, cor=OK)),
    ("goedkeuren", "eigen", "gesloten", "ingediend", expect(bea=OK, cor=OK)),
    ("goedkeuren", "ander", "open", "ingediend", expect(bea=OK)),
    ("goedkeuren", "eigen", "gepubliceerd", "ingediend", expect()),
    ("sluiten", "eigen", "open", "concept", expect(bea=OK)),
    ("sluiten", "eigen", "gesloten", "concept", expect()),
    ("heropenen", "eigen", "gesloten", "concept", expect(bea=OK)),
    ("publiceren", "eigen", "open", "goedgekeurd", expect()),
    ("publiceren", "eigen", "gesloten", "goedgekeurd", expect(bea=OK)),
    # One round at a time: 2026 opens only once 2025 is published.
    ("openen", "eigen", "open", "concept", expect()),
    ("openen", "eigen", "gesloten", "concept", expect()),
    ("openen", "eigen", "gepubliceerd", "gepubliceerd", expect(bea=OK)),
    # The bureau's targets for the year, while the round runs.
    ("doelen", "eigen", "open", "concept", expect(bea=OK)),
    ("doelen", "eigen", "gesloten", "ingediend", expect(bea=OK)),
    # Managing users does not depend on the round: only the bureau, in every state.
    ("gebruikers", "eigen", "open", "concept", expect(bea=200)),
    ("gebruikers", "eigen", "gepubliceerd", "gepubliceerd", expect(bea=200)),
]


def snapshot(cast: Any) -> tuple[object, ...]:
    reports = iv.ProgressReport.objects.filter(pk__in=[cast.own.pk, cast.other.pk])
    return (
        sorted(
            reports.values_list(
                "pk", "status", "version", "summary", "colour", "review_comment", "updated_by"
            )
        ),
        sorted(iv.ProgressRound.objects.values_list("year", "status")),
        iv.KpiValue.objects.count(),
        iv.ProgressReport.history.count(),
        iv.KpiValue.history.count(),
    )


def send(client: Client, cast: Any, action: str, report: iv.ProgressReport) -> int:
    url = cast.url(report)
    version = iv.ProgressReport.objects.get(pk=report.pk).version
    first_kpi = report.intervention.kpis.first()
    posts: dict[str, tuple[str, dict[str, Any]]] = {
        "opslaan": (url, {"actie": "opslaan", "version": version, "summary": "Ging goed."}),
        "indienen": (url, {"actie": "indienen", "version": version}),
        "terugsturen": (url, {"actie": "terugsturen", "version": version, "comment": "Aanvullen"}),
        "goedkeuren": (
            url,
            {"actie": "goedkeuren", "version": version, "colour": "groen", "reason": "Goed"},
        ),
        # Confirmed: the other reports of the round are not approved (tests/staff/test_round.py
        # has the confirmation itself).
        "sluiten": ("/ronde/2025/sluiten/", {"bevestigd": "ja"}),
        "heropenen": ("/ronde/2025/heropenen/", {}),
        "publiceren": ("/ronde/2025/publiceren/", {"bevestigd": "ja"}),
        "openen": ("/ronde/", {"year": 2026}),
        "doelen": (url, {"actie": "doelen"}),
    }
    if first_kpi is not None:
        posts["opslaan"][1][f"kpi-{first_kpi.pk}"] = "12"
        posts["doelen"][1][f"doel-{first_kpi.pk}"] = "650"
    if action == "lijst":
        return client.get("/ronde/2025/").status_code
    if action == "rapport":
        return client.get(url).status_code
    if action == "gebruikers":  # the list; tests/staff/test_users.py has the rest
        return client.get("/gebruikers/").status_code
    target, data = posts[action]
    response = client.post(target, data)
    if response.status_code == 302 and client.session.get("_auth_user_id") is None:
        assert response["Location"].startswith("/inloggen/?next=")
    return response.status_code


@pytest.mark.django_db
def test_every_actor_gets_what_the_rules_allow_and_refusals_change_nothing(cast: Any) -> None:
    clients = {name: cast.client(name) for name in ACTORS}
    failures = []
    for action, whose, round_status, report_status, expected in CASES:
        report = cast.own if whose == "eigen" else cast.other
        for name in ACTORS:
            # 2026 first: at most one round is open (a constraint of the database).
            iv.ProgressRound.objects.filter(year=2026).delete()
            iv.ProgressRound.objects.filter(year=2025).update(status=round_status)
            iv.ProgressReport.objects.filter(pk__in=[cast.own.pk, cast.other.pk]).update(
                status=report_status
            )
            before = snapshot(cast)
            code = send(clients[name], cast, action, report)
            if code != expected[name]:
                failures.append(f"{action} {whose} ({round_status}/{report_status}) {name}: {code}")
            elif (expected[name] == NO or name == "anoniem") and snapshot(cast) != before:
                failures.append(f"{action} {whose} {name}: refused but changed the database")
    assert failures == []


@pytest.mark.django_db
def test_a_refusal_says_why_in_dutch(cast: Any) -> None:
    response = cast.client("olaf").get(cast.url(cast.own))
    assert response.status_code == 403
    assert "hoort bij een andere organisatie of pijler" in response.content.decode()
    response = cast.client("bea").post("/ronde/2025/publiceren/")
    assert response.status_code == 403
    assert "Sluit de ronde eerst" in response.content.decode()


@pytest.mark.django_db
def test_each_sees_their_part_of_the_round(cast: Any) -> None:
    def shown(name: str) -> int:
        return len(cast.client(name).get("/ronde/2025/").context["reports"])

    total = cast.round.reports.count()
    werk = cast.round.reports.filter(intervention__pillar="werk").count()
    assert shown("bea") == shown("lex") == total
    assert shown("cor") == werk
    assert 0 < shown("ida") < total
    assert cast.own.pk in {
        r["report"].pk for r in cast.client("ida").get("/ronde/2025/").context["reports"]
    }
    assert cast.client("anoniem").get("/ronde/").status_code == 302
