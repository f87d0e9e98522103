"""Two audiences, one source: the words a public output uses where an analyst's names lines.

The store keeps where every figure and text came from as an analyst needs it: the line of
the printed report ("rapport r. 4187", "regels 227-456"), the delivery ("bestand-0002"),
notes on how a printed figure was read. The command line, `nprz check` and the logged-in
pages show that. A resident or council member gets the source as they know it, the name of
the document and its table ("Voortgangsrapportage <programme> 2024, Stand t.a.v.
doelstelling 2024"), and no notes about reading the source.

Every function here leaves the text as it is for an analyst (`nprz.publication.audience`):
the presenters call them for whoever reads, so the site, its downloads, the API and the
report say the same.
"""

from __future__ import annotations

import re

from nprz.monitor import models as m
from nprz.publication import audience
from nprz.publication.audience import Audience

# A line reference: "r. 4187", "r. 6390-6443", "r. 6615, 6639", "regels 227-456", "regel 38",
# with the document's code before it where there is one ("rapport r. 282", "brief r. 16").
_NUMBERS = r"\d+(?:\s?[-–]\s?\d+)?(?:(?:,\s?|\sen\s)\d+(?:\s?[-–]\s?\d+)?)*"
_ONE = rf"(?:\b[a-z]+\s)?(?:\br\.\s?|\bregels?\s){_NUMBERS}(?:\s\(kolom [^()]*\))?"
LINE_REFERENCE = re.compile(_ONE, re.IGNORECASE)
# "(rapport r. 4187; brief r. 38)", "(r. 6615)": a parenthesis holding only references.
_BRACKETED = re.compile(rf"\s*\((?:zie\s)?{_ONE}(?:[;,]\s?(?:en\s)?{_ONE})*\)", re.IGNORECASE)
# A source that is nothing but a reference, or a delivery's row ("rij 129").
_ONLY_REFERENCE = re.compile(rf"^\s*(?:{_ONE}|rij \d+)(?:[;,]\s?{_ONE})*\s*$", re.IGNORECASE)
# Codes of the store: "<indicator>@<area>", "gebied:<area>",
# "bestand-0002", "plan up2019", module paths and commands.
INTERNAL = re.compile(
    r"\b[a-z0-9]+(?:-[a-z0-9]+)*@[a-z0-9]+(?:-[a-z0-9]+)*\b"
    r"|\b(?:gebied|indicator|doel|tabel):[a-z0-9]+(?:-[a-z0-9]+)*"
    r"|\bbestand-\d+\b|\bnprz\.[a-z_.]+|\bnprz [a-z]+\b"
)
# Notes on how a printed value was read or cleaned: the analyst's.
CLEANING = re.compile(r"gedrukt met|decimale punt|afsluitende punt|overgenomen als", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def public() -> bool:
    return audience.current() is not Audience.ANALYST


def report_name(year: int) -> str:
    """The printed report of `year` as its readers know it: the document title of its first
    table ("Voortgangsrapportage <programme> 2024"); "" without one."""
    vintage = (
        m.Vintage.objects.filter(kind="rapport", report_year=year).order_by("priority").first()
    )
    return vintage.document if vintage is not None else ""


def source(text: str, document: str = "", table: str = "") -> str:
    """A source for the reader: for the public a line reference becomes the document's name
    with its table ("Voortgangsrapportage … 2024, Stand t.a.v. doelstelling 2024"); an
    analyst gets `text` itself."""
    if not public() or not text:
        return text
    named = ", ".join(dict.fromkeys(p for p in (document, table) if p))
    if _ONLY_REFERENCE.match(text):
        codes = _REFERRED.findall(text)
        if document and all(code.lower() in document.lower() for code in codes):
            return named  # the caller's own document, with its table
        return _documents_referred_to(codes) or named or "het gedrukte rapport"
    cleaned = text_for_reader(text)
    return cleaned or named


# The document a reference names by its code: "brief r. 12", "rapport r. 4196".
_REFERRED = re.compile(r"\b([a-z]+)\s(?:r\.|regels?\s)", re.IGNORECASE)


def _documents_referred_to(codes: list[str]) -> str:
    """The documents references such as "brief r. 12; rapport r. 4196" name by their codes,
    each read as the one stored document whose name holds that word ("Brief van …",
    "Voortgangsrapportage …"); "" when there are no codes, or a code names no document or
    more than one, so the caller's own document stands."""
    if not codes:
        return ""
    names = list(dict.fromkeys(m.Vintage.objects.values_list("document", flat=True)))
    found: list[str] = []
    for code in codes:
        matches = [name for name in names if code.lower() in name.lower()]
        if len(matches) != 1:
            return ""
        found.append(matches[0])
    return "; ".join(dict.fromkeys(found))


def text_for_reader(text: str) -> str:
    """A sentence for the reader: for the public without line references (a bracketed one
    is left out, a sentence about a source line is left out whole) and without codes of the
    store; an analyst gets `text` itself."""
    if not public() or not text:
        return text
    without = _BRACKETED.sub("", text)
    kept = [
        sentence
        for sentence in _SENTENCE.split(without)
        if not LINE_REFERENCE.search(sentence)
        and not INTERNAL.search(sentence)
        and not CLEANING.search(sentence)
    ]
    return " ".join(kept).strip()


def documents() -> dict[str, str]:
    """The document each table was printed in, by the table's title (a value row names
    its table, not its document)."""
    return dict(m.Vintage.objects.values_list("title", "document"))


def note_for_reader(text: str) -> str:
    """A note on how the source was read (how a printed value was taken over, what a line
    says): the analyst's, never the public's."""
    return text if not public() else ""
