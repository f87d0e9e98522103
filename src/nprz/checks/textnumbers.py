"""Every number in a free Dutch text, and whether the figures the text may cite bear it out.

`check_text(text, citable)` is the reusable part: give it a text (a progress text, a page of
the report, later a foreword or a goal's rationale) and the figures that text may cite, and
it says for each number in the text which figure it matches, or that none does. It knows
nothing of the store; the caller decides what a text may cite (an intervention's KPI
values, an indicator's figures, the count of interventions).

Reading Dutch numbers (tests/checks/test_textnumbers.py):
- Notation: `1.234,5` · `44,3%` · `€ 36.300` · `-2,1%` · `12 van de 19` (both numbers).
  A printed number carries its precision (`nprz.core.printed`): "44%" matches 43,7%.
- Hedges widen the claim: "ruim 1400" is a little more than 1400 (up to 10% more),
  "bijna" a little less, "ongeveer/circa/rond/zo'n" within 10%, "meer dan"/"minder dan"
  up to half again. A hedged figure ("ongeveer 250") is matched by the same digits.
- Not quantities, and skipped with the reason: years and school years (2024, 2023/24,
  22/23, 2023-2026), dates (1 april), words that make a number a name or a place in a
  sequence (week 18, artikel 9, groep 1, niveau 2, zie 15), ages (12- tot 27-jarigen, 18
  jaar), an income limit ("130% van het sociaal minimum"), version numbers (2.0), and
  integers of five or more digits without a thousands point (a phone number such as
  14010: Dutch notation groups thousands with a point).
- Two values of one series (one KPI) may be cited as their difference: "353, 97 minder
  dan het doel van 450".
Number words ("twee", "een kwart") are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from itertools import combinations

from nprz.core.printed import Interval, Printed, PrintedError, Unit, parse_printed

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)


class Hedge(StrEnum):
    NONE = ""
    RUIM = "ruim"
    BIJNA = "bijna"
    ONGEVEER = "ongeveer"
    MEER_DAN = "meer dan"
    MINDER_DAN = "minder dan"


# Hedge words as written, longest first; the value is the hedge they express.
_HEDGE_WORDS = {
    "ruim": Hedge.RUIM,
    "bijna": Hedge.BIJNA,
    "ongeveer": Hedge.ONGEVEER,
    "circa": Hedge.ONGEVEER,
    "ca.": Hedge.ONGEVEER,
    "rond": Hedge.ONGEVEER,
    "rond de": Hedge.ONGEVEER,
    "zo'n": Hedge.ONGEVEER,
    "meer dan": Hedge.MEER_DAN,
    "minder dan": Hedge.MINDER_DAN,
}
# (low, high) factors of the stated number a hedged claim allows; None: no bound that side.
_HEDGE_RANGE: dict[Hedge, tuple[Fraction, Fraction]] = {
    Hedge.RUIM: (Fraction(1), Fraction(11, 10)),
    Hedge.BIJNA: (Fraction(9, 10), Fraction(1)),
    Hedge.ONGEVEER: (Fraction(9, 10), Fraction(11, 10)),
    Hedge.MEER_DAN: (Fraction(1), Fraction(3, 2)),
    Hedge.MINDER_DAN: (Fraction(1, 2), Fraction(1)),
}

# One candidate: an optional euro sign and minus, the digits, an optional percent sign.
_CANDIDATE = re.compile(
    r"(?P<euro>€\s?)?(?P<sign>[-−–]\s?)?"
    r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
    r"(?P<pct>\s?%|\s?procent\b)?(?P<euroword>\s?euro\b)?",
    re.IGNORECASE,
)
# Patterns around a number that make it something other than a quantity. Each is matched
# against the text with the number's position; the first that covers it gives the reason.
_NOT_A_QUANTITY: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (r"\b(?:19|20)\d\d\s?/\s?\d{2}\b|\b\d{2}/\d{2}\b", "schooljaar"),
        (r"\b(?:19|20)\d\d\s?[-–]\s?(?:(?:19|20)\d\d|\d\d)\b", "periode"),
        (r"\b\d{1,2}\s(?:" + MONTHS + r")\b", "datum"),
        (
            r"\b(?:week|artikel|groep|niveau|klas|leerjaar|post|spoor|fase|cohort|zie|nummer"
            r"|nr\.?|interventie|interventies)[\s-]+\d+(?:\s?(?:en|t/m|-)\s?\d+[a-z]?)?",
            "naam of rangnummer",
        ),
        (r"\b\d+[a-z]?-(?:\d+-)?(?:straten|jarigen|jarige|jarig)\b", "naam of leeftijd"),
        (r"\b\d+-?\s?(?:tot|t/m|en)\s?\d+-?jarig\w*", "leeftijd"),
        (r"\b\d+\s?(?:jaar|jarigen|jarige)\b", "leeftijd of duur"),
        (r"\b\d+\s?%\s(?:van\s(?:het\s)?)?(?:sociaal\s)?minimum(?:loon)?\b", "inkomensgrens"),
        (r"\b\d+\.\d(?!\d)", "versienummer"),
        (r"(?<![\d.,])\d{5,}(?![\d.,])", "code (geen Nederlandse getalnotatie)"),
    )
)
_YEAR = re.compile(r"^(?:19[9]\d|20[0-4]\d)$")


@dataclass(frozen=True)
class NumberInText:
    """One number as it stands in a text, with what its digits allow."""

    printed: str  # with its hedge, as in the text: "ruim 1400"
    start: int
    value: Fraction
    interval: Interval
    unit: Unit
    hedge: Hedge

    @property
    def claimed(self) -> Interval:
        """What the text claims, hedges included."""
        if self.hedge is Hedge.NONE:
            return self.interval
        low, high = _HEDGE_RANGE[self.hedge]
        ends = sorted([self.value * low, self.value * high])
        return Interval(ends[0], ends[1])


@dataclass(frozen=True)
class Skipped:
    printed: str
    reason: str


@dataclass(frozen=True)
class Citable:
    """A figure a text may cite. `value` is the reading where the caller has one (a KPI's
    stored value); otherwise the numbers in `printed` are read ("70/90" gives 70 and 90)."""

    printed: str
    label: str
    series: str = ""
    value: Decimal | None = None


@dataclass(frozen=True)
class Cited:
    """One number of the text and the figures that bear it out (none: not in the figures)."""

    number: NumberInText
    matches: tuple[str, ...]  # how each match reads: "12.794 (label)", "450 − 353 (label)"
    nearest: str  # the closest figure of the same unit, to help a reader ("" if none)

    @property
    def found(self) -> bool:
        return bool(self.matches)


@lru_cache(maxsize=4096)
def find_numbers(text: str) -> tuple[tuple[NumberInText, ...], tuple[Skipped, ...]]:
    """Every number in `text` that reads as a quantity, and those skipped with the reason.
    (Cached: the same KPI tokens and texts come back on every build of the checks.)"""
    covered = _covered(text)
    numbers: list[NumberInText] = []
    skipped: list[Skipped] = []
    for match in _CANDIDATE.finditer(text):
        start, end = match.start("num"), match.end("num")
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,"):
            continue  # the tail of a longer token
        if end < len(text) and text[end].isalpha():
            continue  # "2e", "3de": an ordinal
        reason = covered.get(start)
        if reason is None and _in_compound(text, match.start(), end):
            reason = "deel van een samenstelling"
        digits_text = match["num"]
        unit = (
            Unit.PERCENT
            if match["pct"]
            else Unit.EURO
            if match["euro"] or match["euroword"]
            else Unit.NONE
        )
        if reason is None and unit is Unit.NONE and _YEAR.match(digits_text):
            reason = "jaartal"
        if (
            reason is None
            and unit is Unit.NONE
            and len(digits_text) <= 2
            and _after_a_name(text[:start])
            and not re.match(r"\s?[-–]\s?\d", text[end:])
        ):
            reason = "deel van een naam"
        if reason is not None:
            skipped.append(Skipped(match.group(0).strip(), reason))
            continue
        parsed = _parse(digits_text)
        if parsed is None:
            skipped.append(Skipped(match.group(0).strip(), "geen Nederlandse getalnotatie"))
            continue
        value, resolution = parsed
        # A minus counts only right against the digits ("-2,1%"), not a dash in a range.
        sign = match["sign"] or ""
        negative = bool(sign) and not sign.endswith(" ") and not _range_before(text, match)
        if negative:
            value = -value
        half = resolution / 2
        first = match.start() if negative else start - len(match["euro"] or "")
        hedge, hedge_start = _hedge_before(text, first)
        printed_start = hedge_start if hedge is not Hedge.NONE else first
        numbers.append(
            NumberInText(
                printed=text[printed_start : match.end()].strip(),
                start=printed_start,
                value=value,
                interval=Interval(value - half, value + half),
                unit=unit,
                hedge=hedge,
            )
        )
    return tuple(numbers), tuple(skipped)


def check_text(text: str, citable: list[Citable]) -> list[Cited]:
    """For each number in `text`: the figures of `citable` that bear it out, or none."""
    values = _citable_values(citable)
    differences = _differences(values)
    results = []
    for number in find_numbers(text)[0]:
        matches = [v.shown for v in values if _bears_out(number, v.number)]
        if not matches and number.hedge is Hedge.NONE:
            matches = [v.shown for v in differences if _bears_out(number, v.number)]
        results.append(Cited(number, tuple(matches), "" if matches else _nearest(number, values)))
    return results


@dataclass(frozen=True)
class _Value:
    """A number a text may cite: from one citable figure, or the difference of two."""

    number: NumberInText
    series: str
    label: str

    @property
    def shown(self) -> str:
        return f"{self.number.printed} ({self.label})"


def _covered(text: str) -> dict[int, str]:
    """Start position of each number that a not-a-quantity pattern covers -> the reason."""
    covered: dict[int, str] = {}
    for pattern, reason in _NOT_A_QUANTITY:
        for match in pattern.finditer(text):
            if reason == "schooljaar" and not _consecutive(match.group(0)):
                continue
            for digits in re.finditer(r"\d+", match.group(0)):
                position = match.start() + digits.start()
                if position == 0 or not text[position - 1].isdigit():
                    covered.setdefault(position, reason)
    return covered


def _in_compound(text: str, start: int, end: int) -> bool:
    """A number inside a hyphenated word: "vmbo-4-leerlingen", "artikel-10-straten"."""
    joined_before = start > 0 and text[start - 1].isalpha()
    joined_after = text[end : end + 2][:1] == "-" and text[end + 1 : end + 2].isalpha()
    return joined_before or joined_after


def _consecutive(school_year: str) -> bool:
    """Is "2023/24" or "22/23" a school year (two consecutive years), not "70/90"?"""
    first, _, second = school_year.replace(" ", "").partition("/")
    return (int(first) + 1) % 100 == int(second) % 100


def _after_a_name(before: str) -> bool:
    """Does a capitalised word that does not open a sentence stand right before the number
    ("Fase 1", "Pijler 4")?"""
    match = re.search(r"(\S*)\s(\S+)\s$", " " + before)
    if match is None:
        return False
    previous, word = match[1], match[2]
    opens_sentence = previous == "" or previous[-1] in ".!?:"
    return word.isalpha() and word[:1].isupper() and word[1:].islower() and not opens_sentence


def _parse(digits: str) -> tuple[Fraction, Fraction] | None:
    """(value, resolution of its last digit) of a number in Dutch notation, or None."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", digits) is None:
        return None
    integer, _, decimals = digits.replace(".", "").partition(",")
    value = Fraction(Decimal(f"{integer}.{decimals}" if decimals else integer))
    # A text rounds: "51 fte" may stand for 51,44 (but never for 52 or for a count of 50).
    return value, Fraction(1, 10 ** len(decimals))


