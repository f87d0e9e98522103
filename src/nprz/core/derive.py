"""Totals, balances and rates a delivery left out, computed from the parts it did deliver.

A programme declares how its figures hang together (identities.yaml): a total is the sum of
its parts, a balance is arrivals minus departures, a rate is 100 × count / population, a
gebied is the sum of its wijken. A delivery for a new year may bring only the parts; the
printed report of an earlier year printed the totals itself. `derive` fills in what the
identities give and nothing else: a cell that was delivered or printed is never replaced,
and a cell with a missing or hidden part stays missing.

Pure: values in, computed values out, exact (fractions). Repeated until nothing changes, so
a computed total can be the part of another (moves = within + arrivals + departures, where
arrivals is itself the sum of seven origins).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

Key = tuple[str, str, str]  # indicator, area, period


@dataclass(frozen=True)
class Derived:
    value: Fraction
    rule: str  # the identity's own words, for the reader ("Saldo = vestigers − vertrekkers")


@dataclass(frozen=True)
class Rule:
    code: str
    what: str
    spec: Mapping[str, Any]


def derive(
    values: Mapping[Key, Fraction | None],
    rules: Iterable[Rule],
    members: Mapping[str, list[str]],
) -> dict[Key, Derived]:
    """Every cell an identity gives whose own value is absent from `values` (a key present
    with None is a cell that is there but unknown, such as a printed "<5": never filled)."""
    rules = list(rules)
    known: dict[Key, Fraction | None] = dict(values)
    found: dict[Key, Derived] = {}
    areas_periods = {(area, period) for _, area, period in known}
    changed = True
    while changed:
        changed = False
        for rule in rules:
            for key, value in _apply(rule, known, areas_periods, members):
                if key in known:
                    continue
                known[key] = value
                found[key] = Derived(value, rule.what)
                changed = True
    return found


def _apply(
    rule: Rule,
    known: Mapping[Key, Fraction | None],
    areas_periods: set[tuple[str, str]],
    members: Mapping[str, list[str]],
) -> Iterable[tuple[Key, Fraction]]:
    spec = rule.spec
    if "members" in spec:
        for group in spec["members"]["groups"]:
            parts = members.get(group, [])
            if not parts:
                continue
            periods = {p for a, p in areas_periods if a in parts}
            for indicator in spec["members"]["indicators"]:
                for period in periods:
                    total = _sum(known, [((indicator, a, period), 1) for a in parts])
                    if total is not None:
                        yield (indicator, group, period), total
        return
    total_text = str(spec.get("total", ""))
    if not total_text or total_text.lstrip("-").isdigit():
        return  # a constant total (shares adding up to 100%) computes nothing
    total_indicator, _, fixed_area = total_text.partition("@")
    for area, period in areas_periods:
        target = (total_indicator, fixed_area or area, period)
        terms = []
        for text in spec.get("sum") or spec.get("ratio") or []:
            sign = -1 if text.startswith("-") else 1
            indicator, _, own = text.lstrip("-").partition("@")
            terms.append(((indicator, own or area, period), sign))
        if "ratio" in spec:
            (numerator, _), (denominator, _) = terms
            top, bottom = known.get(numerator), known.get(denominator)
            if top is not None and bottom:
                yield target, 100 * top / bottom
        else:
            total = _sum(known, terms)
            if total is not None:
                yield target, total


def _sum(known: Mapping[Key, Fraction | None], terms: list[tuple[Key, int]]) -> Fraction | None:
    total = Fraction(0)
    for key, sign in terms:
        value = known.get(key)
        if value is None:
            return None
        total += sign * value
    return total
