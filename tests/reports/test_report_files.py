"""The files `nprz report` writes: HTML with its assets and a tagged PDF, the same bytes on
every run, named after the area; and the command's answer to a year without data.

`build_all` over every area takes ~100 s, so the files are checked on one area document
(Hillesluis, a few seconds); the whole annual report is rendered as PDF once, in the test
marked `slow`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest

from nprz.monitor import models as m
from nprz.reports.areas import documented_areas, file_stem
from nprz.reports.render import write_html, write_pdf

YEAR = 2024
AREA = "hillesluis"
NPRZ = Path(sys.executable).with_name("nprz")
# WeasyPrint warns at import that a future version will need HarfBuzz-Subset (a system
# library this machine lacks); with filterwarnings=error that would fail the import.
HARFBUZZ = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def pdf_text(data: bytes) -> bytes:
    """The PDF with its Flate streams (object streams, XMP metadata) inflated, so that the
    catalog and the document information can be searched without a PDF library."""
    parts = [data]
    for match in re.finditer(rb"/FlateDecode[^>]*>>\s*stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:  # pragma: no cover - an image or font stream we cannot read
            continue
    return b"\n".join(parts)


# --- names --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_file_stem_of_a_wijk(store) -> None:
    assert file_stem(m.Area.objects.get(code="hillesluis")) == "bu05991082-hillesluis"
    entrepot = m.Area.objects.get(code="kop-van-zuid-entrepot")
    assert file_stem(entrepot).endswith("-kop-van-zuid-entrepot")


@pytest.mark.django_db
def test_every_documented_area_has_its_own_plain_file_name(store) -> None:
    areas = documented_areas()
    stems = [file_stem(a) for a in areas]
    kinds = Counter(a.kind for a in areas)
    assert kinds == {"wijk": 23, "gebied": 3, "wijkgroep": 1}
    assert len(set(stems)) == len(stems)
    for stem in stems:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stem), stem


# --- one area document, twice -------------------------------------------------------------


@pytest.fixture(scope="module")
def area_files(built, store, django_db_blocker, tmp_path_factory):
    """Hillesluis's document written twice, into two folders, HTML and PDF."""
    from nprz.reports.areas import area_document

    with django_db_blocker.unblock():
        doc = area_document(m.Area.objects.get(code=AREA), YEAR)
    before = os.environ.get("SOURCE_DATE_EPOCH")
    runs = []
    for name in ("eerste", "tweede"):
        folder = tmp_path_factory.mktemp(name)
        with django_db_blocker.unblock():
            html = write_html(doc, folder)
        pdf = folder / f"{doc.slug}.pdf"
        pages = write_pdf(html, pdf, YEAR)
        runs.append((html, pdf, pages))
        assert os.environ.get("SOURCE_DATE_EPOCH") == before, "the fixed moment is put back"
    return doc, runs


@HARFBUZZ
@pytest.mark.django_db
def test_area_document_files_are_named_after_the_area(area_files) -> None:
    doc, [(html, pdf, _), _] = area_files
    assert doc.slug == "bu05991082-hillesluis"
    assert html.name == "bu05991082-hillesluis.html"
    assert pdf.name == "bu05991082-hillesluis.pdf"
    assets = html.parent / "bu05991082-hillesluis-bestanden"
    assert (assets / "rapport.css").is_file()
    assert sorted(p.name for p in assets.glob("*.svg")) == sorted(
        f"{f.key}.svg" for f in doc.figures
    )


@HARFBUZZ
@pytest.mark.django_db
def test_area_html_is_dutch_titled_and_described(area_files, read) -> None:
    doc, [(html, _, _), _] = area_files
    page = html.read_text("utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert "<title>Hillesluis — Gebiedsdocument NPRZ 2024</title>" in page
    images = re.findall(r'<img src="[^"]+" alt="([^"]*)">', page)
    assert len(images) == len(doc.figures) == page.count("<figcaption>") >= 1
    assert all(alt.strip() for alt in images)
    found = read.sections(page)
    assert list(found) == ["ligging", "cijfers", "geleverd", "verhuizingen", "interventies"]
    totals = read.table(found["verhuizingen"], "Totalen").by_first()
    # Hillesluis in 2024 (verhuizingen.csv): 1.511 in, 1.695 out, 178 within, 12.174 people;
    # in the order of the definition's totals.
    assert totals["Hillesluis"][1:] == ["1.511", "1.695", "-184", "178", "3.384", "12.174", "27,8%"]


@HARFBUZZ
@pytest.mark.django_db
def test_area_html_is_the_same_bytes_every_time(area_files) -> None:
    _, [(first, _, _), (second, _, _)] = area_files
    assert first.read_bytes() == second.read_bytes()
    for svg in (first.parent / f"{first.stem}-bestanden").glob("*"):
        assert svg.read_bytes() == (second.parent / svg.parent.name / svg.name).read_bytes()


@HARFBUZZ
@pytest.mark.django_db
def test_area_pdf_is_the_same_bytes_every_time(area_files) -> None:
    _, [(_, first, pages_1), (_, second, pages_2)] = area_files
    assert pages_1 == pages_2
    assert first.read_bytes() == second.read_bytes()


@HARFBUZZ
@pytest.mark.django_db
def test_area_pdf_is_a_tagged_dutch_pdf_with_a_title(area_files) -> None:
    _, [(_, pdf, pages), _] = area_files
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert pages > 0
    text = pdf_text(data)
    assert re.search(rb"/Lang\s*\(nl", text), "no language in the catalog"
    assert re.search(rb"/Title\s*[(<]", text) or b"<dc:title>" in text
    assert b"Hillesluis" in text
    assert b"/StructTreeRoot" in text  # tagged (pdf/ua-1)
    assert b"/MarkInfo" in text
    assert len(re.findall(rb"/Type\s*/Page\b", text)) == pages


# --- the command --------------------------------------------------------------------------


def nprz(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [str(NPRZ), *args],
        capture_output=True,
        text=True,
        env=env | {"NPRZ_DATA_DIR": str(data_dir), "COLUMNS": "200"},
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nprz-data")
    loaded = nprz(folder, "load", "nprz2024")
    assert loaded.returncode == 0, loaded.stderr
    return folder


def test_report_for_an_unknown_year_is_one_dutch_line(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    result = nprz(data_dir, "report", "--year", "1999", "--out", str(out))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "nprz: fout: geen gegevens voor rapportagejaar 1999; de database kent: 2024"
    )
    assert not out.exists(), "nothing is written for a year without data"


def test_report_with_threshold_0_is_refused_in_dutch(data_dir: Path, tmp_path: Path) -> None:
    result = nprz(data_dir, "report", "--year", "2024", "--drempel", "0", "--out", str(tmp_path))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("nprz: fout: ongeldige waarde voor")
    assert "--drempel" in line
    assert not any(english in line for english in ("Invalid", "is not in the range"))
