"""`nprz check`: recompute every figure the report derived and list where it disagrees;
compare one quantity across tables, printed figures with their source's open data, and the
words around the numbers with the figures.

Pure functions over `Facts`; `nprz.monitor.facts` builds the facts from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from nprz.checks.crosscheck import check_cross_tables, check_period_labels
from nprz.checks.facts import Facts
from nprz.checks.findings import Finding, Soort
from nprz.checks.identities import check_identities, check_recoverable
from nprz.checks.sources import check_sources
from nprz.checks.stoplight import check_buckets, check_stoplight
from nprz.checks.suspicious import check_suspicious
from nprz.checks.wording import check_narratives, check_wording
from nprz.core.trajectory import Regime


def _rekenen(facts: Facts) -> Iterable[Finding]:
    regimes = list({t.regime.code: t.regime for t in facts.targets if t.regime}.values())
    yield from check_stoplight(facts, regimes)
    yield from check_buckets(facts)
    yield from check_identities(facts)
    yield from check_recoverable(facts)


def _tabellen(facts: Facts) -> Iterable[Finding]:
    yield from check_cross_tables(facts)
    yield from check_suspicious(facts)


def _tekst(facts: Facts) -> Iterable[Finding]:
    yield from check_period_labels(facts)
    yield from check_wording(facts)
    yield from check_narratives(facts)


CHECKS: dict[Soort, Callable[[Facts], Iterable[Finding]]] = {
    Soort.REKENEN: _rekenen,
    Soort.TABELLEN: _tabellen,
    Soort.BRONNEN: check_sources,
    Soort.TEKST: _tekst,
}


def run_checks(facts: Facts, soorten: Collection[Soort] = tuple(Soort)) -> list[Finding]:
    """Every finding of the kinds asked for, kind by kind in the order of `Soort`."""
    return [finding for soort in Soort if soort in soorten for finding in CHECKS[soort](facts)]


__all__ = ["Facts", "Finding", "Regime", "Soort", "run_checks"]
