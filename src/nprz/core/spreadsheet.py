"""Cells a spreadsheet would run: text starting with = + - @ (or a tab or carriage return)
is read by Excel and LibreOffice as a formula ("CSV injection"). Every CSV and Excel export
writes such text with a leading apostrophe, which spreadsheets show as plain text; the file
importer strips that apostrophe again, so an export imports back unchanged.

Numbers are left alone: "-3,5" and "-1234.5" are negative numbers, not formulas, and a lone
"-" is the missing-value mark (no spreadsheet evaluates it).
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# Plain or Dutch numbers, optionally with a sign, % or €: never escaped.
_NUMBER = re.compile(r"^[+-]?\s*€?\s*\d[\d.,\s]*%?$")


def defuse(text: str) -> str:
    """The text as an export must write it."""
    if not text.startswith(TRIGGERS) or text == "-" or _NUMBER.match(text):
        return text
    return ESCAPE + text


def restore(text: str) -> str:
    """Undo `defuse` on an imported cell: an apostrophe before a trigger character goes."""
    if text.startswith(ESCAPE) and text[1:].startswith(TRIGGERS):
        return text[1:]
    return text
