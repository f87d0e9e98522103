"""Which cells the public may not see, decided once for every report year the store knows.

The rule and the method are in `nprz.core.disclosure`. Here every protected table becomes one
`Grid` over *all* the report years' views of the store: a view is what the site shows for a
year (`?jaar=`), and the annual report and area documents of that year print the same. An
attacker combines every view, so the decision is made on all of them at once:

* the cells are the table's count indicators in every area and period, from any delivery
  (the printed 2024 table, a CSV for 2025, a CBS download): cells are chosen by indicator,
  never by the delivery they came in;
* a cell that two views show with the same value is one unknown; where a later delivery
  revised it, each value is its own unknown (`name#year`), each with its view's equations;
* the equations are the dataset's identities (row sums, balances, stock-flow), instantiated
  in every view where all their figures exist, plus group = sum of its members; an identity
  is only used where it holds on the store's own figures (where it does not hold, a reader
  assuming it would compute a wrong number, which gives nothing away);
* derived figures (a share of the city, mobility = moves / population) are withheld as soon
  as a cell they are computed from is hidden.

What a recorded report edition hid stays hidden ("forced"), and what it printed is public
knowledge that cannot be hidden again ("known"): a later year's decision may only add to it.
A hidden cell is hidden in every view, every output, every year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings

from nprz import programmes
from nprz.checks.facts import Facts, Figure, IdentityFacts
from nprz.checks.identities import Instance, instances
from nprz.core.disclosure import DisclosureRule, Grid, Protection, describe, protect
from nprz.core.printed import Printed
from nprz.core.suppression import Equation
from nprz.monitor import models as m
from nprz.monitor.facts import indicator_facts, members_in
from nprz.monitor.values import ValueRow

MEASURED = ("meting", "afgeleid")


def configured_rule(threshold: int | None = None) -> DisclosureRule:
    """The programme's rule (its definition's `disclosure`), overridden by the settings
    NPRZ_DISCLOSURE_THRESHOLD / NPRZ_DISCLOSURE_TABLES when set, and a threshold given on
    the command line winning over both."""
    own = programmes.definition().disclosure
    tables = settings.NPRZ_DISCLOSURE_TABLES
    configured = settings.NPRZ_DISCLOSURE_THRESHOLD
    return DisclosureRule(
        threshold=threshold or configured or own.threshold,
        tables=frozenset(own.tables if tables is None else tables),
    )


def cell_name(indicator: str, area: str, period: str) -> str:
    return f"{indicator}@{area}@{period}"


def base_name(name: str) -> str:
    """The cell a grid name stands for: `name#2025` is the 2025 view's value of `name`."""
    return name.split("#", 1)[0]


@dataclass(frozen=True)
class Disclosure:
    """The decision for every protected table, over every view of the store."""

    rule: DisclosureRule
    protections: dict[str, Protection]
    hidden_cells: frozenset[str] = field(default=frozenset())  # base names, every table
    tables: Mapping[str, str] = field(default_factory=dict)  # indicator -> protected table
    # per table and report year, the grid's names of the cells that year's view shows
    views: Mapping[str, Mapping[int, frozenset[str]]] = field(default_factory=dict)

    def hides(self, indicator: str, area: str, period: str) -> bool:
        """Is this cell hidden (or a derived figure withheld) in every public output?"""
        return cell_name(indicator, area, period) in self.hidden_cells

    def hides_any(self, indicator: str, area: str) -> bool:
        """Is any period of this indicator in this area hidden?"""
        prefix = f"{indicator}@{area}@"
        return any(cell.startswith(prefix) for cell in self.hidden_cells)

    def summary(self, table: str) -> str:
        protection = self.protections.get(table)
        return describe(protection) if protection is not None else ""

    def table_of(self, indicator: str) -> str:
        """The protected table an indicator belongs to, or "" when it is not protected."""
        return self.tables.get(indicator, "")

    def record(self, year: int) -> dict[str, dict[str, list[str]]]:
        """What a report edition of `year` keeps: per table the cells hidden anywhere and the
        cells its own view showed."""
        found = {}
        for table, protection in self.protections.items():
            hidden = protection.hidden | protection.withheld_derived
            shown = self.views.get(table, {}).get(year, frozenset()) - hidden
            found[table] = {
                "hidden": sorted({base_name(c) for c in hidden}),
                "shown": sorted({base_name(c) for c in shown}),
            }
        return found


def decide(rule: DisclosureRule, views: Mapping[int, list[ValueRow]]) -> Disclosure:
    """Protect every table of `rule` over `views`: per report year the values its view shows
    (`nprz.publication.view`)."""
    years = sorted(views)
    identities = identity_facts()
    rows = dict(views)
    protections: dict[str, Protection] = {}
    tables: dict[str, str] = {}
    shown: dict[str, Mapping[int, frozenset[str]]] = {}
    for table in sorted(rule.tables):
        mine = [i for i in identities if i.table == table]
        indicators = table_indicators(table, mine)
        if not indicators:
            continue
        tables.update(dict.fromkeys(indicators, table))
        grids = [
            table_grid(view_facts(year, rows[year], table, indicators, mine), table)
            for year in years
        ]
        union, shown[table] = merge(table, grids, years)
        forced, known = edition_cells(table, union)
        protections[table] = protect(union, rule, forced=forced, known=known)
    hidden = frozenset(
        base_name(cell)
        for protection in protections.values()
        for cell in protection.hidden | protection.withheld_derived
    )
    return Disclosure(rule, protections, hidden, tables, shown)


def identity_facts() -> list[IdentityFacts]:
    """Every identity of the programme's definition."""
    return [
        IdentityFacts(i.code, i.what, i.table, i.spec, i.note)
        for i in m.Identity.objects.order_by("id")
    ]


