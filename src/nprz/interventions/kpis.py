"""The KPIs of a progress report: what is typed for them, their targets, last year beside this.

Values are typed in Dutch notation and read by `nprz.core.printed` after normalising
(`nprz.interventions.entry`: fullwidth digits become 0-9, other scripts' digits are refused).
The KPI's unit is enforced: a count (aantal) is a whole, non-negative number without % or €;
a percentage has no €; an amount no %; a text KPI (tekst) takes words as they are.

A target for the round's year is a `KpiValue` of kind doel: either carried over from the plan
(a doel printed for that year, or "jaarlijks", in an earlier round) or entered by the bureau
in this round; the bureau's wins. Only a target with a number counts for the proposal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from nprz.core.printed import Missing, Printed, PrintedError, Unit, parse_printed
from nprz.interventions import entry
from nprz.interventions import models as iv

PRINTED_MAX = 80  # KpiValue.printed
VALUE_MAX = Decimal(10) ** 9
TARGET_PERIODS = ("jaarlijks",)
BUREAU_SOURCE = "programmabureau"
NUMBER_HELP = "vul een getal in, zoals 1.234,5 of 12,5% (of nb als het niet bekend is)"


@dataclass(frozen=True)
class Target:
    value: iv.KpiValue
    from_plan: bool  # carried over from the plan, not entered in this round

    @property
    def text(self) -> str:
        origin = f"plan, {self.value.source}" if self.from_plan else "programmabureau"
        return f"{self.value.printed} ({origin})"


def parse_value(unit: str, text: str) -> tuple[str, Decimal | None] | str:
    """(printed, value) or a Dutch error. `printed` is the normalised text."""
    try:
        text = entry.normalise(text)
    except entry.EntryError as error:
        return str(error)
    if len(text) > PRINTED_MAX:
        return f"gebruik hoogstens {PRINTED_MAX} tekens"
    if unit == "tekst":
        return text, None
    try:
        token = parse_printed(text)
    except PrintedError:
        return NUMBER_HELP
    if isinstance(token, Missing):
        return text, None
    if not isinstance(token, Printed):
        return "vul een getal in, geen afgeschermde waarde"
    if abs(token.value) > VALUE_MAX:
        return "dit getal is onwaarschijnlijk groot (meer dan een miljard)"
    if reason := _unit_refused(unit, token):
        return reason
    return text, token.value


def _unit_refused(unit: str, token: Printed) -> str:
    if unit == "aantal":
        if token.unit is Unit.PERCENT:
            return "dit is een aantal, geen percentage: laat het %-teken weg"
        if token.unit is Unit.EURO:
            return "dit is een aantal, geen bedrag: laat het €-teken weg"
        # "12,0" too: a count is written without decimals (the resolution is exact).
        if token.resolution != 0 or token.value != token.value.to_integral_value():
            return f"een aantal is een heel getal, zoals 1.234 (niet {token.text})"
        if token.value < 0:
            return "een aantal kan niet negatief zijn"
        return ""
    if unit == "percent" and token.unit is Unit.EURO:
        return "dit is een percentage, geen bedrag: laat het €-teken weg"
    if unit == "euro" and token.unit is Unit.PERCENT:
        return "dit is een bedrag, geen percentage: laat het %-teken weg"
    if unit not in ("percent", "euro") and token.unit is not Unit.NONE:
        return f"deze KPI telt in {unit}: laat % en € weg"
    return ""


def parse_all(
    kpis: Mapping[int, iv.Kpi], typed: Mapping[int, str], prefix: str
) -> tuple[dict[int, tuple[str, Decimal | None] | None], dict[str, str]]:
    """Every typed value read (None: left empty), and the errors per field `<prefix><id>`."""
    parsed: dict[int, tuple[str, Decimal | None] | None] = {}
    errors: dict[str, str] = {}
    for kpi_id, raw in typed.items():
        if kpi_id not in kpis:
            errors[f"{prefix}{kpi_id}"] = "deze KPI hoort niet bij deze interventie"
            continue
        if not raw.strip():
            parsed[kpi_id] = None
            continue
        result = parse_value(kpis[kpi_id].unit, raw)
        if isinstance(result, str):
            errors[f"{prefix}{kpi_id}"] = result
        else:
            parsed[kpi_id] = result
    return parsed, errors


def round_values(report: iv.ProgressReport) -> dict[int, iv.KpiValue]:
    """This round's realised value per KPI of the report's intervention."""
    return {
        v.kpi_id: v
        for v in iv.KpiValue.objects.filter(
            kpi__intervention=report.intervention,
            round=report.round,
            kind=iv.KpiValueKind.REALISATIE,
            period=str(report.round.year),
        )
    }


def previous_values(report: iv.ProgressReport) -> dict[int, iv.KpiValue]:
    """Last year's realised value per KPI, from whichever round holds it (the latest)."""
    found: dict[int, iv.KpiValue] = {}
    for value in iv.KpiValue.objects.filter(
        kpi__intervention=report.intervention,
        kind=iv.KpiValueKind.REALISATIE,
        period=str(report.round.year - 1),
        round__year__lt=report.round.year,
    ).order_by("round__year", "id"):
        found[value.kpi_id] = value
    return found


def previous_report(report: iv.ProgressReport) -> iv.ProgressReport | None:
    return (
        iv.ProgressReport.objects.filter(
            intervention=report.intervention, round__year=report.round.year - 1
        )
        .select_related("round")
        .first()
    )


def targets(report: iv.ProgressReport) -> dict[int, Target]:
    """The target per KPI for the round's year: the bureau's in this round, else the plan's."""
    periods = (str(report.round.year), *TARGET_PERIODS)
    found: dict[int, Target] = {}
    for value in iv.KpiValue.objects.filter(
        kpi__intervention=report.intervention,
        kind=iv.KpiValueKind.DOEL,
        period__in=periods,
        round__year__lte=report.round.year,
    ).order_by("round__year", "id"):
        mine = value.round_id == report.round_id and value.source == BUREAU_SOURCE
        if value.value is None and not mine:
            continue  # "nb" in the plan is no target
        found[value.kpi_id] = Target(value, from_plan=not mine)  # the latest round wins
    return found


def empty(report: iv.ProgressReport) -> list[iv.Kpi]:
    """The KPIs without a value for this round (not even "nb")."""
    filled = round_values(report)
    return [k for k in report.intervention.kpis.all() if k.pk not in filled]
