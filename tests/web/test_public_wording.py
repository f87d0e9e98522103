"""Public pages speak the reader's language: no internals of the analysts' trade.

Source line numbers ("r. 4187", "regels 227-456"), module paths ("nprz.core…"), commands
("nprz outlook"), internal codes ("bestand-0002", "plan up2019", "…@nprz",
"gebied:gebied-charlois") and data-cleaning notes belong to the analyst (the logged-in
pages, the command line, `nprz check`); a resident or council member gets sources as they
know them. The crawl follows the public HTML pages from the home page, with a sample of the
indicator and area pages.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.test import Client
from tests.web.test_crawl import internal_links

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
# Pages of these kinds are many and alike: a sample is read, the rest only as links.
SAMPLED = {"/indicatoren/": 25, "/gebieden/": 12}
ALWAYS = {
    "/indicatoren/thuiszitters-aandeel/",
    "/indicatoren/leerlingen-aandeel-zuid/",
    "/gebieden/gebied-charlois/",
    "/gebieden/hillesluis/",
    "/gebieden/nprz/",
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


def sampled_out(path: str, counts: dict[str, int]) -> bool:
    for root, limit in SAMPLED.items():
        if path.startswith(root) and path != root and path.count("/") == 3:
            if path in ALWAYS:
                return False
            counts[root] = counts.get(root, 0) + 1
            return counts[root] > limit
    return False


def public_html_pages(client: Client) -> dict[str, str]:
    """Path → visible text of every public HTML page reached (without query strings: the
    sorted and filtered tables show the same texts)."""
    seen: set[str] = set()
    pages: dict[str, str] = {}
    counts: dict[str, int] = {}
    queue = deque(["/", *sorted(ALWAYS)])
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        if (
            "?" in path
            or path.startswith(("/static/", "/api/", "/inloggen/", "/rapport/"))
            or not path.endswith("/")
            or sampled_out(path, counts)
        ):
            continue
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[path] = visible(html)
        queue.extend(link for link in internal_links(path, html) if link not in seen)
    return pages


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


def test_public_pages_show_no_internals(store: object) -> None:
    pages = public_html_pages(Client())
    assert len(pages) > 40, sorted(pages)
    found = {path: found for path, text in pages.items() if (found := hits(text))}
    report = "\n".join(f"{path}\n  " + "\n  ".join(items[:8]) for path, items in found.items())
    assert found == {}, f"{len(found)} pagina's met interne details:\n{report}"
