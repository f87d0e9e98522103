"""The upload page over HTTP: only the bureau may check and import; a dangerous file stops at
the safety check; a dry run writes nothing; an import writes exactly one vintage.

The delivery is a test value, named as such: 22,9% problematic debt in 2024 for NPRZ
(stoplight, r. 262) delivered again as 23,1%, and 20,0% for Hillesluis, which the store does
not have yet."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from openpyxl import Workbook

from nprz.monitor import models as m
from nprz.web.staff.imports import BoundedMemoryUpload

pytestmark = pytest.mark.django_db

URL = "/gegevens/importeren/"
REFUSED = "Alleen het programmabureau mag dit."
CSV = (
    b"indicator;area;period;value\r\n"
    b"problematische-schuld;nprz;2024;23,1%\r\n"
    b"problematische-schuld;hillesluis;2024;20,0%\r\n"
)


def upload(
    client: Client,
    data: bytes,
    name: str,
    action: str = "controleren",
    year: int | None = 2024,
    **fields: str,
) -> Any:
    """Post the form; `year` is the report year typed in its field (None: left empty)."""
    form: dict[str, Any] = {"bestand": SimpleUploadedFile(name, data), "actie": action, **fields}
    if year is not None:
        form["rapportjaar"] = str(year)
    return client.post(URL, form)


def zip_bomb() -> bytes:
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/worksheets/sheet2.xml", bytes(50 * 1024 * 1024))
    return out.getvalue()


def counts() -> tuple[int, int]:
    return m.Vintage.objects.count(), m.Observation.objects.count()


# --- who may ----------------------------------------------------------------------------------


def test_the_bureau_sees_the_form(clients: dict[str, Client]) -> None:
    response = clients["bea"].get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="file" name="bestand"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'value="controleren">Controleren</button>' in html
    assert 'value="importeren">Importeren</button>' in html
    assert "<h1>Gegevens importeren</h1>" in html


@pytest.mark.parametrize("name", ["cor", "ida", "lex"])
def test_every_other_role_is_refused_and_nothing_is_written(
    clients: dict[str, Client], name: str
) -> None:
    before = counts()
    page = clients[name].get(URL)
    assert page.status_code == 403
    assert REFUSED in page.content.decode()
    sent = upload(clients[name], CSV, "levering.csv", "importeren")
    assert sent.status_code == 403  # type: ignore[attr-defined]
    assert REFUSED in sent.content.decode()  # type: ignore[attr-defined]
    assert counts() == before


def test_an_anonymous_visitor_is_sent_to_log_in(clients: dict[str, Client]) -> None:
    before = counts()
    for response in (clients["anoniem"].get(URL), upload(clients["anoniem"], CSV, "x.csv")):
        assert response.status_code == 302  # type: ignore[attr-defined]
        assert response["Location"] == "/inloggen/?next=/gegevens/importeren/"  # type: ignore[index]
    assert counts() == before


def test_the_link_is_on_the_bureaus_start_page_only(clients: dict[str, Client]) -> None:
    assert f'href="{URL}"' in clients["bea"].get("/ronde/").content.decode()
    assert f'href="{URL}"' not in clients["cor"].get("/ronde/").content.decode()


def test_the_form_is_protected_against_cross_site_posts(clients: dict[str, Client]) -> None:
    """The view is csrf_exempt only so the memory-only upload handler can be installed
    before the body is read; the check itself runs right after."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="bea"))
    before = counts()
    forged = upload(strict, CSV, "levering.csv", "importeren")
    assert forged.status_code == 403  # type: ignore[attr-defined]
    assert "Formulier verlopen" in forged.content.decode()  # type: ignore[attr-defined]
    assert counts() == before
    strict.get(URL)  # sets the CSRF cookie, as a browser showing the form would
    token = strict.cookies["csrftoken"].value
    sent = strict.post(
        URL,
        {
            "bestand": SimpleUploadedFile("levering.csv", CSV),
            "actie": "controleren",
            "rapportjaar": "2024",
        },
        HTTP_X_CSRFTOKEN=token,
    )
    assert sent.status_code == 200
    assert "Gevolgen: 1 nieuw, 1 gewijzigd, 0 gelijk." in sent.content.decode()


# --- dangerous files --------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["controleren", "importeren"])
def test_a_zip_bomb_stops_at_the_safety_check(clients: dict[str, Client], action: str) -> None:
    before = counts()
    response = upload(clients["bea"], zip_bomb(), "levering.xlsx", action)
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "zip-verhouding" in html
    assert "Dit bestand kan niet worden geïmporteerd; er is niets opgeslagen." in html
    assert counts() == before


def test_a_png_named_csv_is_refused_by_its_content(clients: dict[str, Client]) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    response = upload(clients["bea"], png, "levering.csv", "importeren")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "bestandstype" in html
    assert "Dit bestand is een PNG-afbeelding" in html
    assert m.Vintage.objects.filter(kind="bestand").count() == 0


