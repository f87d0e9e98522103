"""The colour import page (/ronde/kleuren/): the bureau only; "Controleren" writes nothing and
shows was -> wordt; an unsafe or wrong file is refused with its problems; "Importeren" writes
all, with who."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nprz.interventions import models as iv

URL = "/ronde/kleuren/"
DATA = Path(__file__).parents[1] / "interventions" / "data"


def upload(name: str, content: bytes, **extra: str) -> dict[str, Any]:
    return {"bestand": SimpleUploadedFile(name, content), **extra}


@pytest.mark.django_db
def test_the_bureau_checks_and_imports_colours(cast: Any) -> None:
    for name in ("anoniem", "lex", "ida", "cor"):
        response = cast.client(name).get(URL)
        assert response.status_code == (302 if name == "anoniem" else 403), name
    bea = cast.client("bea")
    content = b"pijler;nummer;kleur\nwerk;12;geel\nthuisbasis;1;groen\n"

    # Without a year the file cannot be read; the form says so, nothing is written.
    missing = bea.post(URL, upload("kleuren-synthetisch.csv", content, actie="controleren"))
    assert "jaar-ontbreekt" in missing.content.decode()
    checked = bea.post(
        URL, upload("kleuren-synthetisch.csv", content, actie="controleren", jaar="２０２４")
    )
    page = checked.content.decode()
    assert "Geen fouten: dit bestand kan worden ingelezen (2 kleuren voor 2024: 2 nieuw" in page
    assert "<td>werk 12. Aan de slag met LKS</td><td>niet vastgelegd</td><td>geel</td>" in page
    assert iv.ImportedColour.objects.count() == 0

    # An old .xls is refused on its content, whatever its name.
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    refused = bea.post(URL, upload("kleuren.xlsx", xls, actie="importeren", jaar="2024"))
    assert "oud-excel" in refused.content.decode()
    assert "Dit bestand kan niet worden ingelezen; er is niets opgeslagen." in (
        refused.content.decode()
    )

    done = bea.post(
        URL,
        upload("kleuren-synthetisch.csv", content, actie="importeren", jaar="2024"),
        follow=True,
    )
    assert "kleuren-synthetisch.csv is ingelezen als kleuren-0001: 2 kleuren voor 2024" in (
        done.content.decode()
    )
    made = iv.ColourImport.objects.get()
    assert (made.received_by, made.rows, made.changed, made.years) == ("bea", 2, 2, "2024")
    assert sorted(iv.ImportedColour.objects.values_list("pillar", "number", "colour")) == [
        ("thuisbasis", "1", "groen"),
        ("werk", "12", "geel"),
    ]
