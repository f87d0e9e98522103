"""Public pages speak the reader's language: no internals of the analysts' trade.

Source line numbers ("r. 4187", "regels 227-456"), module paths ("nprz.core…"), commands
("nprz outlook"), internal codes ("bestand-0002", "plan up2019", "…@nprz",
"gebied:gebied-charlois") and data-cleaning notes belong to the analyst (the logged-in
pages, the command line, `nprz check`); a resident or council member gets sources as they
know them. The crawl of every public page (`test_crawl`) reads each page's visible text with
`visible` and `hits`; this module holds the patterns and shows that they find what they
look for.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

INTERNALS = {
    "regelnummer": re.compile(r"\br\.\s?\d+|\bregels?\s+\d+"),
    "modulepad": re.compile(r"\bnprz\.[a-z_]+(?:\.[a-z_]+)*"),
    "commando": re.compile(
        r"\bnprz (?:outlook|check|targets|report|import|load|export|diff|interventions|areas"
        r"|indicators|deliveries|info)\b"
    ),
    "leveringscode": re.compile(r"\bbestand-\d+\b"),
    "plancode": re.compile(r"\bplan [a-z]+\d{4}\b"),
    "indicator@gebied": re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)*@[a-z0-9]+(?:-[a-z0-9]+)*\b"),
    "soort-code": re.compile(r"\b(?:gebied|indicator|doel|tabel):[a-z0-9]+(?:-[a-z0-9]+)+"),
    "schoonmaaknotitie": re.compile(r"decimale punt|gedrukt met|opgeschoond|rechtgezet"),
}


class VisibleText(HTMLParser):
    """The text a reader sees, and the titles and alternative texts read aloud."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self.skip += 1
        for name, value in attrs:
            if name in ("title", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def hits(text: str) -> list[str]:
    found = []
    for kind, pattern in INTERNALS.items():
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append(f"{kind}: …{text[start:end]}…")
    return found


def test_the_patterns_find_what_they_look_for() -> None:
    text = (
        "bron: rapport r. 4187; brief r. 38; regels 227-456; nprz.core.trajectory; "
        "zoals nprz outlook; levering bestand-0002; plan up2019; leerlingen-aandeel-zuid@nprz;"
        " gebied:gebied-charlois; 2024 gedrukt met decimale punt (38.46%)"
    )
    kinds = [hit.split(":")[0] for hit in hits(text)]
    assert kinds == [
        "regelnummer", "regelnummer", "regelnummer", "modulepad", "commando",
        "leveringscode", "plancode", "indicator@gebied", "soort-code", "schoonmaaknotitie",
        "schoonmaaknotitie",
    ]  # fmt: skip
    assert hits("CBS, Kerncijfers wijken en buurten 2024; Voortgangsrapportage 2024") == []
