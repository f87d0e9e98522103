"""The demo's two real CBS deliveries, through the commands a user runs, and what the wijk
pages and documents show of them.

Facts checked (from src/nprz/datasets/cbs2024/PROVENANCE.md and the shared data's own
PROVENANCE): Rotterdam 670.610 inhabitants and 33.630 people on bijstand; Feijenoord (CBS
wijk WK059910) 79.440 inhabitants, 5.830 on bijstand, 79% rented, 59% owned by a housing
corporation; Amsterdam 35.620 and Utrecht 10.750 on bijstand.
"""

from __future__ import annotations

import csv
import io
import re
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nprz import cli
from nprz.core.formatting import format_number
from nprz.datasets import CBS2024
from nprz.monitor import models as m

pytestmark = pytest.mark.django_db

CBS = CBS2024
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    """Exit code and output; a CommandError (printed as one line by `main`) gives its code."""
    result = runner.invoke(cli.app, list(args))
    if isinstance(result.exception, cli.CommandError):
        return result.exception.code, result.output + str(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def import_demo() -> None:
    code, out = invoke("import", "cbs", "--tabel", "85984NED", "--bron", str(CBS / "85984NED"))
    assert code == 0, out
    assert "Geïmporteerd als levering cbs-0001: 21 nieuw, 0 gewijzigd, 0 gelijk" in out
    assert "18 regio's zonder gebied in de monitor overgeslagen" in out
    code, out = invoke("import", "file", str(CBS / "kwb-kaart-2024.csv"))
    assert code == 0, out
    assert "Geïmporteerd als levering bestand-0002: 286 nieuw, 0 gewijzigd, 0 gelijk" in out


def stored(indicator: str, area: str) -> str:
    return m.Observation.objects.get(
        indicator__code=indicator, area__code=area, period="2024"
    ).printed


def test_the_demo_deliveries_hold_the_real_cbs_figures(loaded) -> None:
    import_demo()
    assert stored("cbs-inwoners", "rotterdam") == "670.610"
    assert stored("cbs-inwoners", "gebied-feijenoord") == "79.440"
    assert stored("cbs-bijstand", "gebied-feijenoord") == "5.830"
    assert stored("cbs-huurwoningen", "gebied-feijenoord") == "79%"
    assert stored("cbs-corporatiewoningen", "gebied-feijenoord") == "59%"
    assert stored("cbs-bijstand", "rotterdam") == "33.630"
    assert stored("cbs-bijstand", "amsterdam") == "35.620"
    assert stored("cbs-bijstand", "utrecht") == "10.750"
    # CBS rounds wijk counts: the three Zuid wijken need not add up to anything printed.
    zuid = sum(
        int(stored("cbs-inwoners", a).replace(".", ""))
        for a in ("gebied-feijenoord", "gebied-ijsselmonde", "gebied-charlois")
    )
    assert zuid == 79440 + 62670 + 70525
    assert m.Vintage.objects.imported().count() == 2


def test_dry_run_shows_was_and_wordt_and_changes_nothing(loaded) -> None:
    import_demo()
    count = m.Observation.objects.count()
    code, out = invoke("import", "file", str(CBS / "kwb-kaart-2024.csv"), "--dry-run")
    # The same bytes again: refused before any plan, database untouched.
    assert code == 1
    assert "al-geimporteerd" in out
    assert "bestand-0002" in out
    assert m.Observation.objects.count() == count


def test_a_corrected_file_is_a_new_delivery_and_diff_lists_the_revision(
    loaded, tmp_path: Path
) -> None:
    import_demo()
    text = (CBS / "kwb-kaart-2024.csv").read_text("utf-8")
    # A test correction: Feijenoord's bijstand count delivered again as 5.840.
    corrected = text.replace(
        "cbs-bijstand,gebied-feijenoord,2024,5.830,", "cbs-bijstand,gebied-feijenoord,2024,5.840,"
    )
    assert corrected != text
    path = tmp_path / "kwb-kaart-2024-gecorrigeerd.csv"
    path.write_text(corrected, "utf-8")
    count = m.Observation.objects.count()
    code, out = invoke("import", "file", str(path), "--dry-run")
    assert code == 0, out
    assert "0 nieuw, 1 gewijzigd, 285 gelijk" in out
    assert re.search(r"gewijzigd .*cbs-bijstand .*gebied-feijenoord .*5\.830 .*5\.840", out)
    assert m.Observation.objects.count() == count
    code, out = invoke("import", "file", str(path))
    assert code == 0
    assert "bestand-0003" in out
    assert m.Observation.objects.count() == count + 286
    assert stored_preferred("cbs-bijstand", "gebied-feijenoord") == "5.840"
    code, out = invoke("diff", "--from", "bestand-0002", "--to", "bestand-0003", "--format", "csv")
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["soort"], row["gebied"], row["van"], row["naar"], row["verschil"]) == (
        "herzien",
        "gebied-feijenoord",
        "5.830",
        "5.840",
        "10",
    )
    code, out = invoke("deliveries", "--format", "csv")
    assert [r["code"] for r in csv.DictReader(io.StringIO(out))] == [
        "cbs-0001",
        "bestand-0002",
        "bestand-0003",
    ]


