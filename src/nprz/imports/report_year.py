"""Which report year a delivery is for: the rule behind the proposal, and its reason in Dutch.

A delivery is filed under one report year; the live figures of that year and every later one
read it, earlier years do not (`Observation.objects.known_in`). So the year decides which
report a correction changes, and the user chooses it (`nprz import file --rapportjaar`, the
upload page's field); this module proposes it.

The proposal is the latest year whose situation the delivery describes. A figure describes
the year its period ends (`nprz.core.periods`: 2025, school year 2024/25 and 2022-2025 all end
in 2025), except a stand on 1 January: a count on 1 January 2026 is the situation at the end
of 2025, so it belongs to the report over 2025. The 2024 report reads that way: its m²
business space "1 januari 2025" stands beside figures over 2024 (seed line 434-435). Which
indicators are counted on 1 January is their `period_type` in the store ("peildatum 1
januari"). A population count dated 1-1-2024 thus proposes 2023; a report over 2024 still
reads it, because a report reads every delivery filed for its year or earlier.

Pure: `tests/imports/test_report_year.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nprz.core.periods import Period, PeriodKind
from nprz.imports.delivery import IncomingValue

FIRST_YEAR = 2000  # report years a user may choose: a sanity bound, not a rule of the report
LAST_YEAR = 2100


@dataclass(frozen=True)
class Proposal:
    year: int  # 0 when the delivery has no values to go by
    reason: str  # Dutch, completes "voorstel: ..."


def situation_year(period: str, period_type: str) -> int:
    """The year whose situation a figure of `period` describes (see the module's rule)."""
    year = Period.parse(period).year
    return year - 1 if counted_on_1_january(period_type) else year


def counted_on_1_january(period_type: str) -> bool:
    return "1 januari" in period_type.lower()


def propose(
    values: Iterable[IncomingValue], period_types: Mapping[str, str], where: str = "het bestand"
) -> Proposal:
    """The latest situation year of the values, with the period that gives it; `period_types`
    maps an indicator code to its period type (unknown: a calendar year)."""
    latest: tuple[int, bool, str, str] | None = None  # year, by the 1-January rule, period, code
    # Each indicator and period once, in the order they first come (the first of equals wins).
    for code, period in dict.fromkeys((v.indicator, v.period) for v in values):
        on_1_january = counted_on_1_january(period_types.get(code, ""))
        year = situation_year(period, period_types.get(code, ""))
        # Of the values of the latest year, name a plain period before a 1-January stand.
        candidate = (year, not on_1_january, period, code)
        if latest is None or candidate[:2] > latest[:2]:
            latest = candidate
    if latest is None:
        return Proposal(0, f"{where} bevat geen waarden om het rapportjaar uit af te leiden")
    year, plain, period, indicator = latest
    if plain:
        return Proposal(year, f"de meest recente periode in {where} is {_period_label(period)}")
    return Proposal(
        year,
        f"de meest recente periode in {where} is {year}: de stand op 1 januari {year + 1} "
        f"({indicator}) beschrijft het eind van {year}; het rapport over {year + 1} leest "
        "die ook",
    )


def later_than(values: Iterable[IncomingValue], period_types: Mapping[str, str], year: int) -> int:
    """How many values describe a year after `year`: filed under `year`, they would show in
    its report as figures from the future."""
    # A delivery repeats its few indicators and periods: each pair is judged once.
    pairs = Counter((v.indicator, v.period) for v in values)
    return sum(
        n
        for (code, period), n in pairs.items()
        if situation_year(period, period_types.get(code, "")) > year
    )


def out_of_range(year: int) -> str:
    """Why a chosen report year cannot be; "" when it can."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return ""
    return f"rapportjaar {year} ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}"


def _period_label(code: str) -> str:
    period = Period.parse(code)
    if period.kind is PeriodKind.SCHOOLJAAR:
        return f"schooljaar {code} (rapportjaar {period.year})"
    if period.kind is PeriodKind.MEERJARIG:
        return f"de periode {code} (rapportjaar {period.year})"
    return code
