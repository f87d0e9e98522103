"""Sums and shares inside the side tables, and hidden small counts they give away.

An identity (identities.yaml) is checked on every row, area and period where all its
figures were printed. Hidden "<5" cells count as the range [0, 4]. The same equations then
tell whether a hidden cell can be worked out again from the published totals.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from nprz.checks.facts import MEASUREMENT, Facts, Figure, IdentityFacts
from nprz.checks.findings import Finding, Likely, LikelyValue, digits, one_digit_slip
from nprz.core.formatting import format_number
from nprz.core.printed import Interval, Printed
from nprz.core.suppression import Equation, find_recoverable

VALUE_KINDS = (MEASUREMENT, "afgeleid")


@dataclass(frozen=True)
class Term:
    indicator: str
    area: str | None
    sign: int

    @classmethod
    def parse(cls, text: str) -> Term:
        sign = -1 if text.startswith("-") else 1
        indicator, _, area = text.lstrip("-").partition("@")
        return cls(indicator, area or None, sign)


@dataclass(frozen=True)
class Instance:
    """One identity on one area and period: total = sum (or ratio) of the parts."""

    identity: IdentityFacts
    total: Figure | Fraction
    parts: tuple[tuple[int, Figure], ...]
    ratio: bool

    @property
    def where(self) -> str:
        figures = [f for _, f in self.parts] + (
            [self.total] if isinstance(self.total, Figure) else []
        )
        lines = sorted({f.source for f in figures})
        return ", ".join(lines)


class TableIndex:
    def __init__(self, facts: Facts, table: str) -> None:
        self.values: dict[tuple[str, str, str], Figure] = {}
        for figure in facts.figures:
            if (
                figure.table == table
                and figure.kind in VALUE_KINDS
                and figure.indicator
                and figure.area
            ):
                self.values.setdefault((figure.indicator, figure.area, figure.period), figure)

    def get(self, indicator: str, area: str, period: str) -> Figure | None:
        return self.values.get((indicator, area, period))

    def cells(self, indicator: str, area: str | None = None) -> list[Figure]:
        return [
            f
            for (i, a, _), f in self.values.items()
            if i == indicator and (area is None or a == area)
        ]


def instances(facts: Facts, identity: IdentityFacts) -> Iterator[Instance]:
    index = TableIndex(facts, identity.table)
    spec = identity.spec
    if "members" in spec:
        for group in spec["members"]["groups"]:
            members = facts.members.get(group, [])
            for indicator in spec["members"]["indicators"]:
                for total in index.cells(indicator, group):
                    found = [index.get(indicator, m, total.period) for m in members]
                    parts = tuple((1, p) for p in found if p is not None)
                    if members and len(parts) == len(members):
                        yield Instance(identity, total, parts, False)
        return
    terms = [Term.parse(t) for t in spec.get("sum") or spec.get("ratio") or []]
    ratio = "ratio" in spec
    total_text = spec["total"]
    if total_text.lstrip("-").isdigit():
        constant = Fraction(int(total_text))
        anchor = terms[0]
        for first in index.cells(anchor.indicator, anchor.area):
            row = _parts(index, terms, first.area or "", first.period)
            if row is not None:
                yield Instance(identity, constant, row, ratio)
        return
    total_term = Term.parse(total_text)
    for total in index.cells(total_term.indicator, total_term.area):
        row = _parts(index, terms, total.area or "", total.period)
        if row is not None:
            yield Instance(identity, total, row, ratio)


def _parts(
    index: TableIndex, terms: list[Term], area: str, period: str
) -> tuple[tuple[int, Figure], ...] | None:
    parts = []
    for term in terms:
        figure = index.get(term.indicator, term.area or area, period)
        if figure is None or figure.interval is None:
            return None
        parts.append((term.sign, figure))
    return tuple(parts)


def computed_range(instance: Instance) -> Interval:
    if instance.ratio:
        (_, numerator), (_, denominator) = instance.parts
        assert numerator.interval
        assert denominator.interval
        corners = [
            100 * a / b
            for a, b in itertools.product(
                (numerator.interval.lo, numerator.interval.hi),
                (denominator.interval.lo, denominator.interval.hi),
            )
            if b != 0
        ]
        return Interval.hull(corners)
    lo = hi = Fraction(0)
    for sign, figure in instance.parts:
        assert figure.interval
        a, b = sign * figure.interval.lo, sign * figure.interval.hi
        lo, hi = lo + min(a, b), hi + max(a, b)
    return Interval(lo, hi)


def total_range(instance: Instance) -> Interval | None:
    if isinstance(instance.total, Fraction):
        return Interval(instance.total, instance.total)
    return instance.total.interval


def check_identities(facts: Facts) -> Iterator[Finding]:
    for identity in facts.identities:
        for instance in instances(facts, identity):
            total = total_range(instance)
            computed = computed_range(instance)
            if total is None or total.overlaps(computed):
                continue
            yield _finding(facts, instance, computed)


def _finding(facts: Facts, instance: Instance, computed: Interval) -> Finding:
    identity = instance.identity
    total = instance.total
    printed = total.printed if isinstance(total, Figure) else format_number(total)
    area = total.area if isinstance(total, Figure) else instance.parts[0][1].area
    period = total.period if isinstance(total, Figure) else instance.parts[0][1].period
    point = (computed.lo + computed.hi) / 2
    shown = format_number(point, 1 if instance.ratio or _has_decimals(instance) else 0)
    if instance.ratio:
        shown += "%"
    likely, why, likely_value = _explain(instance)
    if identity.note:
        why = f"{why} {identity.note}"
    return Finding(
        "identiteit",
        identity.table,
        identity.code,
        f"{identity.what} ({area}, {period})",
        instance.where,
        printed,
        shown,
        likely,
        why,
        likely_value=likely_value,
    )


def _has_decimals(instance: Instance) -> bool:
    return any(f.number is not None and f.number.resolution != 0 for _, f in instance.parts)


def _explain(instance: Instance) -> tuple[Likely, str, LikelyValue | None]:
    if instance.ratio:
        return Likely.HERBEREKENING, "Het aandeel is berekend uit de gedrukte aantallen.", None
    total = total_range(instance)
    if total is None or instance.ratio:
        return Likely.ONBEKEND, "", None
    # Which single printed figure, if it were a slip, would make the sum close? Only when
    # exactly one figure fits is that a likely cause; with several it is a guess.
    candidates = []
    for index, (sign, figure) in enumerate(instance.parts):
        rest = Instance(
            instance.identity,
            instance.total,
            instance.parts[:index] + instance.parts[index + 1 :],
            False,
        )
        others = computed_range(rest)
        implied = Interval(sign * (total.lo - others.hi), sign * (total.hi - others.lo))
        if implied.lo == implied.hi and figure.number is not None:
            candidates.append((figure, implied.lo))
    computed = computed_range(instance)
    if isinstance(instance.total, Figure) and computed.lo == computed.hi:
        candidates.append((instance.total, computed.lo))
    slips = [(f, e) for f, e in candidates if _slip(f.printed, format_number(e))]
    if len(slips) == 1:
        figure, expected = slips[0]
        likely_value = LikelyValue(
            figure.indicator or "",
            figure.area or "",
            figure.period,
            figure.printed,
            expected,
            tuple(_key(f) for f in _figures(instance)),
        )
        return (
            Likely.HERBEREKENING,
            f"Waarschijnlijk een tikfout in {figure.indicator} ({figure.area}, {figure.period}): "
            f"gedrukt {figure.printed}, de som vraagt {format_number(expected)}.",
            likely_value,
        )
    if isinstance(instance.total, Figure):
        return (
            Likely.ONBEKEND,
            "De onderdelen en het totaal zijn allebei gedrukt; welke fout is, valt niet te zeggen.",
            None,
        )
    return Likely.ONBEKEND, "De gedrukte onderdelen tellen niet op tot het vaste totaal.", None


def _figures(instance: Instance) -> list[Figure]:
    total = [instance.total] if isinstance(instance.total, Figure) else []
    return [*total, *(f for _, f in instance.parts)]


def _key(figure: Figure) -> tuple[str, str, str]:
    return (figure.indicator or "", figure.area or "", figure.period)


def _slip(printed: str, expected: str) -> bool:
    return one_digit_slip(printed, expected) or _inserted_digit(printed, expected)


def _inserted_digit(printed: str, expected: str) -> bool:
    a, b = digits(printed), digits(expected)
    return len(a) == len(b) + 1 and any(a[:i] + a[i + 1 :] == b for i in range(len(a)))


def check_recoverable(facts: Facts) -> Iterator[Finding]:
    """Hidden small counts that the published sums pin down or narrow."""
    for table in sorted({i.table for i in facts.identities}):
        equations: list[Equation] = []
        known: dict[str, Fraction] = {}
        hidden: dict[str, tuple[Fraction, Fraction]] = {}
        figures: dict[str, Figure] = {}
        for identity in (i for i in facts.identities if i.table == table and "ratio" not in i.spec):
            for instance in instances(facts, identity):
                all_figures = [f for _, f in instance.parts]
                if isinstance(instance.total, Figure):
                    all_figures.append(instance.total)
                if not all(_exact_or_hidden(f) for f in all_figures):
                    continue
                for figure in all_figures:
                    name = _cell(figure)
                    figures[name] = figure
                    if figure.suppressed:
                        interval = figure.interval
                        assert interval is not None
                        hidden[name] = (interval.lo, interval.hi)
                    else:
                        assert figure.number is not None
                        known[name] = figure.number.exact
                terms = [(_cell(f), sign) for sign, f in instance.parts]
                if isinstance(instance.total, Figure):
                    terms.append((_cell(instance.total), -1))
                    total = Fraction(0)
                else:
                    total = instance.total
                equations.append(Equation(tuple(terms), total, identity.what))
        if not hidden:
            continue
        for recovery in find_recoverable(equations, known, hidden):
            figure = figures[recovery.cell]
            value = (
                format_number(recovery.low)
                if recovery.recovered
                else f"tussen {format_number(recovery.low)} en {format_number(recovery.high)}"
            )
            how = "; ".join(dict.fromkeys(recovery.equations))
            yield Finding(
                "herleidbaar" if recovery.recovered else "deels-herleidbaar",
                table,
                f"{figure.indicator}@{figure.area}",
                f"Verborgen cel {figure.printed} "
                f"({figure.indicator}, {figure.area}, {figure.period}) "
                + ("is terug te rekenen" if recovery.recovered else "is te vernauwen"),
                figure.source,
                figure.printed,
                value,
                Likely.HERBEREKENING,
                f"Uit de gepubliceerde totalen: {how}. De onderdrukking beschermt deze cel niet.",
            )


def _exact_or_hidden(figure: Figure) -> bool:
    token = figure.token
    return figure.suppressed or (isinstance(token, Printed) and token.resolution == 0)


def _cell(figure: Figure) -> str:
    return f"{figure.indicator}@{figure.area}@{figure.period}"
