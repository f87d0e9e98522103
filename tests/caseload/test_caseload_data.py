"""The Samen voor Zuid figures in the bundled dataset: as printed, each on its source line.

Report (rapport) r. 4187-4193: the caseload series; letter (brief) r. 16, 38, 69, 71: the
current stand, the stands around 2024 and the home visits. The report's activity KPIs are
Werk interventions 5, 7 and 24 (reused, not copied into indicators).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from nprz.datasets.interventions import InterventionRow
from nprz.datasets.records import Dataset, ObservationRecord

SERIES = {  # period -> (printed, report line, footnote mentions)
    "2024": ("12.794", 4187, "31 december 2024"),
    "2023": ("13.065", 4188, "31 december 2023"),
    "2022": ("13.291", 4189, "31 december 2022"),
    "2021": ("13.973", 4190, "31 december 2021"),
    "2020": ("14.567", 4191, "31 december 2020"),
    "2019": ("13.507", 4192, "31 december 2019"),
    "2018": ("15.200", 4193, "31 maart 2018"),  # not a year-end count: said, not hidden
}
LETTER = {"2023": ("13.065", 38), "2024": ("12.794", 38), "2025": ("12.947", 16)}

CANDIDATES = [
    *([Path(os.environ["NPRZ_SEEDS"])] if os.environ.get("NPRZ_SEEDS") else []),
    Path(__file__).resolve().parents[3] / "shared" / "seeds",
    Path("/work/shared/seeds"),
]
SEEDS = next((c for c in CANDIDATES if (c / "brief-samen-voor-zuid-2025.txt").is_file()), None)
FILES = {"rapport": "voortgangsrapportage-nprz-2024.txt", "brief": "brief-samen-voor-zuid-2025.txt"}


def observations(data: Dataset, indicator: str, vintage: str) -> dict[str, ObservationRecord]:
    found = [o for o in data.observations if (o.indicator, o.vintage) == (indicator, vintage)]
    by_period = {o.period: o for o in found}
    assert len(by_period) == len(found)
    return by_period


def werk(data: Dataset, number: str) -> InterventionRow:
    found: InterventionRow = next(
        i for i in data.interventions if (i.pillar, i.number) == ("werk", number)
    )
    return found


def test_the_reports_caseload_series_is_stored_as_printed(nprz2024: Dataset) -> None:
    series = observations(nprz2024, "bijstandsuitkeringen", "bijstand")
    assert {
        period: (o.token_text, o.source.document, o.source.line) for period, o in series.items()
    } == {period: (printed, "rapport", line) for period, (printed, line, _) in SERIES.items()}
    assert {p: o.value for p, o in series.items()} == {
        "2024": Decimal(12794),
        "2023": Decimal(13065),
        "2022": Decimal(13291),
        "2021": Decimal(13973),
        "2020": Decimal(14567),
        "2019": Decimal(13507),
        "2018": Decimal(15200),
    }
    for period, (_, _, date) in SERIES.items():
        assert date in series[period].footnote


def test_the_letters_stands_are_kept_next_to_the_reports(nprz2024: Dataset) -> None:
    letter = observations(nprz2024, "bijstandsuitkeringen", "brief")
    assert {p: (o.token_text, o.source.line) for p, o in letter.items()} == LETTER
    assert "huidige stand" in letter["2025"].footnote  # undated: the letter gives no date


def test_the_path_target_has_its_three_milestones(nprz2024: Dataset) -> None:
    target = next(i.target for i in nprz2024.indicators if i.code == "bijstandsuitkeringen")
    assert target is not None
    assert (target.kind, target.start_period) == ("path", "2023")
    assert [(ms.year, ms.printed, ms.source.line) for ms in target.milestones] == [
        (2024, "12.750", 40),
        (2025, "12.400", 44),
        (2031, "10.000", 12),
    ]


def test_home_visits_of_the_letter_and_of_the_report_differ_and_both_are_kept(
    nprz2024: Dataset,
) -> None:
    letter = observations(nprz2024, "verzuim-huisbezoeken", "brief")
    assert {p: (o.token_text, str(o.source)) for p, o in letter.items()} == {
        "2024": ("1086", "brief r. 69")
    }
    targets = sorted(
        (p.period, p.printed, str(p.source))
        for p in nprz2024.published
        if p.indicator == "verzuim-huisbezoeken"
    )
    assert targets == [("2024", "700", "brief r. 69"), ("2025", "1200", "brief r. 71")]
    assert {p.kind for p in nprz2024.published if p.indicator == "verzuim-huisbezoeken"} == {"doel"}
    # The report's KPI of Werk intervention 24 (Verzuimaanpak): target 700, realised 1014.
    kpi = werk(nprz2024, "24").kpis[0]
    assert kpi.label == "Extra huisbezoeken in NPRZ-gebied"
    assert [(v.kind, v.printed, v.line) for v in kpi.values] == [
        ("doel", "700", 4763),
        ("realisatie", "1014", 4763),
    ]


def test_outflow_and_jobhunters_are_the_reports_kpis(nprz2024: Dataset) -> None:
    outflow = {k.label: k for k in werk(nprz2024, "5").kpis}
    work = outflow["Uitstroom naar Werk in NPRZ-gebied"]
    assert [(v.period, v.printed, v.line) for v in work.values][:2] == [
        ("2024", "1.350", 4213),
        ("2023", "1.465", 4214),
    ]
    share = outflow["Uitstroom Overig in NPRZ-gebied, % van het totaal in Rotterdam"]
    assert (share.values[0].printed, share.values[0].line) == ("38.46%", 4221)
    jobs = werk(nprz2024, "7").kpis[0]
    assert [(v.kind, v.printed, v.line) for v in jobs.values] == [
        ("doel", "450", 4268),
        ("realisatie", "353", 4269),
    ]
    assert not any(i.code.startswith(("uitstroom", "jobhunter")) for i in nprz2024.indicators)


@pytest.mark.skipif(SEEDS is None, reason="bronbestanden niet gevonden")
def test_every_caseload_figure_stands_on_its_line(nprz2024: Dataset) -> None:
    assert SEEDS is not None
    lines = {code: (SEEDS / name).read_text("utf-8").split("\n") for code, name in FILES.items()}
    mine = [
        o
        for o in nprz2024.observations
        if o.indicator in ("bijstandsuitkeringen", "verzuim-huisbezoeken")
    ]
    assert len(mine) == 11  # 7 from the report, 4 from the letter
    for o in mine:
        assert o.source.line is not None
        assert o.token_text in lines[o.source.document][o.source.line - 1], o
    assert "31 mrt 2018: 15.200" in lines["rapport"][4193 - 1]
    assert "1086 thuisbezoeken" in lines["brief"][69 - 1]
    assert "realisatie 1014" in lines["rapport"][4763 - 1]