def test_a_file_over_the_limit_is_refused_and_kept_in_memory_only(
    clients: dict[str, Client], settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NPRZ_UPLOAD_MAX_BYTES = 1000  # type: ignore[attr-defined]
    # Django's own handlers would now put any upload over 10 bytes in a temporary file.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # type: ignore[attr-defined]
    temporary: list[str] = []
    original = TemporaryUploadedFile.__init__

    def spy(self: TemporaryUploadedFile, name: str, *args: Any, **kwargs: Any) -> None:
        temporary.append(name)
        original(self, name, *args, **kwargs)

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", spy)
    response = upload(clients["bea"], CSV * 40, "levering.csv")  # 4,2 kB
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "bestand-te-groot" in html
    assert "Het bestand is 4 kB; de grens is 1000 bytes." in html
    assert temporary == []
    small = upload(clients["bea"], CSV, "levering.csv")  # under the limit, over 10 bytes
    assert "Gevolgen: 1 nieuw, 1 gewijzigd, 0 gelijk." in small.content.decode()  # type: ignore[attr-defined]
    assert temporary == []


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(
    clients: dict[str, Client], settings: object
) -> None:
    settings.NPRZ_UPLOAD_MAX_BYTES = 1000  # type: ignore[attr-defined]
    response = upload(clients["bea"], CSV * 1000, "levering.csv")  # 104 kB
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "bestand-te-groot" in response.content.decode()  # type: ignore[attr-defined]


def test_the_memory_handler_keeps_at_most_one_byte_over_the_limit() -> None:
    from django.test import RequestFactory

    handler = BoundedMemoryUpload(RequestFactory().post("/"), limit=10)
    handler.new_file("bestand", "x.csv", "text/csv", 100)
    for start in range(0, 100, 7):
        handler.receive_data_chunk(b"a" * 7, start)
    uploaded = handler.file_complete(100)
    assert uploaded.size == 100
    assert uploaded.read() == b"a" * 11


# --- checking and importing -------------------------------------------------------------------


def test_a_dry_run_shows_the_report_and_the_changes_and_writes_nothing(
    clients: dict[str, Client],
) -> None:
    before = counts()
    response = upload(clients["bea"], CSV, "levering.csv")
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Gevolgen: 1 nieuw, 1 gewijzigd, 0 gelijk." in html
    changes = response.context["changes"]  # type: ignore[attr-defined]
    rows = {tuple(c.text for c in row[:4]): [c.text for c in row[4:]] for row in changes.rows}
    assert rows == {
        ("gewijzigd", "problematische-schuld", "nprz", "2024"): [
            "22,9%",
            "23,1%",
            "nprz2024-stoplicht",
        ],
        ("nieuw", "problematische-schuld", "hillesluis", "2024"): ["–", "20,0%", "–"],
    }
    assert '<td class="num">22,9%</td><td class="num">23,1%</td>' in html
    assert "Geen fouten: dit bestand kan worden geïmporteerd." in html
    assert counts() == before


def test_an_import_creates_exactly_one_vintage_and_shows_its_code(
    clients: dict[str, Client],
) -> None:
    before_vintages, before_observations = counts()
    response = upload(clients["bea"], CSV, "levering.csv", "importeren")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == URL  # type: ignore[index]
    assert counts() == (before_vintages + 1, before_observations + 2)
    vintage = m.Vintage.objects.get(kind="bestand")
    assert (vintage.code, vintage.received_by, vintage.title) == (
        "bestand-0001",
        "bea",
        "levering.csv",
    )
    page = clients["bea"].get(URL).content.decode()
    assert (
        "levering.csv is geïmporteerd als levering bestand-0001 voor rapportjaar 2024 "
        "(1 nieuw, 1 gewijzigd, 0 gelijk)." in page
    )
    assert vintage.report_year == 2024
    # The same file again: refused by the store, nothing new.
    again = upload(clients["bea"], CSV, "levering.csv", "importeren")
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert "al-geimporteerd" in again.content.decode()  # type: ignore[attr-defined]
    assert counts() == (before_vintages + 1, before_observations + 2)


def test_a_delivery_with_errors_shows_the_report_and_imports_nothing(
    clients: dict[str, Client],
) -> None:
    before = counts()
    bad = CSV + b"bestaat-niet;nprz;2024;1,0%\r\n"
    response = upload(clients["bea"], bad, "levering.csv", "importeren")
    assert response.status_code == 200  # type: ignore[attr-defined]
    report = response.context["report"]  # type: ignore[attr-defined]
    assert [c.label for c in report.columns] == [
        "Ernst",
        "Code",
        "Melding",
        "Plaats",
    ]
    rows = [[c.text for c in row] for row in report.rows]
    assert report.caption == "1 fout, 0 waarschuwingen"
    assert rows[0][:2] == ["fout", "onbekende-indicator"]
    assert rows[0][3] == "levering.csv, rij 4, kolom indicator"
    assert counts() == before


def test_a_csv_named_xlsx_is_read_as_csv_with_a_warning(clients: dict[str, Client]) -> None:
    response = upload(clients["bea"], CSV, "levering.xlsx")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "naam-past-niet" in html
    assert "Gevolgen: 1 nieuw, 1 gewijzigd, 0 gelijk." in html


def test_no_file_or_an_unknown_action_is_a_bad_request(clients: dict[str, Client]) -> None:
    response = clients["bea"].post(URL, {"actie": "controleren"})
    assert response.status_code == 400
    assert "Kies een bestand." in response.content.decode()
    odd = clients["bea"].post(URL, {"actie": "wissen", "bestand": SimpleUploadedFile("x.csv", CSV)})
    assert odd.status_code == 400
