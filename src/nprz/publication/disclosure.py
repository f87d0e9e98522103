"""Which cells of the report's tables to hide, decided once per report from the store.

The rule and the method are in `nprz.core.disclosure`; here each protected table of the
report becomes a `Grid`: its count cells from the store, its margins from the identities the
dataset declares for that table (row totals, group rows, balances), and its ratios (a share of
Rotterdam) as derived figures. The main report and every area document ask the same
`Disclosure`, so a cell hidden in one is hidden in all: no document completes another.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings

from nprz.checks.facts import Facts, Figure
from nprz.checks.identities import instances
from nprz.core.disclosure import DisclosureRule, Grid, Protection, describe, protect
from nprz.core.printed import Printed
from nprz.core.suppression import Equation
from nprz.monitor.facts import report_facts

MEASURED = ("meting", "afgeleid")


def configured_rule(threshold: int | None = None) -> DisclosureRule:
    """The rule from settings (NPRZ_DISCLOSURE_THRESHOLD, NPRZ_DISCLOSURE_TABLES), with a
    threshold given on the command line winning."""
    tables: tuple[str, ...] = settings.NPRZ_DISCLOSURE_TABLES
    configured: int = settings.NPRZ_DISCLOSURE_THRESHOLD
    return DisclosureRule(threshold=threshold or configured, tables=frozenset(tables))


def cell_name(indicator: str, area: str, period: str) -> str:
    return f"{indicator}@{area}@{period}"


@dataclass(frozen=True)
class Disclosure:
    rule: DisclosureRule
    protections: dict[str, Protection]

    def hidden(self, table: str, indicator: str, area: str, period: str) -> bool:
        protection = self.protections.get(table)
        if protection is None:
            return False
        name = cell_name(indicator, area, period)
        return name in protection.hidden or name in protection.withheld_derived

    def summary(self, table: str) -> str:
        protection = self.protections.get(table)
        return describe(protection) if protection is not None else ""


def decide(year: int, rule: DisclosureRule) -> Disclosure:
    facts = report_facts(year)
    return Disclosure(
        rule, {table: protect(table_grid(facts, table), rule) for table in sorted(rule.tables)}
    )


def table_grid(facts: Facts, table: str) -> Grid:
    """The count cells of `table` with the equations the dataset's identities give."""
    figures = [
        f
        for f in facts.figures
        if f.table == table and f.kind in MEASURED and f.indicator and f.area
    ]
    values: dict[str, Fraction | None] = {}
    for figure in figures:
        name = _name(figure)
        if name in values or not _is_count(facts, figure):
            continue
        values[name] = _count(figure)
    equations: list[Equation] = []
    margins: set[str] = set()
    derived: dict[str, frozenset[str]] = {}
    for identity in (i for i in facts.identities if i.table == table):
        for instance in instances(facts, identity):
            parts = [(_name(f), sign) for sign, f in instance.parts]
            if instance.ratio:
                if isinstance(instance.total, Figure):
                    sources = frozenset(n for n, _ in parts if n in values)
                    if sources:
                        derived[_name(instance.total)] = sources
                continue
            if not isinstance(instance.total, Figure):
                continue
            total = _name(instance.total)
            if total not in values or any(n not in values for n, _ in parts):
                continue
            equations.append(
                Equation((*parts, (total, -1)), Fraction(0), f"{identity.code} {total}")
            )
            margins.add(total)
    signed = frozenset(n for n, v in values.items() if v is not None and v < 0) | frozenset(
        n for n in values if n.split("@")[0].endswith("-saldo")
    )
    return Grid(
        table=table,
        values=values,
        equations=tuple(equations),
        margins=frozenset(margins),
        signed=signed,
        derived=derived,
    )


def _name(figure: Figure) -> str:
    return cell_name(figure.indicator or "", figure.area or "", figure.period)


def _is_count(facts: Facts, figure: Figure) -> bool:
    indicator = facts.indicators.get(figure.indicator or "")
    return indicator is not None and indicator.unit == "aantal"


def _count(figure: Figure) -> Fraction | None:
    token = figure.token
    if isinstance(token, Printed):
        return token.exact
    return None  # printed "<5" (or otherwise hidden in the source): value unknown
