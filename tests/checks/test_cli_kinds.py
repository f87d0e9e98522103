"""`nprz check --soort ... --samenvatting`: the filter, the count per kind in the three
formats, the exit code; and no kind of finding gives away a hidden small count."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from nprz import cli
from nprz.checks import run_checks
from nprz.checks.facts import MEASUREMENT, Facts, Figure, IndicatorFacts, PrintedText
from nprz.checks.findings import Soort

from .conftest import Proofread

pytestmark = pytest.mark.django_db
runner = CliRunner()

# With the demo's deliveries: 33 recomputations, 7 table findings, 1 against the source,
# 64 in the words (54 stored texts, 6 progress texts, 4 period columns).
COUNTS = {"rekenen": 33, "tabellen": 7, "bronnen": 1, "tekst": 64}


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli.app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_json_holds_the_count_per_kind_and_the_findings(proofread: Proofread) -> None:
    code, out = invoke("check", "--year", "2024", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert (data["year"], data["summary"], data["total"]) == (2024, COUNTS, 105)
    assert len(data["findings"]) == 105
    assert {f["soort"] for f in data["findings"]} == set(COUNTS)


def test_the_filter_keeps_one_kind(proofread: Proofread) -> None:
    code, out = invoke("check", "--year", "2024", "--soort", "bronnen", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert (data["soorten"], data["summary"], data["total"]) == (["bronnen"], {"bronnen": 1}, 1)
    assert [f["code"] for f in data["findings"]] == ["bron-wijkt-af"]


def test_the_summary_as_csv(proofread: Proofread) -> None:
    code, out = invoke(
        "check", "--year", "2024", "-s", "tekst", "-s", "tabellen", "--samenvatting", "-f", "csv"
    )
    assert code == 1
    assert list(csv.reader(io.StringIO(out))) == [
        ["soort", "aantal"],
        ["tabellen", "7"],
        ["tekst", "64"],
    ]


def test_csv_rows_carry_their_kind(proofread: Proofread) -> None:
    code, out = invoke("check", "--year", "2024", "--soort", "tabellen", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1
    assert len(rows) == 7
    assert {r["soort"] for r in rows} == {"tabellen"}
    assert list(rows[0])[:3] == ["code", "soort", "category"]


def test_the_table_ends_with_the_count_per_kind(proofread: Proofread) -> None:
    code, out = invoke("check", "--year", "2024", "--samenvatting")
    assert code == 1
    assert "Controle voortgangsrapportage 2024: 105 afwijking(en)" in out
    assert "bronnen (tegen de open data van de genoemde bron)" in out
    assert "│ totaal" in out


def test_an_unknown_kind_is_refused() -> None:
    result = runner.invoke(cli.app, ["check", "--year", "2024", "--soort", "spelling"])
    assert result.exit_code != 0


def test_findings_come_kind_by_kind(proofread: Proofread) -> None:
    kinds = [f.soort for f in proofread.findings]
    assert kinds == sorted(kinds, key=list(Soort).index)
    assert run_checks(proofread.facts, [Soort.BRONNEN]) == [
        f for f in proofread.findings if f.soort is Soort.BRONNEN
    ]


# --- hidden small counts ---------------------------------------------------------------


def test_no_finding_of_the_proofreader_cites_a_protected_table(proofread: Proofread) -> None:
    """The tables under disclosure control (verhuizingen, thuiszitters) are read only by the
    recomputations, whose recovered cells the public pages mask (`herleidbaar`)."""
    protected = proofread.facts.protected_tables
    assert protected == {"verhuizingen", "thuiszitters"}
    lines = {
        f.source
        for f in proofread.facts.figures
        if f.table in protected and f.kind in (MEASUREMENT, "afgeleid")
    }
    for finding in proofread.findings:
        if finding.soort is Soort.REKENEN or finding.code == "tabellen-verschillen":
            continue
        cited = {part.strip() for part in finding.where.split(";")}
        assert not cited & lines, finding


def test_a_protected_table_never_shows_its_values() -> None:
    """Synthetic: a protected table prints 3 pupils moved in two years, another table 7 and
    8. Open, the proofreader prints the 3 (as a second print, as a copied value and as the
    figure nearest to a text's number); protected, it names the lines only."""
    info = IndicatorFacts(
        "verhuisd", "verhuisd", "verhuisd", "thuisbasis", "context", "aantal", 0, None
    )
    figures = [
        Figure("thuiszitters", MEASUREMENT, "3", "rapport r. 657", "verhuisd", "nprz", "2021/22"),
        Figure("thuiszitters", MEASUREMENT, "3", "rapport r. 657", "verhuisd", "nprz", "2022/23"),
        Figure("synthetisch", MEASUREMENT, "7", "regel 10", "verhuisd", "nprz", "2021/22"),
        Figure("synthetisch", MEASUREMENT, "8", "regel 10", "verhuisd", "nprz", "2022/23"),
    ]
    texts = [PrintedText("getallen", "verhuisd", "5 leerlingen verhuisd", "", "regel 20")]

    def facts(protected: frozenset[str]) -> Facts:
        return Facts(
            2024, figures, {"verhuisd": info}, [], {}, [], texts=texts, protected_tables=protected
        )

    kinds = [Soort.TABELLEN, Soort.BRONNEN, Soort.TEKST]
    opened = run_checks(facts(frozenset()), kinds)
    assert sorted(f.code for f in opened) == [
        "tabellen-verschillen",
        "tabellen-verschillen",
        "tekst-getal",
        "verdacht-gelijk-gebleven",
    ]
    assert any("3" in f.published + f.recomputed for f in opened)
    closed = run_checks(facts(frozenset({"thuiszitters"})), kinds)
    assert [(f.code, f.published, f.recomputed) for f in closed] == [
        ("tabellen-verschillen", "7 (synthetisch)", "afgeschermd (thuiszitters)"),
        ("tabellen-verschillen", "8 (synthetisch)", "afgeschermd (thuiszitters)"),
        ("tekst-getal", "5", "7 (synthetisch, meting, nprz 2021/22)"),
    ]
    assert all("rapport r. 657" in f.where for f in closed[:2])
