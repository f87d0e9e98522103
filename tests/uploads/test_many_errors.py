"""A delivery with an error in every cell (issue 13): 100.000 rows, five errors each, 3,7 MB.

Before, the upload page kept half a million problem objects and listed every one of them: 80 s,
1,6 GB and a 99,5 MB answer. Now the page lists the first problems of each code and says how
many more there are, and the reader counts beyond that instead of keeping the objects. The
command line shows the same bounded list. (Time and memory are measured outside the suite;
see the closing note of issue 13.)

The file is synthetic: unknown indicator and area codes named as such."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from typer.testing import CliRunner

from nprz.cli import app
from nprz.monitor import models as m

pytestmark = pytest.mark.django_db

URL = "/gegevens/importeren/"
ANSWER_LIMIT = 100_000  # bytes of HTML; the listed problems take about 20 kB
CODES = ("onbekende-indicator", "onbekend-gebied", "ongeldige-periode", "geen-getal")


def synthetic_errors(rows: int) -> bytes:
    """Every row: an unknown indicator, an unknown area, a bad period, a value that is not a
    number and a bad status."""
    lines = ["indicator,area,period,value,status"]
    lines += [f"synthetisch-{i % 7},nergens-{i % 5},20x{i % 9},abc{i % 3},zz" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_the_upload_answer_lists_the_first_of_each_code_and_counts_the_rest(
    clients: dict[str, Client],
) -> None:
    data = synthetic_errors(100_000)
    assert len(data) > 3_500_000
    response = clients["bea"].post(
        URL, {"bestand": SimpleUploadedFile("levering.csv", data), "actie": "controleren"}
    )
    assert response.status_code == 200
    assert len(response.content) < ANSWER_LIMIT
    html = response.content.decode()
    assert "500.000 fouten, 0 waarschuwingen" in html
    for code in (*CODES, "ongeldige-status"):
        assert f"en nog 99.980 keer {code}" in html
        assert len(re.findall(rf"<td>{code}</td>", html)) == 21  # 20 problems + the count
    assert "Per code de eerste 20 meldingen." in html
    assert "levering.csv, rij 21, kolom status" in html  # the 20th: rows 2 to 21
    assert "levering.csv, rij 22, kolom status" not in html
    assert m.Vintage.objects.filter(kind="bestand").count() == 0


def test_the_command_line_shows_the_same_bounded_list(loaded: object, tmp_path: Path) -> None:
    path = tmp_path / "levering.csv"
    path.write_bytes(synthetic_errors(2_000))
    result = CliRunner().invoke(app, ["import", "file", str(path), "--dry-run"])
    assert result.exit_code == 1
    text = re.sub(r"\s+", " ", result.output)
    assert "10.000 fouten, 0 waarschuwingen; per code de eerste 20" in text
    for code in (*CODES, "ongeldige-status"):
        assert f"en nog 1.980 keer {code}" in text
    assert len(result.output) < 40_000
    assert "niet geïmporteerd: 10.000 fouten" in str(result.exception)
