"""One delivered value cell, read as the report would print it.

Dutch notation is the contract ("1.234,5", "30,0%", "€ 36.300", "<5", "nvt", "nb", "x",
"-"); the reading itself is `nprz.core.printed.parse_printed`, so an imported figure gets the
same value, resolution and missing reason as a figure typed from the report.

Before that, mistakes that have only one possible meaning are repaired, each with a warning
whose code is in `nprz.imports.problems`: odd spaces, spaces between thousands, "30,0 %",
"EUR 36.300" or "36.300 €", a typographic minus, "N.v.t." or "NB", a text apostrophe, and a
decimal point where it cannot be a thousands separator ("12.5", "0.25", "1234.5"). A single
dot followed by exactly three digits ("1.234") is Dutch for one thousand two hundred and
thirty-four and stays that.

English notation with a thousands comma ("1,234.5", "1,234,567") is an error although it is
unambiguous on its own: a column written that way also holds "1,234", which Dutch reads as
1,234 — accepting the clear cases would hide the unclear ones. Everything else that is not a
number ("12,3,4", "abc", "5-", "=SUM(A1)") is an error too. Nothing here raises on input:
`tests/imports/test_numbers.py` fuzzes it.

An Excel number cell (int or float from openpyxl) is taken as it is: Excel keeps 15
significant digits, a cell formatted as percentage holds the fraction (0.303 for 30,3%), and
the precision is the number of decimals of the number or of the cell format, whichever shows
more ("0.0" shows 30 as 30,0).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from nprz.core.printed import MISSING_TOKENS, Printed, PrintedError, Unit, parse_printed
from nprz.core.spreadsheet import restore

# Patterns are ASCII-only: "٣" is a digit to Python, not to a spreadsheet.
# What the store can hold (DecimalField(max_digits=20, decimal_places=6)).
MAX_INTEGER_DIGITS = 14
MAX_DECIMALS = 6

_ODD_SPACES = "\u00a0\u202f\u2009\u2007\u2008\u200a\u2002\u2003"
_MINUS_SIGNS = "\u2212\u2013\u2014"  # minus sign, en dash, em dash
_DUTCH = re.compile(r"^(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?$", re.ASCII)
_SPACED = re.compile(r"^[1-9]\d{0,2}(?: \d{3})+(?:,\d+)?$", re.ASCII)
_POINT = re.compile(r"^\d+\.\d+$", re.ASCII)
_ENGLISH = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$", re.ASCII)
_SUPPRESSED = re.compile(r"^<\s*(\d+)$", re.ASCII)
_EUR_WORD = re.compile(r"^eur\b\s*|\s*\beur$", re.IGNORECASE | re.ASCII)
_FORMAT_DECIMALS = re.compile(r"0\.(0+)", re.ASCII)


@dataclass(frozen=True)
class Finding:
    """A problem found in one cell; the file reader adds where the cell is."""

    code: str
    message: str


@dataclass(frozen=True)
class Reading:
    """What a cell says. `error` set: nothing usable; otherwise `printed` is the Dutch text
    the store keeps and `value` is None for a missing or suppressed figure."""

    text: str  # the cell as delivered, as text
    printed: str = ""
    value: Decimal | None = None
    resolution: Decimal | None = None
    unit: Unit = Unit.NONE
    missing_reason: str = ""
    suppressed: bool = False
    warnings: tuple[Finding, ...] = ()
    error: Finding | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def is_number(self) -> bool:
        return self.error is None and self.value is not None


def read_number(cell: object, *, number_format: str = "General") -> Reading:
    """Read a delivered value: text from a CSV or Excel text cell, or an Excel number.
    `number_format` is the Excel cell format ("0.0%"), used for numbers only."""
    if isinstance(cell, bool):  # before int: bool is an int in Python
        return _failed(str(cell), "excel-celtype", f"{cell} is een WAAR/ONWAAR-cel, geen getal")
    if isinstance(cell, int | float | Decimal):
        return _from_excel_number(cell, number_format)
    if cell is None:
        return _failed("", "lege-waarde", "de waarde is leeg")
    if isinstance(cell, str):
        return _from_text(cell)
    return _failed(
        str(cell), "excel-celtype", f"{cell!s} is een {type(cell).__name__}-cel, geen getal"
    )


def _failed(text: str, code: str, message: str, warnings: list[Finding] | None = None) -> Reading:
    return Reading(text=text, warnings=tuple(warnings or ()), error=Finding(code, message))


def _from_text(text: str) -> Reading:
    warnings: list[Finding] = []

    def warn(code: str, message: str) -> None:
        warnings.append(Finding(code, message))

    # Our own export's formula escaping goes silently; any other apostrophe is Excel's
    # "treat as text" mark, typed by a person.
    raw = restore(text)
    if raw.startswith("'"):
        raw = raw[1:]
        warn("apostrof", f"apostrof voor {text!r} weggelaten")
    if any(c in _ODD_SPACES for c in raw):
        raw = raw.translate({ord(c): " " for c in _ODD_SPACES})
        warn("vreemde-spatie", f"harde of smalle spatie in {text!r} als gewone spatie gelezen")
    raw = raw.strip()
    if not raw:
        return _failed(text, "lege-waarde", "de waarde is leeg", warnings)
    if raw.startswith("="):
        return _failed(text, "formule", f"{text!r} is een formule, geen waarde", warnings)

    missing = _missing(raw)
    if missing is not None:
        token, variant = missing
        if variant:
            warn("ontbrekend-teken-variant", f"{text!r} gelezen als {token!r}")
        return Reading(
            text=text,
            printed=token,
            missing_reason=MISSING_TOKENS[token],
            warnings=tuple(warnings),
        )
    if (match := _SUPPRESSED.match(raw)) and int(match[1]) > 0:
        threshold = match[1].lstrip("0")
        return Reading(
            text=text, printed=f"<{threshold}", suppressed=True, warnings=tuple(warnings)
        )

    body, unit = raw, Unit.NONE
    if body.endswith("%"):
        body, unit = body[:-1], Unit.PERCENT
        if body.endswith(" "):
            warn("spatie-voor-procent", f"spatie voor het procentteken in {text!r} weggelaten")
        body = body.strip()
    unsigned = body
    sign, body = _sign(body, text, warn)
    signed = body != unsigned
    euro = True
    if body.startswith("€"):
        body = body[1:]
    elif body.endswith("€"):
        body = body[:-1]
        warn("euro-notatie", f"euroteken achter het bedrag in {text!r}; gelezen als € ervoor")
    elif _EUR_WORD.search(body):
        body = _EUR_WORD.sub("", body)
        warn("euro-notatie", f"'EUR' in {text!r} gelezen als €")
    else:
        euro = False
    if euro:
        if unit is Unit.PERCENT:
            return _failed(
                text, "geen-getal", f"{text!r} is zowel een bedrag als een percentage", warnings
            )
        body, unit = body.strip(), Unit.EURO

    if not signed:  # the sign may also stand after the euro: "€ -5" as well as "-€ 5"
        sign, body = _sign(body, text, warn)

    digits = _dutch_digits(body, text, warn)
    if isinstance(digits, Finding):
        return Reading(text=text, warnings=tuple(warnings), error=digits)
    return _reading(text, sign + digits, unit, warnings)


def _sign(body: str, text: str, warn: Callable[[str, str], None]) -> tuple[str, str]:
    """Split off a leading sign: "-" or "" and the rest."""
    if body and body[0] in _MINUS_SIGNS:
        body = "-" + body[1:]
        warn("min-teken", f"het minteken in {text!r} gelezen als -")
    if body.startswith("+"):
        warn("plusteken", f"plusteken voor {text!r} weggelaten")
        return "", body[1:].strip()
    if body.startswith("-"):
        return "-", body[1:].strip()
    return "", body


def _missing(raw: str) -> tuple[str, bool] | None:
    """A missing-value mark: the token as the store writes it, and whether it was a variant."""
    if raw in MISSING_TOKENS:
        return raw, False
    key = raw.lower().replace(".", "").replace(" ", "")
    if key in ("nvt", "nb", "x"):
        return key, True
    if raw in _MINUS_SIGNS:
        return "-", True
    return None


def _dutch_digits(body: str, text: str, warn: Callable[[str, str], None]) -> str | Finding:
    """The number part in Dutch notation (digits, thousands dots, decimal comma)."""
    if _DUTCH.match(body):
        return body
    if _SPACED.match(body):
        warn("spatie-duizendtallen", f"spaties tussen de duizendtallen in {text!r}")
        return body.replace(" ", ".")
    if _POINT.match(body):
        integer, decimals = body.split(".")
        warn("decimale-punt", f"decimale punt in {text!r} gelezen als komma")
        return f"{_grouped(integer)},{decimals}"
    if _ENGLISH.match(body) and (body.count(",") > 1 or "." in body):
        return Finding(
            "engelse-notatie",
            f"{text!r} staat in Engelse notatie; schrijf Nederlands (1.234,5)",
        )
    return Finding(
        "geen-getal",
        f"{text!r} is geen getal in Nederlandse notatie (1.234,5 · 30,0% · € 36.300) "
        "en geen nvt, nb, x, - of <5",
    )


def _grouped(integer: str) -> str:
    digits = integer.lstrip("0") or "0"
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ".".join([digits, *groups])


def _reading(text: str, number: str, unit: Unit, warnings: list[Finding]) -> Reading:
    """Build the normalised Dutch text and let `parse_printed` give value and resolution."""
    if unit is Unit.EURO:
        normal = f"€ {number}"
    elif unit is Unit.PERCENT:
        normal = f"{number}%"
    else:
        normal = number
    integer, _, decimals = number.lstrip("-").partition(",")
    if len(integer.replace(".", "").lstrip("0")) > MAX_INTEGER_DIGITS:
        return _failed(text, "getal-te-groot", f"{text!r} is te groot", warnings)
    if len(decimals) > MAX_DECIMALS:
        return _failed(
            text, "te-veel-decimalen", f"{text!r} heeft meer dan {MAX_DECIMALS} decimalen", warnings
        )
    try:
        token = parse_printed(normal)
    except PrintedError:  # cannot happen for text built above; reported, never raised
        return _failed(text, "geen-getal", f"{text!r} is geen getal", warnings)
    assert isinstance(token, Printed), token
    return Reading(
        text=text,
        printed=normal,
        value=token.value,
        resolution=token.resolution,
        unit=token.unit,
        warnings=tuple(warnings),
    )


def _from_excel_number(number: int | float | Decimal, number_format: str) -> Reading:
    text = str(number)
    if isinstance(number, float) and not math.isfinite(number):
        return _failed(text, "geen-getal", f"{text} is geen getal")
    # Excel stores 15 significant digits; a longer float is binary noise (0.1 + 0.2).
    value = Decimal(format(number, ".15g")) if isinstance(number, float) else Decimal(number)
    fmt = number_format or "General"
    unit = Unit.NONE
    if "%" in fmt:
        value, unit = value * 100, Unit.PERCENT
    elif "€" in fmt or "EUR" in fmt.upper():
        unit = Unit.EURO
    if value.is_zero():
        value = Decimal(0)
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    places = max(0, -exponent)
    if shown := _FORMAT_DECIMALS.search(fmt):
        places = max(places, len(shown[1]))
    warnings = [
        Finding("excel-getal", f"Excel-getal {text} gelezen met {places} decimalen"),
    ]
    if abs(value) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        return _failed(text, "getal-te-groot", f"{text} is te groot", warnings)
    if places > MAX_DECIMALS:
        return _failed(
            text, "te-veel-decimalen", f"{text} heeft meer dan {MAX_DECIMALS} decimalen", warnings
        )
    return _reading(text, _dutch(value, places), unit, warnings)


def _dutch(value: Decimal, places: int) -> str:
    """A number in Dutch notation with `places` decimals ("-1.234,50")."""
    quantum = Decimal(1).scaleb(-places)
    fixed = f"{abs(value).quantize(quantum):f}"
    integer, _, decimals = fixed.partition(".")
    sign = "-" if value < 0 and fixed.strip("0.") else ""
    return sign + _grouped(integer) + (f",{decimals}" if decimals else "")
