"""A whole round through the browser: fill in, submit, return, correct, approve, publish."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from nprz.core.movement import Colour, Movement
from nprz.interventions import models as iv
from nprz.interventions.queries import intervention_rows


def version(report: iv.ProgressReport) -> int:
    return iv.ProgressReport.objects.get(pk=report.pk).version


def post(client: Client, url: str, **data: Any) -> Any:
    return client.post(url, data)


@pytest.mark.django_db
def test_a_whole_round(cast: Any) -> None:
    ida, cor, bea = cast.client("ida"), cast.client("cor"), cast.client("bea")
    url = cast.url(cast.own)
    garanties = cast.own.intervention.kpis.order_by("position").first()  # doel: jaarlijks 600
    field = f"kpi-{garanties.pk}"

    page = ida.get(url)
    assert page.status_code == 200
    assert "Voortgang invullen" in page.content.decode()

    # Ida fills in: 540 of 600 is 90%, so the KPIs propose geel.
    response = post(
        ida, url, actie="opslaan", version=1, summary="Meer garanties.", **{field: "540"}
    )
    assert response.status_code == 302
    report = iv.ProgressReport.objects.get(pk=cast.own.pk)
    assert (report.summary, report.proposed_colour, report.version) == (
        "Meer garanties.",
        "geel",
        2,
    )
    assert report.updated_by == cast.users["ida"]
    value = iv.KpiValue.objects.get(kpi=garanties, round=cast.round, kind="realisatie")
    assert (value.period, value.printed, value.value) == ("2025", "540", Decimal(540))
    followed = ida.get(url)
    assert "Het voortgangsrapport is opgeslagen." in followed.content.decode()

    assert post(ida, url, actie="indienen", version=2).status_code == 302
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).status == "ingediend"

    review = cor.get(url).content.decode()
    assert 'value="terugsturen"' in review
    assert '<label for="id_colour">Kleur</label>' in review
    assert "Voortgang invullen" not in review
    # Cor returns it; a comment is required.
    refused = post(cor, url, actie="terugsturen", version=3, comment=" ")
    assert refused.status_code == 400
    assert "schrijf waarom het rapport terug gaat" in refused.content.decode()
    assert (
        post(cor, url, actie="terugsturen", version=3, comment="Noem de werkgevers.").status_code
        == 302
    )
    report = iv.ProgressReport.objects.get(pk=cast.own.pk)
    assert (report.status, report.review_comment) == ("teruggestuurd", "Noem de werkgevers.")
    assert "Noem de werkgevers." in ida.get(url).content.decode()

    # Ida corrects (1.170 would be groen; 570 is 95%: still geel) and submits again.
    assert (
        post(
            ida, url, actie="opslaan", version=4, summary="Zes werkgevers.", **{field: "570"}
        ).status_code
        == 302
    )
    assert post(ida, url, actie="indienen", version=5).status_code == 302

    # Cor approves groen, against the proposal: only with a reason.
    refused = post(cor, url, actie="goedkeuren", version=6, colour="groen", reason="")
    assert refused.status_code == 400
    assert "de KPI&#x27;s stellen geel voor" in refused.content.decode()
    assert 'aria-describedby="id_reason-fout"' in refused.content.decode()
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).status == "ingediend"
    approved = post(
        cor, url, actie="goedkeuren", version=6, colour="groen", reason="Doel is ondergrens."
    )
    assert approved.status_code == 302
    report = iv.ProgressReport.objects.get(pk=cast.own.pk)
    assert (report.status, report.colour, report.colour_reason) == (
        "goedgekeurd",
        "groen",
        "Doel is ondergrens.",
    )

    # Bea closes and publishes; only the approved report is published. Both steps first ask
    # for a confirmation that lists the reports that are not approved.
    left = cast.round.reports.count() - 1
    asked = bea.post("/ronde/2025/sluiten/")
    assert asked.status_code == 200
    assert f"{left} van de {left + 1} voortgangsrapporten zijn niet goedgekeurd" in (
        asked.content.decode()
    )
    listed = {item["report"].pk for item in asked.context["reports"]}
    assert len(listed) == left
    assert cast.other.pk in listed
    assert cast.own.pk not in listed  # approved
    assert iv.ProgressRound.objects.get(year=2025).status == "open"
    assert bea.post("/ronde/2025/sluiten/", {"bevestigd": "ja"}).status_code == 302
    assert bea.post("/ronde/2025/publiceren/").status_code == 200
    assert iv.ProgressRound.objects.get(year=2025).status == "gesloten"
    published = bea.post("/ronde/2025/publiceren/", {"bevestigd": "ja"}, follow=True)
    text = published.content.decode()
    assert "Voortgangsronde 2025 is gepubliceerd." in text
    assert f"{left} voortgangsrapporten waren niet goedgekeurd en blijven buiten de" in text
    assert "De openbare pagina toont standaard 2024" in text
    assert iv.ProgressRound.objects.get(year=2025).status == "gepubliceerd"
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).status == "gepubliceerd"
    assert iv.ProgressReport.objects.get(pk=cast.other.pk).status == "concept"

    # The history names who did what.
    history = cast.client("lex").get(url).context["history"]
    who = [(e.who, e.what) for e in history]
    assert ("ida", "KPI-waarde") in who
    assert who.count(("cor", "gewijzigd")) == 2  # returned, approved
    changes = {c for e in history for c in e.changes}
    assert ("kleur", "niet-vastgelegd", "groen") in changes
    assert ("Voortgang in eigen woorden".lower(), "Meer garanties.", "Zes werkgevers.") in {
        (c[0].lower(), c[1], c[2]) for c in changes
    }

    # Published in part, the round is public on request; by default the page keeps the last
    # complete year, 2024, with all its interventions.
    public = Client().get("/interventies/?jaar=2025")
    assert public.status_code == 200
    page = public.content.decode()
    assert "Interventies 2025" in page
    assert (
        f"De ronde 2025 is gedeeltelijk gepubliceerd: 1 van de {left + 1} voortgangsrapporten "
        f"waren goedgekeurd; de andere {left} zijn niet openbaar"
    ) in page
    # The published report names its source; no empty "()" behind the text.
    one = Client().get("/interventies/werk/1/?jaar=2025").content.decode()
    assert 'Zes werkgevers. <span class="muted">(voortgangsronde 2025)</span>' in one
    assert "()" not in one
    default = Client().get("/interventies/").content.decode()
    assert "<h1>Interventies 2024</h1>" in default
    assert "134 interventies" in default
    assert "Over 2025 is een deel van de voortgangsrapporten gepubliceerd" in default
    werk_1 = Client().get("/interventies/tabel.csv?jaar=2025").content.decode().splitlines()
    assert any(line.startswith("werk-1,werk,1,") and line.endswith(",groen,onbekend")
               for line in werk_1)  # fmt: skip
    # The query behind it: the 2024 colour was not recorded, so the movement is unknown.
    row = next(r for r in intervention_rows(2025) if (r.pillar, r.number) == ("werk", "1"))
    assert (row.colour_previous, row.colour, row.movement) == (
        Colour.NIET_VASTGELEGD,
        Colour.GROEN,
        Movement.ONBEKEND,
    )
