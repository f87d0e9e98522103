"""`nprz import file` says which report year a delivery is for before it writes, lets the user
choose it, and warns when a delivery changes what a recorded report edition read (issue 14).

Test deliveries, named as such: problematic debt 2024 for NPRZ, printed by the 2024 report as
22,9% (stoplight, r. 262), delivered again as 23,1%; a synthetic m² count of 1 January 2026."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nprz import cli
from nprz.monitor import models as m
from nprz.publication import editions

pytestmark = pytest.mark.django_db

DEBT = "indicator;area;period;value\nproblematische-schuld;nprz;2024;23,1%\n"
M2 = "indicator,area,period,value\nbedrijfsruimte-m2,nprz,2026,900.000\n"


def run(*args: str) -> tuple[int, str]:
    """Exit code and the output with its white space folded (Rich wraps long lines)."""
    result = CliRunner().invoke(cli.app, list(args))
    text = result.output
    if isinstance(result.exception, cli.CommandError):
        return result.exception.code, re.sub(r"\s+", " ", text + str(result.exception))
    assert result.exception is None or isinstance(result.exception, SystemExit), text
    return result.exit_code, re.sub(r"\s+", " ", text)


def delivery(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def record_edition(year: int) -> None:
    """An edition as `nprz report` records it before building: the deliveries it reads."""
    # Only a published (final) edition warns: a draft is nobody's reference yet.
    editions.make_final(editions.record(year), [])


def test_the_proposed_year_and_its_reason_come_first(loaded, tmp_path: Path) -> None:
    code, out = run("import", "file", delivery(tmp_path, "m2.csv", M2), "--dry-run")
    assert code == 0, out
    assert out.startswith(
        "Rapportjaar 2025 (voorstel: de meest recente periode in het bestand is 2025: de stand "
        "op 1 januari 2026 (bedrijfsruimte-m2) beschrijft het eind van 2025; het rapport over "
        "2026 leest die ook). Een ander rapportjaar kiest u met --rapportjaar."
    )
    assert "m2.csv: 1 waarde voor rapportjaar 2025, 0 fouten, 0 waarschuwingen" in out


def test_the_year_is_shown_in_brief_output_too(loaded, tmp_path: Path) -> None:
    code, out = run("import", "file", delivery(tmp_path, "m2.csv", M2), "--beknopt")
    assert code == 0, out
    assert out.startswith("Rapportjaar 2025 (voorstel:")
    assert m.Vintage.objects.get(kind="bestand").report_year == 2025


def test_the_chosen_year_files_the_delivery(loaded, tmp_path: Path) -> None:
    path = delivery(tmp_path, "m2.csv", M2)
    code, out = run("import", "file", path, "--rapportjaar", "2026")
    assert code == 0, out
    assert out.startswith(
        "Rapportjaar 2026, door u gekozen; het voorstel was 2025: de meest recente periode in "
        "het bestand is 2025"
    )
    assert "Geïmporteerd als levering bestand-0001" in out
    assert m.Vintage.objects.get(kind="bestand").report_year == 2026


def test_an_implausible_year_is_refused_before_reading(loaded, tmp_path: Path) -> None:
    code, out = run("import", "file", delivery(tmp_path, "m2.csv", M2), "--rapportjaar", "1800")
    assert code == 2
    assert "rapportjaar 1800 ligt niet tussen 2000 en 2100" in out
    assert not m.Vintage.objects.filter(kind="bestand").exists()


def test_a_changed_figure_of_a_recorded_edition_is_named(loaded, tmp_path: Path) -> None:
    record_edition(2024)
    path = delivery(tmp_path, "schuld.csv", DEBT)
    code, out = run("import", "file", path, "--rapportjaar", "2024", "--dry-run")
    assert code == 0, out
    assert (
        "Let op: deze levering verandert 1 cijfer die rapporteditie rapport-2024-1 "
        "(rapportjaar 2024) heeft gelezen. De editie zelf blijft zoals ze was (nprz report "
        "--editie rapport-2024-1); de cijfers over 2024 op de website en in een nieuwe bouw van "
        "het rapport worden de nieuwe." in out
    )
    assert "│ problematische-schuld │ nprz │ 2024 │ 22,9% │ 23,1% │" in out
    assert "Proefimport (--dry-run)" in out


def test_filed_under_a_later_year_no_edition_is_touched(loaded, tmp_path: Path) -> None:
    record_edition(2024)
    path = delivery(tmp_path, "schuld.csv", DEBT)
    code, out = run("import", "file", path, "--rapportjaar", "2025")
    assert code == 0, out
    assert "Let op" not in out
    assert m.Vintage.objects.get(kind="bestand").report_year == 2025