def _range_before(text: str, match: re.Match[str]) -> bool:
    """Is the minus the dash of a range ("70-90")?"""
    before = text[: match.start()].rstrip()
    return bool(before) and before[-1].isdigit()


def _hedge_before(text: str, start: int) -> tuple[Hedge, int]:
    before = text[:start].rstrip().lower()
    for word in sorted(_HEDGE_WORDS, key=len, reverse=True):
        if before.endswith(word) and (
            len(before) == len(word) or not before[-len(word) - 1].isalpha()
        ):
            return _HEDGE_WORDS[word], len(before) - len(word)
    return Hedge.NONE, start


def _citable_values(citable: list[Citable]) -> list[_Value]:
    """Each citable figure as the numbers it holds, with the precision of a printed figure
    (`nprz.core.printed`: a count is exact, "44%" stands for 43,5-44,5)."""
    values = []
    for figure in citable:
        numbers = tuple(_as_printed(n) for n in find_numbers(figure.printed)[0])
        if figure.value is not None:
            unit = numbers[0].unit if numbers else Unit.NONE
            hedge = numbers[0].hedge if len(numbers) == 1 else Hedge.NONE
            numbers = (_from_reading(figure.printed, figure.value, unit, hedge),)
        values += [_Value(number, figure.series, figure.label) for number in numbers]
    return values


