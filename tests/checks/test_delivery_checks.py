"""`nprz check` for a year without a printed report checks what was delivered (issue 14).

The cast: the bundled 2024 report, and a SYNTHETIC delivery for 2025 (every row says so in
its note) that breaks three identities of the definition and keeps a fourth: Hillesluis's
vestigers total is one more than its seven origin columns; Rotterdam's thuiszitters end
the school year with one more than start + new - moved - 18 - solved; Zuid's share of the
pupils is printed as 36,0% where 30.000 of 86.000 is 34,9%; the vertrekkers add up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nprz import cli
from nprz.checks.deliveries import check_deliveries, delivered, has_printed_report
from nprz.checks.facts import MEASUREMENT, Facts, Figure, IdentityFacts

NOTE = "SYNTHETISCH testcijfer"
ROWS = [
    *(("verhuis-in-" + str(i), "hillesluis", "2025", str(10 * i)) for i in range(1, 8)),
    ("verhuis-in", "hillesluis", "2025", "281"),  # the columns add up to 280
    *(("verhuis-uit-" + str(i), "hillesluis", "2025", str(5 * i)) for i in range(1, 8)),
    ("verhuis-uit", "hillesluis", "2025", "140"),  # adds up
    ("thuiszitters-aanvang", "rotterdam", "2024/25", "50"),
    ("thuiszitters-nieuw", "rotterdam", "2024/25", "100"),
    ("thuiszitters-verhuisd", "rotterdam", "2024/25", "5"),
    ("thuiszitters-18-jaar", "rotterdam", "2024/25", "2"),
    ("thuiszitters-opgelost", "rotterdam", "2024/25", "80"),
    ("thuiszitters-einde", "rotterdam", "2024/25", "64"),  # the balance gives 63
    ("leerplichtigen", "nprz", "2024/25", "30.000"),
    ("leerplichtigen", "rotterdam", "2024/25", "86.000"),
    ("leerlingen-aandeel-zuid", "nprz", "2024/25", "36,0%"),  # 30.000 / 86.000 = 34,9%
]


def write_delivery(folder: Path) -> Path:
    path = folder / "synthetisch-2025-fouten.csv"
    lines = ["indicator;area;period;value;status;note"]
    lines += [f"{i};{a};{p};{v};definitief;{NOTE}" for i, a, p, v in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_year_without_a_printed_report_checks_its_deliveries(
    loaded: object, tmp_path: Path
) -> None:
    runner = CliRunner()
    path = write_delivery(tmp_path)
    imported = runner.invoke(cli.app, ["import", "file", str(path), "--rapportjaar", "2025"])
    assert imported.exit_code == 0, imported.output

    result = runner.invoke(cli.app, ["check", "--year", "2025"])
    assert result.exit_code == 1, result.output
    first = result.output.splitlines()[0]
    assert first == (
        "Voor 2025 is geen gedrukt rapport geladen: alleen de leveringen voor 2025 worden "
        "gecontroleerd (sommen, saldi, voorraad en stroom, en aandelen (aantal ÷ totaal)); "
        "tabellen, bronnen, tekst gaan over een gedrukt rapport."
    )
    assert "Controle leveringen 2025: 3 afwijking(en)" in result.output

    data = json.loads(runner.invoke(cli.app, ["check", "--year", "2025", "-f", "json"]).stdout)
    assert (data["printed_report"], data["soorten"], data["total"]) == (False, ["rekenen"], 3)
    found = {f["subject"]: f for f in data["findings"]}
    assert set(found) == {"verhuis-in", "thuiszitters-balans", "leerlingen-aandeel"}
    assert (found["verhuis-in"]["published"], found["verhuis-in"]["recomputed"]) == ("281", "280")
    assert found["verhuis-in"]["what"].endswith("(hillesluis, 2025)")
    assert "bestand-0001, rij 9" in found["verhuis-in"]["where"]
    balance = found["thuiszitters-balans"]
    assert (balance["published"], balance["recomputed"]) == ("64", "63")
    share = found["leerlingen-aandeel"]
    assert (share["published"], share["recomputed"]) == ("36,0%", "34,9%")
    assert share["why"] == "Het aandeel is berekend uit de geleverde aantallen."
    assert "gedrukt" not in found["verhuis-in"]["why"]


@pytest.mark.django_db
def test_a_year_with_a_printed_report_is_proofread_as_before(loaded: object) -> None:
    result = CliRunner().invoke(cli.app, ["check", "--year", "2024", "--samenvatting"])
    assert "geen gedrukt rapport" not in result.output
    assert "Controle voortgangsrapportage 2024" in result.output


def test_delivered_figures_are_filed_under_the_table_of_their_identities() -> None:
    identity = IdentityFacts(
        "som", "Totaal = a + b", "tabel", {"total": "totaal", "sum": ["a", "-b@elders"]}, ""
    )

    def figure(indicator: str, printed: str, imported: bool = True) -> Figure:
        return Figure("bestand-0007", MEASUREMENT, printed, "rij 3", indicator, "x", "2025",
                      imported=imported)  # fmt: skip

    facts = Facts(
        2025,
        [figure("a", "10"), figure("totaal", "7"), figure("anders", "1")],
        {},
        [],
        {},
        [identity],
    )
    assert not has_printed_report(facts)
    assert has_printed_report(Facts(2024, [figure("a", "1", imported=False)], {}, [], {}, []))
    filed = delivered(facts)
    assert [(f.table, f.indicator, f.source) for f in filed.figures] == [
        ("tabel", "a", "bestand-0007, rij 3"),
        ("tabel", "totaal", "bestand-0007, rij 3"),
    ]
    # b@elders was not delivered: the identity cannot be checked, so nothing is found.
    assert list(check_deliveries(facts)) == []
    both = Facts(2025, [*facts.figures, Figure("bestand-0007", MEASUREMENT, "2", "rij 4", "b",
                 "elders", "2025", imported=True)], {}, [], {}, [identity])  # fmt: skip
    (finding,) = check_deliveries(both)
    assert (finding.published, finding.recomputed, finding.subject) == ("7", "8", "som")
