"""Known corrections: printed figures the view's own sums show to be a slip, and the figures
computed from them (decision 022).

Where a sum or balance of the identities does not close and exactly one printed figure, read
with one digit changed, dropped or two swapped, would close it (`nprz check`'s typo finding,
with its `LikelyValue`), that figure gets a correction: what was printed, what the sum asks.
A share computed from that figure (an identity's ratio, or a total the monitor computed from
it) gets a derived correction, with the share recomputed from the likely-right count where
both its counts are exact. Nothing is replaced: outputs show the printed figure and the
correction beside it.

Only the identity checks run here (not every check of `nprz check`), on the view of the year
the site and the report show, so the corrections follow the figures the reader sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from nprz.checks.facts import Facts, Figure, IdentityFacts
from nprz.checks.findings import Likely, LikelyValue
from nprz.checks.identities import check_identities, instances
from nprz.core.corrections import Correction, Key
from nprz.core.derive import Rule, derive
from nprz.core.formatting import format_value
from nprz.monitor.facts import indicator_facts
from nprz.monitor.values import ValueRow
from nprz.publication.disclosure import Disclosure, named_indicators

TYPO = "waarschijnlijk een tikfout"
DERIVED = "berekend uit een waarschijnlijk onjuist gedrukt aantal"


@dataclass(frozen=True)
class Found:
    """A correction with the cells its likely-right figure says something about."""

    key: Key
    correction: Correction
    cells: frozenset[Key]


def find_corrections(
    rows: list[ValueRow],
    identities: list[IdentityFacts],
    rules: list[Rule],
    members: Mapping[str, list[str]],
) -> list[Found]:
    """The corrections of one view (`rows`): the misprinted cells, then what follows."""
    by_key = {_key(r): r for r in rows}
    units = {r.indicator.code: (r.indicator.unit, r.indicator.decimals) for r in rows}
    pinned = _pinned(rows, identities, members)
    found: list[Found] = []
    for key, likely in pinned.items():
        row = by_key.get(key)
        if row is None or row.value is None:
            continue
        unit, decimals = units[key[0]]
        correction = Correction(
            printed=_shown(row),
            likely=format_value(likely.expected, unit, decimals),
            why=TYPO,
        )
        found.append(Found(key, with_note(correction), frozenset(likely.cells) | {key}))
    for corrected in list(found):
        expected = pinned[corrected.key].expected
        found.extend(_shares(corrected, expected, rows, identities, members, by_key))
        found.extend(_computed(corrected, expected, rows, rules, members, by_key))
    return found


def _pinned(
    rows: list[ValueRow], identities: list[IdentityFacts], members: Mapping[str, list[str]]
) -> dict[Key, LikelyValue]:
    """Per misprinted cell the value the identities pin; a cell two identities pin to
    different values is left out (that would be a guess)."""
    printed = [r for r in rows if r.status != "berekend"]  # the monitor's own sums hold
    seen: dict[Key, list[LikelyValue]] = {}
    for table in sorted({i.table for i in identities}):
        mine = [i for i in identities if i.table == table and "ratio" not in i.spec]
        facts = _facts(printed, table, mine, members)
        for finding in check_identities(facts):
            likely = finding.likely_value
            if finding.likely is Likely.HERBEREKENING and likely is not None:
                seen.setdefault((likely.indicator, likely.area, likely.period), []).append(likely)
    return {
        key: values[0] for key, values in seen.items() if len({v.expected for v in values}) == 1
    }


def _facts(
    rows: list[ValueRow],
    table: str,
    identities: list[IdentityFacts],
    members: Mapping[str, list[str]],
) -> Facts:
    codes = named_indicators(identities)
    mine = [r for r in rows if r.indicator.code in codes]
    return Facts(
        report_year=0,
        figures=[
            Figure(
                table=table,
                kind="afgeleid" if r.status == "afgeleid" else "meting",
                printed=r.printed or "",
                source=r.source,
                indicator=r.indicator.code,
                area=r.area.code,
                period=r.period,
            )
            for r in mine
        ],
        indicators={r.indicator.code: indicator_facts(r.indicator) for r in mine},
        targets=[],
        members=dict(members),
        identities=identities,
    )


def _shares(
    corrected: Found,
    expected: Fraction,
    rows: list[ValueRow],
    identities: list[IdentityFacts],
    members: Mapping[str, list[str]],
    by_key: Mapping[Key, ValueRow],
) -> Iterable[Found]:
    """The printed shares whose numerator or denominator is the corrected count."""
    ratios = [i for i in identities if "ratio" in i.spec]
    for table in sorted({i.table for i in ratios}):
        mine = [i for i in ratios if i.table == table]
        facts = _facts(rows, table, mine, members)
        for identity in mine:
            for instance in instances(facts, identity):
                total = instance.total
                parts = [f for _, f in instance.parts]
                if not isinstance(total, Figure) or corrected.key not in map(_figure_key, parts):
                    continue
                row = by_key.get(_figure_key(total))
                if row is None or row.value is None:
                    continue
                numerator, denominator = (
                    expected if _figure_key(f) == corrected.key else _exact(f) for f in parts
                )
                likely = ""
                if numerator is not None and denominator:
                    indicator = facts.indicators[row.indicator.code]
                    likely = format_value(
                        100 * numerator / denominator, indicator.unit, indicator.decimals
                    )
                correction = Correction(_shown(row), likely, DERIVED, corrected.key)
                yield Found(
                    _key(row),
                    with_note(correction, corrected.correction),
                    corrected.cells | {_figure_key(f) for f in parts},
                )


def _computed(
    corrected: Found,
    expected: Fraction,
    rows: list[ValueRow],
    rules: list[Rule],
    members: Mapping[str, list[str]],
    by_key: Mapping[Key, ValueRow],
) -> Iterable[Found]:
    """The totals and rates the monitor computed (`derive`) from the corrected count: those
    whose value changes when the count is the likely-right one, with that value."""
    known = {_key(r): r.value for r in rows if r.status != "berekend"}
    before = derive(known, rules, members)
    after = derive({**known, corrected.key: expected}, rules, members)
    for key, derived in before.items():
        row = by_key.get(key)
        if row is None or row.value is None:
            continue
        again = after.get(key)
        if again is not None and again.value == derived.value:
            continue
        unit, decimals = row.indicator.unit, row.indicator.decimals
        likely = format_value(again.value, unit, decimals) if again is not None else ""
        correction = Correction(_shown(row), likely, DERIVED, corrected.key)
        yield Found(key, with_note(correction, corrected.correction), corrected.cells | {key})


def with_note(correction: Correction, source: Correction | None = None) -> Correction:
    """The footnote in plain Dutch, for the public and the analyst alike."""
    if source is None:
        if correction.likely:
            note = (
                f"Gedrukt {correction.printed}; de optelling geeft {correction.likely} "
                f"({correction.why})."
            )
        else:
            note = f"Gedrukt {correction.printed}; de optelling klopt niet ({correction.why})."
        return replace(correction, note=note)
    count = f" ({source.printed} waar de optelling {source.likely} geeft)" if source.likely else ""
    then = f"; daarmee wordt het {correction.likely}" if correction.likely else ""
    return replace(correction, note=f"Gedrukt {correction.printed}; {correction.why}{count}{then}.")


def for_public(found: list[Found], decision: Disclosure) -> dict[Key, Correction]:
    """What the public may see: nothing of a hidden cell, and no likely-right figure that
    says something about one (a sum that pins it runs through the hidden cell)."""
    public: dict[Key, Correction] = {}
    for item in found:
        if decision.hides(*item.key):
            continue
        correction = item.correction
        if any(decision.hides(*cell) for cell in item.cells):
            correction = replace(correction, likely="")
        if correction.derived_from is None:
            correction = with_note(correction)
        else:
            # The count it was computed from as the public sees it (found lists the
            # misprinted cells first); a hidden one says nothing.
            source = public.get(correction.derived_from, Correction("", "", TYPO))
            correction = with_note(correction, source)
        public[item.key] = correction
    return public


def as_map(found: list[Found]) -> dict[Key, Correction]:
    return {item.key: item.correction for item in found}


def _shown(row: ValueRow) -> str:
    """The figure as the outputs print it (Dutch notation, the indicator's decimals)."""
    return format_value(row.value, row.indicator.unit, row.indicator.decimals)


def _exact(figure: Figure) -> Fraction | None:
    number = figure.number
    return number.exact if number is not None and number.resolution == 0 else None


def _key(row: ValueRow) -> Key:
    return (row.indicator.code, row.area.code, row.period)


def _figure_key(figure: Figure) -> Key:
    return (figure.indicator or "", figure.area or "", figure.period)


__all__ = ["Correction", "Found", "as_map", "find_corrections", "for_public"]