def stored_preferred(indicator: str, area: str) -> str:
    from nprz.imports.store import current_values

    return current_values(2024)[(indicator, area, "2024")].printed


def test_export_then_import_gives_the_same_figures(loaded, tmp_path: Path) -> None:
    import_demo()
    for suffix in ("csv", "xlsx"):
        path = tmp_path / f"export.{suffix}"
        code, out = invoke("export", "--year", "2024", "--out", str(path))
        assert code == 0, out
        code, out = invoke("import", "file", str(path), "--dry-run")
        assert code == 0, out
        assert re.search(r"0 nieuw, 0 gewijzigd, \d+ gelijk", out), out


def test_the_wijk_page_shows_cbs_figures_beside_gebied_and_city(loaded, client) -> None:
    import_demo()
    page = client.get("/gebieden/hillesluis/").content.decode()
    assert "Kerncijfers uit leveringen: Hillesluis vergeleken" in page
    # Hillesluis bijstand per 1.000 inhabitants, from the two delivered counts.
    bijstand = int(stored("cbs-bijstand", "hillesluis").replace(".", ""))
    inhabitants = int(stored("cbs-inwoners", "hillesluis").replace(".", ""))
    rate = format_number(Fraction(bijstand, inhabitants) * 1000, 1)
    assert f"{format_number(bijstand)} ({rate})" in page
    assert "5.830 (73,4)" in page  # Feijenoord gebied: 5.830 / 79.440 inhabitants
    assert "33.630 (50,1)" in page  # Rotterdam: 33.630 / 670.610
    download = client.get("/gebieden/hillesluis/geleverd.csv")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    bijstand_row = next(r for r in rows if r["indicator"] == "cbs-bijstand")
    assert (bijstand_row["gebied-feijenoord"], bijstand_row["rotterdam"]) == ("5830", "33630")


def test_without_deliveries_the_page_says_so(loaded, client) -> None:
    page = client.get("/gebieden/hillesluis/").content.decode()
    assert "Er zijn nog geen leveringen (CBS, bestanden) ingelezen" in page


def test_the_wijk_document_has_the_delivered_figures(loaded) -> None:
    from nprz.reports.areas import area_document
    from nprz.reports.document import TableBlock

    import_demo()
    area = m.Area.objects.get(code="gebied-feijenoord")
    document = area_document(area, 2024)
    [section] = [s for s in document.sections if s.anchor == "geleverd"]
    [table] = [p.table for p in section.parts if isinstance(p, TableBlock)]
    cells = {row[0].value: [c.text for c in row[2:]] for row in table.rows}
    assert cells["cbs-bijstand"] == ["5.830 (73,4)", "33.630 (50,1)"]


def test_info_names_the_deliveries(loaded) -> None:
    code, out = invoke("info")
    assert code == 0
    assert "dataset(s) nprz2024;" in out
    import_demo()
    code, out = invoke("info")
    assert "dataset(s) nprz2024 en 2 geïmporteerde levering(en);" in out
    assert "nprz deliveries" in out


def test_the_downloads_page_lists_every_delivery(loaded, client) -> None:
    page = client.get("/downloads/").content.decode()
    assert "Er zijn nog geen leveringen ingelezen" in page
    import_demo()
    page = client.get("/downloads/").content.decode()
    assert "Ingelezen leveringen" in page
    download = client.get("/downloads/leveringen.csv")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    # The public reads titles, not the analyst's delivery codes.
    assert "levering" not in rows[0]
    assert [(r["titel"], r["waarden"]) for r in rows] == [
        ("CBS 85984NED Kerncijfers wijken en buurten 2024", "21"),
        ("kwb-kaart-2024.csv", "286"),
    ]
    assert rows[1]["wijzigingen"] == "286 nieuw, 0 gewijzigd, 0 gelijk"