def named_indicators(identities: Iterable[IdentityFacts]) -> frozenset[str]:
    """The indicators the identities name (their terms, or the indicators of a members rule)."""
    codes: set[str] = set()
    for identity in identities:
        spec = identity.spec
        if "members" in spec:
            codes.update(spec["members"]["indicators"])
            continue
        terms = [spec.get("total", ""), *(spec.get("sum") or spec.get("ratio") or [])]
        codes.update(t.lstrip("-").partition("@")[0] for t in terms if not t.lstrip("-").isdigit())
    codes.discard("")
    return frozenset(codes)


def table_indicators(table: str, identities: list[IdentityFacts]) -> frozenset[str]:
    """The indicators of a protected table: those its identities name and those printed in a
    table of that name. Later deliveries of the same indicators are covered through these."""
    codes = set(named_indicators(identities))
    printed = [v.id for v in m.Vintage.objects.filter(kind="rapport") if v.table == table]
    codes.update(
        m.Observation.objects.filter(vintage_id__in=printed)
        .values_list("indicator__code", flat=True)
        .distinct()
    )
    codes.discard("")
    return frozenset(codes)


def view_facts(
    year: int,
    rows: list[ValueRow],
    table: str,
    indicators: frozenset[str],
    identities: list[IdentityFacts],
) -> Facts:
    """The table's figures as the view of `year` shows them, from whatever delivered them."""
    rows = [r for r in rows if r.indicator.code in indicators]
    return Facts(
        report_year=year,
        figures=[_figure(table, r) for r in rows],
        indicators={r.indicator.code: indicator_facts(r.indicator) for r in rows},
        targets=[],
        members=members_in(year),
        identities=identities,
    )


def _figure(table: str, row: ValueRow) -> Figure:
    return Figure(
        table=table,
        kind="afgeleid" if row.status == "afgeleid" else "meting",
        printed=row.printed if row.printed else "",
        source=row.source,
        indicator=row.indicator.code,
        area=row.area.code,
        period=row.period,
    )


def table_grid(facts: Facts, table: str) -> Grid:
    """The count cells of `table` in one view, with the equations its identities give."""
    values: dict[str, Fraction | None] = {}
    for figure in facts.figures:
        if figure.table != table or figure.kind not in MEASURED:
            continue
        if not (figure.indicator and figure.area) or not _is_count(facts, figure):
            continue
        values.setdefault(_name(figure), _count(figure))
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
            if not _holds(instance, values):
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


def _holds(instance: Instance, values: Mapping[str, Fraction | None]) -> bool:
    """Does the identity hold exactly on the store's figures? Unknown parts (printed "<5")
    count as holding: the reader cannot tell, so the equation must be protected against."""
    assert isinstance(instance.total, Figure)
    total = values[_name(instance.total)]
    parts = [(sign, values[_name(f)]) for sign, f in instance.parts]
    if total is None or any(v is None for _, v in parts):
        return True
    return sum((sign * v for sign, v in parts if v is not None), Fraction(0)) == total


def merge(
    table: str, grids: list[Grid], years: list[int]
) -> tuple[Grid, dict[int, frozenset[str]]]:
    """One grid over every view: a cell shown with one value everywhere is one unknown, a
    revised cell is one unknown per value (`name#year`). Also, per year, the names of the
    cells its view shows."""
    seen: dict[str, set[Fraction | None]] = {}
    for grid in grids:
        for name, value in grid.values.items():
            seen.setdefault(name, set()).add(value)
    revised = {name for name, found in seen.items() if len(found) > 1}

    values: dict[str, Fraction | None] = {}
    equations: dict[tuple[tuple[tuple[str, int], ...], Fraction], Equation] = {}
    margins: set[str] = set()
    signed: set[str] = set()
    derived: dict[str, frozenset[str]] = {}
    views: dict[int, frozenset[str]] = {}
    for grid, year in zip(grids, years, strict=True):

        def own(name: str, year: int = year) -> str:
            return f"{name}#{year}" if name in revised else name

        views[year] = frozenset(own(n) for n in (*grid.values, *grid.derived))

        for name, value in grid.values.items():
            values.setdefault(own(name), value)
        for eq in grid.equations:
            terms = tuple(sorted((own(cell), c) for cell, c in eq.terms))
            equations.setdefault((terms, eq.total), Equation(terms, eq.total, eq.label))
        margins |= {own(n) for n in grid.margins}
        signed |= {own(n) for n in grid.signed}
        for name, sources in grid.derived.items():
            derived[own(name)] = derived.get(own(name), frozenset()) | frozenset(
                own(s) for s in sources
            )
    grid = Grid(
        table=table,
        values=values,
        equations=tuple(equations.values()),
        margins=frozenset(margins),
        signed=frozenset(signed),
        derived=derived,
    )
    return grid, views


def edition_cells(table: str, union: Grid) -> tuple[frozenset[str], frozenset[str]]:
    """(forced, known) in the names of `union`: what the recorded report editions hid stays
    hidden in every view; what they printed (in their own year's view) is out there."""
    names = set(union.values) | set(union.derived)
    by_base: dict[str, set[str]] = {}
    for name in names:
        by_base.setdefault(base_name(name), set()).add(name)
    forced: set[str] = set()
    known: set[str] = set()
    for edition in m.ReportEdition.objects.all():
        record = (edition.disclosure or {}).get(table, {})
        for cell in record.get("hidden", []):
            forced |= by_base.get(cell, set()) & set(union.values)
        for cell in record.get("shown", []):
            own = f"{cell}#{edition.report_year}"
            known |= {own} if own in names else ({cell} & names)
    return frozenset(forced), frozenset(known - forced)


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