def _as_printed(number: NumberInText) -> NumberInText:
    digits = number.printed.removeprefix(number.hedge.value).strip()
    try:
        token = parse_printed(digits)
    except PrintedError:
        return number
    if not isinstance(token, Printed):
        return number
    return replace(number, interval=token.interval)


def _from_reading(printed: str, value: Decimal, unit: Unit, hedge: Hedge) -> NumberInText:
    exact = Fraction(value)
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    half = Fraction(1, 10**places) / 2 if places else Fraction(0)
    return NumberInText(printed, 0, exact, Interval(exact - half, exact + half), unit, hedge)


def _differences(values: list[_Value]) -> list[_Value]:
    """The difference of every two values of one series, as a value a text may cite."""
    found = []
    for a, b in combinations(values, 2):
        if not a.series or a.series != b.series or a.number.unit != b.number.unit:
            continue
        if a.number.hedge is not Hedge.NONE or b.number.hedge is not Hedge.NONE:
            continue
        high, low = (
            (a.number, b.number) if a.number.value >= b.number.value else (b.number, a.number)
        )
        difference = NumberInText(
            f"{high.printed} − {low.printed}",
            0,
            high.value - low.value,
            Interval(high.interval.lo - low.interval.hi, high.interval.hi - low.interval.lo),
            high.unit,
            Hedge.NONE,
        )
        found.append(_Value(difference, a.series, a.label))
    return found


def _compatible(a: Unit, b: Unit) -> bool:
    return (a is Unit.PERCENT) == (b is Unit.PERCENT)


def _bears_out(number: NumberInText, figure: NumberInText) -> bool:
    if not _compatible(number.unit, figure.unit):
        return False
    if figure.hedge is not Hedge.NONE:
        return number.value == figure.value
    return number.claimed.overlaps(figure.interval)


def _nearest(number: NumberInText, values: list[_Value]) -> str:
    same_unit = [
        (abs(v.number.value - number.value), v.shown)
        for v in values
        if _compatible(number.unit, v.number.unit)
    ]
    return min(same_unit)[1] if same_unit else ""
