"""`nprz check`: recompute every figure the report derived and list where it disagrees.

Pure functions over `Facts`; `nprz.monitor.facts` builds the facts from the store.
"""

from __future__ import annotations

from nprz.checks.crosscheck import check_cross_tables, check_period_labels
from nprz.checks.facts import Facts
from nprz.checks.findings import Finding
from nprz.checks.identities import check_identities, check_recoverable
from nprz.checks.stoplight import check_buckets, check_stoplight
from nprz.core.trajectory import Regime


def run_checks(facts: Facts) -> list[Finding]:
    regimes = list({t.regime.code: t.regime for t in facts.targets if t.regime}.values())
    return [
        *check_stoplight(facts, regimes),
        *check_buckets(facts),
        *check_period_labels(facts),
        *check_identities(facts),
        *check_cross_tables(facts),
        *check_recoverable(facts),
    ]


__all__ = ["Facts", "Finding", "Regime", "run_checks"]
