"""One Dutch sentence per target that explains its status from its own numbers.

The sentence is built from the same figures the table shows (start, level for the end year, share
due, target, current value, share closed), so a reader can redo the sum by hand.
"""

from __future__ import annotations

from fractions import Fraction

from nprz.core.formatting import format_share
from nprz.core.status import Reason
from nprz.monitor.targets import TargetRow
from nprz.presenters.common import STATUS_WORDS, change_text, target_text, value_text

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
    end = str(row.end_year) if row.end_year else "het eindjaar"
    if a.reason in (Reason.START_VOORBIJ_REFERENTIE, Reason.START_VOORBIJ_TERUGGEVALLEN):
        kept = (
            "is dat gelukt" if a.reason is Reason.START_VOORBIJ_REFERENTIE else "is dat niet gelukt"
        )
        return (
            f"Bij de start was de waarde, {start}, al beter dan het niveau voor {end}, "
            f"{reference}; het doel is dat niveau vast te houden en met {current} {kept}, "
            f"dus {status}."
        )
    due = format_share(a.fraction_due)
    closed = _closed(row, "afgelegd" if row.kind == "path" else "ingelopen")
    if row.kind == "path":
        return (
            f"Het pad loopt van {start} naar {v(row.reference_value)} in {end} en vraagt in "
            f"{year} {target}, {due} van de weg; met {current} {closed}, dus {status}."
        )
    return (
        f"Van de start, {start}, naar het niveau voor {end}, {reference}, moest in {year} "
        f"{due} van het verschil zijn ingelopen, een doel van {target}; met {current} "
        f"{closed}, dus {status}."
    )


def _closed(row: TargetRow, verb: str) -> str:
    """The share closed with the change since the start in the indicator's own unit; a
    negative share said plainly as a move away from the target."""
    share = row.assessment.share_closed
    if share is None or row.start_value is None or row.current_value is None:
        return f"is {format_share(share)} {verb}"
    change = row.current_value - row.start_value
    if share < 0:
        size = change_text(change, row.unit, row.decimals, signed=False)
        return (
            f"is de waarde {size} verder van het doel af dan bij de start "
            f"({format_share(share)} {verb})"
        )
    return (
        f"is {format_share(share)} {verb} "
        f"({change_text(change, row.unit, row.decimals)} sinds de start)"
    )


def _reference(label: str, area_names: dict[str, str]) -> str:
    if label.startswith("norm "):
        return f"de vaste norm van {label.removeprefix('norm ')}"
    if label == "pad":
        return "het eindpunt van het pad"
    if "@" in label:
        return "de referentiewaarde"
    return f"de waarde van {area_names.get(label, label)} nu"
