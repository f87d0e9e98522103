"""One Dutch sentence per target that explains its status from its own numbers.

The sentence is built from the same figures the table shows (start, the plan's end level, share
due, target, current value, share closed), so a reader can redo the sum by hand.
"""

from __future__ import annotations

from fractions import Fraction

from nprz.core.formatting import format_share
from nprz.core.status import Reason
from nprz.monitor.targets import TargetRow
from nprz.presenters.common import STATUS_WORDS, target_text, value_text

MISSING = {
    Reason.ONTBREEKT_START,
    Reason.ONTBREEKT_ACTUEEL,
    Reason.ONTBREEKT_REFERENTIE,
    Reason.GEEN_TUSSENDOEL,
    Reason.GEEN_VERSCHIL,
}


def explain(row: TargetRow, year: int, area_names: dict[str, str]) -> str:
    a = row.assessment
    status = STATUS_WORDS[a.status]
    if a.reason is Reason.KWALITATIEF:
        return (
            "Dit is een kwalitatief doel: er is geen getal om aan te toetsen; "
            "het programmabureau geeft het oordeel."
        )
    if a.reason in MISSING:
        return f"Geen oordeel: {a.reason.label}."

    def v(value: Fraction | None) -> str:
        return value_text(value, row.unit, row.decimals)

    start = f"{v(row.start_value)} ({row.start_period})"
    current = f"{v(row.current_value)} in {row.current_period}"
    target = target_text(a.target_value, row.unit, row.decimals)
    if row.kind == "level":
        return (
            f"Het doel is een vast niveau van {target}; met {current} is het {a.reason.label}, "
            f"dus {status}."
        )
    reference = f"{v(row.reference_value)} ({_reference(row.reference_area, area_names)})"
    # The end level is named after the end year of the target's own plan.
    end = f"niveau voor {row.end_year}" if row.end_year is not None else "eindniveau"
    if a.reason in (Reason.START_VOORBIJ_REFERENTIE, Reason.START_VOORBIJ_TERUGGEVALLEN):
        kept = (
            "is dat gelukt" if a.reason is Reason.START_VOORBIJ_REFERENTIE else "is dat niet gelukt"
        )
        return (
            f"Bij de start was de waarde, {start}, al beter dan het {end}, {reference}; "
            f"het doel is dat niveau vast te houden en met {current} {kept}, dus {status}."
        )
    due = format_share(a.fraction_due)
    until = f" in {row.end_year}" if row.end_year is not None else ""
    closed = format_share(a.share_closed)
    if row.kind == "path":
        return (
            f"Het pad loopt van {start} naar {v(row.reference_value)}{until} en vraagt in "
            f"{year} {target}, {due} van de weg; met {current} is {closed} afgelegd, "
            f"dus {status}."
        )
    return (
        f"Van de start, {start}, naar het {end}, {reference}, moest in {year} "
        f"{due} van het verschil zijn ingelopen, een doel van {target}; met {current} is "
        f"{closed} ingelopen, dus {status}."
    )


def _reference(label: str, area_names: dict[str, str]) -> str:
    if label.startswith("norm "):
        return f"de vaste norm van {label.removeprefix('norm ')}"
    if label == "pad":
        return "het eindpunt van het pad"
    if "@" in label:
        return "de referentiewaarde"
    return f"de waarde van {area_names.get(label, label)} nu"
