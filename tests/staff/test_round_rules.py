"""The round's rules over HTTP (issue 17): one round at a time with normalised years, a
stopped intervention stays stopped until the bureau brings it back, four eyes for a user with
two roles, the owner's colour proposal, the bureau's targets, last year beside this year, and
the overview per pillar and status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from nprz.core.workflow import FOUR_EYES
from nprz.interventions import models as iv

STOPPED = {"11", "14", "16", "17", "26", "29"}  # Werk, gestopt in 2024 (the report's text)


def werk_numbers(year: int) -> set[str]:
    return set(
        iv.ProgressReport.objects.filter(round__year=year, intervention__pillar="werk").values_list(
            "intervention__number", flat=True
        )
    )


@pytest.mark.django_db
def test_one_round_at_a_time_and_a_stopped_intervention_stays_stopped(cast: Any) -> None:
    bea = cast.client("bea")
    # 2025 is open: a fullwidth 2030 is read as 2030 and refused, nothing is opened.
    refused = bea.post("/ronde/", {"year": "２０３０"})
    assert refused.status_code == 403
    assert (
        "De voortgangsronde 2025 loopt nog (open); er loopt één ronde tegelijk: publiceer die "
        "eerst." in refused.content.decode()
    )
    listing = bea.get("/ronde/").content.decode()
    assert "<strong>Nu niet:</strong> de voortgangsronde 2025 loopt nog (open)" in listing
    arabic = bea.post("/ronde/", {"year": "٢٠٣٠"})
    assert arabic.status_code == 400
    assert "Gebruik de cijfers 0 tot en met 9" in arabic.content.decode()
    assert sorted(iv.ProgressRound.objects.values_list("year", flat=True)) == [2023, 2024, 2025]

    # Stopped in 2024, so not in 2025; and, once 2025 is published, not in 2026 either.
    assert not werk_numbers(2025) & STOPPED
    iv.ProgressRound.objects.filter(year=2025).update(status="gepubliceerd")
    assert bea.post("/ronde/", {"year": "２０２６"}).status_code == 302
    assert iv.ProgressRound.objects.get(year=2026).status == "open"
    assert not werk_numbers(2026) & STOPPED
    page = bea.get("/ronde/2026/").content.decode()
    assert "Gestopte interventies" in page
    assert page.count("— gestopt in 2024.") == 6

    # The bureau brings Werk 11 back, with a reason; then later rounds hold it too.
    werk11 = iv.Intervention.objects.get(pillar="werk", number="11")
    url = "/ronde/2026/heractiveren/"
    without = bea.post(url, {"intervention": werk11.pk, "reason": " "})
    assert without.status_code == 400
    assert "schrijf waarom de interventie terugkomt" in without.content.decode()
    assert (
        cast.client("cor").post(url, {"intervention": werk11.pk, "reason": "x"}).status_code == 403
    )
    back = bea.post(url, {"intervention": werk11.pk, "reason": "Nieuwe financiering."})
    assert back.status_code == 302
    assert werk_numbers(2026) & STOPPED == {"11"}
    (reactivation,) = iv.Reactivation.objects.all()
    assert (reactivation.year, reactivation.reason, reactivation.by) == (
        2026, "Nieuwe financiering.", cast.users["bea"],
    )  # fmt: skip
    iv.ProgressRound.objects.filter(year=2026).update(status="gepubliceerd")
    assert bea.post("/ronde/", {"year": "2027"}).status_code == 302
    assert werk_numbers(2027) & STOPPED == {"11"}
    # A gap year is refused: the movement compares with the year before.
    iv.ProgressRound.objects.filter(year=2027).update(status="gepubliceerd")
    assert bea.post("/ronde/", {"year": "2029"}).status_code == 403


@pytest.mark.django_db
def test_nobody_approves_what_they_edited_or_submitted_even_with_two_roles(cast: Any) -> None:
    cor_user = cast.users["cor"]
    ida_org = iv.StaffRole.objects.get(user=cast.users["ida"]).organisation
    iv.StaffRole.objects.create(user=cor_user, role="initiatiefnemer", organisation=ida_org)
    cor, bea = cast.client("cor"), cast.client("bea")
    url = cast.url(cast.own)
    assert (
        cor.post(url, {"actie": "opslaan", "version": 1, "summary": "Door Cor."}).status_code == 302
    )
    assert cor.post(url, {"actie": "indienen", "version": 2}).status_code == 302

    page = cor.get(url).content.decode()
    assert (
        "U heeft dit voortgangsrapport zelf bewerkt of ingediend; een ander moet het "
        "goedkeuren (vier ogen)." in page
    )
    assert 'value="goedkeuren"' not in page
    assert 'value="terugsturen"' in page  # returning is not approving
    approve = {"actie": "goedkeuren", "version": 3, "colour": "groen", "reason": "Goed."}
    refused = cor.post(url, approve)
    assert refused.status_code == 403
    assert FOUR_EYES.replace("u heeft", "U heeft", 1) + "." in refused.content.decode()
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).status == "ingediend"
    # Another reviewer may.
    assert bea.post(url, approve).status_code == 302
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).status == "goedgekeurd"


@pytest.mark.django_db
def test_the_owner_proposes_a_colour_and_the_bureau_sets_the_target(cast: Any) -> None:
    ida, cor, bea = cast.client("ida"), cast.client("cor"), cast.client("bea")
    url = cast.url(cast.own)
    first = cast.own.intervention.kpis.order_by("position").first()  # doel: jaarlijks 600
    field = f"kpi-{first.pk}"

    # Last year beside this year: the 2024 value as printed, and the 2024 text.
    page = ida.get(url)
    (row,) = [r for r in page.context["kpi_rows"] if r.label == first.label]
    assert (row.previous, row.target) == ("626", "600 (plan, rapport r. 3966)")
    assert '<th scope="col">Realisatie 2024</th>' in page.content.decode()
    previous = page.context["previous"]
    assert previous.round.year == 2024
    assert previous.summary in page.content.decode()

    # A colour without a reason is refused; with one it is kept.
    data = {"actie": "opslaan", "version": 1, "summary": "Tekst.", field: "540"}
    bad = ida.post(url, {**data, "owner_colour": "groen"})
    assert bad.status_code == 400
    assert "geef een reden bij de kleur die u voorstelt" in bad.content.decode()
    ok = ida.post(url, {**data, "owner_colour": "groen", "owner_colour_reason": "Meer werkgevers."})
    assert ok.status_code == 302
    report = iv.ProgressReport.objects.get(pk=cast.own.pk)
    assert (report.owner_colour, report.owner_colour_reason, report.proposed_colour) == (
        "groen", "Meer werkgevers.", "geel",  # 540 of 600 is 90%
    )  # fmt: skip

    # The bureau sets this year's target: 500, so 540 reaches it and the KPIs propose groen.
    targets = bea.post(url, {"actie": "doelen", f"doel-{first.pk}": "500"})
    assert targets.status_code == 302
    target = iv.KpiValue.objects.get(kpi=first, round=cast.round, kind="doel")
    assert (target.period, target.printed, target.value, target.source) == (
        "2025", "500", Decimal(500), "programmabureau",
    )  # fmt: skip
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).proposed_colour == "groen"
    assert bea.post(url, {"actie": "doelen", f"doel-{first.pk}": "1.000,5"}).status_code == 400
    assert ida.post(url, {"actie": "doelen", f"doel-{first.pk}": "1"}).status_code == 403

    # The reviewer sees the owner's proposal chosen in advance; another colour needs a reason.
    assert ida.post(url, {"actie": "indienen", "version": 2}).status_code == 302
    review = cor.get(url)
    assert review.context["approve_form"].initial["colour"] == "groen"
    assert "Meer werkgevers." in review.content.decode()
    other = cor.post(url, {"actie": "goedkeuren", "version": 3, "colour": "geel", "reason": ""})
    assert other.status_code == 400
    assert (
        "de KPI&#x27;s stellen groen voor en de initiatiefnemer stelt groen voor; leg uit waarom "
        "u geel kiest" in other.content.decode()
    )


@pytest.mark.django_db
def test_the_round_page_gives_an_overview_per_pillar_and_status(cast: Any) -> None:
    ida = cast.client("ida")
    url = cast.url(cast.own)
    assert ida.post(url, {"actie": "opslaan", "version": 1, "summary": "Klaar."}).status_code == 302
    assert ida.post(url, {"actie": "indienen", "version": 2}).status_code == 302
    overview = cast.client("bea").get("/ronde/2025/").context["overview"]
    rows = {pillar: (counts, total) for pillar, counts, total in overview.rows}
    werk = cast.round.reports.filter(intervention__pillar="werk").count()
    assert overview.statuses[:2] == ("concept", "ingediend")
    assert rows["werk"] == ((werk - 1, 1, 0, 0, 0), werk)
    assert overview.total == cast.round.reports.count() == sum(overview.totals)
    # A coordinator sees the overview of what they see: their pillar.
    mine = cast.client("cor").get("/ronde/2025/").context["overview"]
    assert [pillar for pillar, _, _ in mine.rows] == ["werk"]
