"""/rapport/: the final editions of the report and the area documents, to download.

The files here are synthetic (a few bytes standing for a report, marked so): what is tested
is which edition is offered and served, not the report's content (tests/reports does that).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from nprz.datasets.records import Dataset
from nprz.monitor import models as m
from nprz.publication import editions, published

pytestmark = pytest.mark.django_db

SYNTHETIC_HTML = "<!doctype html><title>synthetisch testrapport</title>"
SYNTHETIC_PDF = b"%PDF-1.7\n% synthetisch testbestand\n"


@pytest.fixture
def data_dir(settings: object, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"  # type: ignore[attr-defined]
    return tmp_path / "data"


def build_folder(out: Path) -> list[published.Built]:
    """What a build leaves in `out/`: the report with its assets, one area document."""
    (out / "wijken" / "bu05991082-hillesluis-bestanden").mkdir(parents=True)
    (out / "voortgangsrapportage-2024-bestanden").mkdir(parents=True)
    (out / "voortgangsrapportage-2024.html").write_text(SYNTHETIC_HTML, "utf-8")
    (out / "voortgangsrapportage-2024-bestanden" / "rapport.css").write_text("p{}", "utf-8")
    (out / "voortgangsrapportage-2024.pdf").write_bytes(SYNTHETIC_PDF)
    (out / "wijken" / "bu05991082-hillesluis.html").write_text(SYNTHETIC_HTML, "utf-8")
    (out / "wijken" / "bu05991082-hillesluis.pdf").write_bytes(SYNTHETIC_PDF)
    return [
        published.Built(
            "Voortgangsrapportage",
            published.MAIN,
            out / "voortgangsrapportage-2024.html",
            out / "voortgangsrapportage-2024.pdf",
        ),
        published.Built(
            "Hillesluis",
            published.AREA,
            out / "wijken" / "bu05991082-hillesluis.html",
            out / "wijken" / "bu05991082-hillesluis.pdf",
        ),
    ]


@pytest.fixture
def final(store: Dataset, data_dir: Path, tmp_path: Path) -> m.ReportEdition:
    edition = editions.make_final(editions.record(2024), [])
    published.keep(edition, tmp_path / "out", build_folder(tmp_path / "out"))
    return edition


def test_without_a_final_edition_the_page_says_so(store: Dataset, data_dir: Path) -> None:
    editions.record(2024)  # a draft: never public
    response = Client().get("/rapport/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Er is nog geen definitief rapport gepubliceerd." in text
    assert "rapport-2024-1" not in text


def test_the_page_lists_the_final_edition_with_its_files(final: m.ReportEdition) -> None:
    response = Client().get("/rapport/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<h2 id="rapport-2024">Rapportagejaar 2024</h2>' in text
    assert f'href="/rapport/{final.code}/voortgangsrapportage-2024.pdf"' in text
    assert f'href="/rapport/{final.code}/voortgangsrapportage-2024.html"' in text
    assert f'href="/rapport/{final.code}/wijken/bu05991082-hillesluis.pdf"' in text
    assert "Gebiedsdocumenten (1)" in text
    assert "Hillesluis: " in text


def test_the_files_are_served_with_their_content_type(final: m.ReportEdition) -> None:
    client = Client()
    pdf = client.get(f"/rapport/{final.code}/voortgangsrapportage-2024.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == SYNTHETIC_PDF
    html = client.get(f"/rapport/{final.code}/wijken/bu05991082-hillesluis.html")
    assert (html.status_code, html["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert b"".join(html.streaming_content).decode() == SYNTHETIC_HTML
    css = client.get(f"/rapport/{final.code}/voortgangsrapportage-2024-bestanden/rapport.css")
    assert (css.status_code, css["Content-Type"]) == (200, "text/css; charset=utf-8")
    b"".join(css.streaming_content)


def test_a_draft_is_neither_listed_nor_served(
    final: m.ReportEdition, data_dir: Path, tmp_path: Path
) -> None:
    # A draft whose files lie where a final edition's would: still not public.
    draft = m.ReportEdition.objects.create(
        programme=final.programme,
        code="rapport-2024-9",
        report_year=2024,
        vintages=[],
        built=final.built,
    )
    published.keep(draft, tmp_path / "out2", build_folder(tmp_path / "out2"))
    client = Client()
    assert "rapport-2024-9" not in client.get("/rapport/").content.decode()
    assert client.get("/rapport/rapport-2024-9/voortgangsrapportage-2024.pdf").status_code == 404


def test_a_name_outside_the_edition_gives_404(final: m.ReportEdition, data_dir: Path) -> None:
    (data_dir / "geheim.txt").write_text("synthetisch: mag niet naar buiten", "utf-8")
    client = Client()
    for name in (
        "../../geheim.txt",
        "..%2F..%2Fgeheim.txt",
        "wijken/../../../geheim.txt",
        "inhoud.json",
        "onbekend.pdf",
        "%2Fetc%2Fpasswd",
    ):
        response = client.get(f"/rapport/{final.code}/{name}")
        assert response.status_code == 404, name
    assert client.get("/rapport/rapport-2099-1/voortgangsrapportage-2024.pdf").status_code == 404


def test_a_final_edition_without_kept_files_says_so(store: Dataset, data_dir: Path) -> None:
    editions.make_final(editions.record(2024), [])
    text = Client().get("/rapport/").content.decode()
    assert "Van deze definitieve versie zijn de bestanden niet bewaard" in text
