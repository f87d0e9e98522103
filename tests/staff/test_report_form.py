"""Saving a report: optimistic locking and input checks."""

from __future__ import annotations

from typing import Any

import pytest

from nprz.interventions import models as iv


def kpis(cast: Any) -> list[iv.Kpi]:
    return list(cast.own.intervention.kpis.order_by("position"))


@pytest.mark.django_db
def test_a_second_save_from_an_old_version_is_refused_and_nothing_is_lost(cast: Any) -> None:
    first, second = cast.client("ida"), cast.client("ida")
    url = cast.url(cast.own)
    field = f"kpi-{kpis(cast)[0].pk}"
    assert (
        first.get(url).context["report"].version == second.get(url).context["report"].version == 1
    )

    saved = first.post(
        url, {"actie": "opslaan", "version": 1, "summary": "Eerste tekst.", field: "600"}
    )
    assert saved.status_code == 302
    clash = second.post(
        url, {"actie": "opslaan", "version": 1, "summary": "Tweede tekst.", field: "1.200"}
    )

    assert clash.status_code == 409
    text = clash.content.decode()
    assert "Iemand anders heeft dit voortgangsrapport intussen gewijzigd" in text
    changes = {c.field: (c.theirs, c.now) for c in clash.context["conflict"].changes}
    assert changes["summary"] == ("Tweede tekst.", "Eerste tekst.")
    assert changes[field] == ("1.200", "600")
    # The first save stands; the second's input is shown back, ready to save again.
    report = iv.ProgressReport.objects.get(pk=cast.own.pk)
    assert (report.summary, report.version) == ("Eerste tekst.", 2)
    assert iv.KpiValue.objects.get(kpi_id=kpis(cast)[0].pk, round=cast.round).printed == "600"
    form = clash.context["report_form"]
    assert form["summary"].value() == "Tweede tekst."
    assert form[field].value() == "1.200"
    assert form["version"].value() == "2"
    assert "Tweede tekst.</textarea>" in text


@pytest.mark.django_db
def test_a_state_step_from_an_old_version_is_refused(cast: Any) -> None:
    url = cast.url(cast.own)
    ida = cast.client("ida")
    assert ida.post(url, {"actie": "opslaan", "version": 1, "summary": "Klaar."}).status_code == 302
    stale = ida.post(url, {"actie": "indienen", "version": 1})
    assert stale.status_code == 409
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).status == "concept"


BAD = [
    ("kpi", "veel", "vul een getal in"),
    ("kpi", "-3", "een aantal kan niet negatief zijn"),
    ("kpi", "1.000.000.000.000", "onwaarschijnlijk groot"),
    # The first KPI of Werk 1 is a count: a whole number, no % or €.
    ("kpi", "1.234,5", "een aantal is een heel getal, zoals 1.234 (niet 1.234,5)"),
    ("kpi", "12,5%", "dit is een aantal, geen percentage"),
    # Arabic-Indic digits are refused (fullwidth ones are read, see below).
    ("kpi", "١٢", "gebruik de cijfers 0 tot en met 9"),
    ("summary", "x" * 5001, "gebruik hoogstens 5000 tekens"),
]


@pytest.mark.django_db
def test_bad_input_gives_dutch_field_errors_and_saves_nothing(cast: Any) -> None:
    ida = cast.client("ida")
    url = cast.url(cast.own)
    first, second = kpis(cast)[:2]
    before = (iv.KpiValue.objects.count(), iv.ProgressReport.history.count())
    for where, text, message in BAD:
        data = {"actie": "opslaan", "version": 1, "summary": "Goed.", f"kpi-{second.pk}": "12,5"}
        data["summary" if where == "summary" else f"kpi-{first.pk}"] = text
        response = ida.post(url, data)
        assert response.status_code == 400, text
        page = response.content.decode()
        assert message in page, text
        name = "summary" if where == "summary" else f"kpi-{first.pk}"
        assert f'aria-describedby="id_{name}-fout"' in page
        assert response.context["report_form"][name].value() == text
        report = iv.ProgressReport.objects.get(pk=cast.own.pk)
        assert (report.summary, report.version) == ("", 1)
        assert (iv.KpiValue.objects.count(), iv.ProgressReport.history.count()) == before


@pytest.mark.django_db
def test_dutch_counts_and_fullwidth_digits_are_read(cast: Any) -> None:
    first, second = kpis(cast)[:2]
    assert (first.unit, second.unit) == ("aantal", "aantal")
    data = {
        "actie": "opslaan",
        "version": 1,
        f"kpi-{first.pk}": "1.234",
        f"kpi-{second.pk}": "１２",  # fullwidth: normalised to 12
    }
    assert cast.client("ida").post(cast.url(cast.own), data).status_code == 302
    values = dict(iv.KpiValue.objects.filter(round=cast.round).values_list("printed", "value"))
    assert values == {"1.234": 1234, "12": 12}


@pytest.mark.django_db
def test_empty_kpis_are_saved_with_a_warning_that_names_them(cast: Any) -> None:
    ida = cast.client("ida")
    url = cast.url(cast.own)
    all_kpis = kpis(cast)
    data = {"actie": "opslaan", "version": 1, "summary": "Deels ingevuld."}
    data |= {f"kpi-{k.pk}": "5" for k in all_kpis[1:]}
    response = ida.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Het voortgangsrapport is opgeslagen." in page
    assert (
        f"Let op: 1 van de {len(all_kpis)} KPI&#x27;s zijn nog leeg ({all_kpis[0].label})."
    ) in page
    # The warning stands by the submit button too.
    assert page.count("Let op: 1 van de") == 3  # message, under the form, by "Indienen"
