"""What the import commands print: the validation report, the plan ("was → wordt"), the
deliveries and the revisions between two of them; Dutch notation for people, plain values
for CSV/JSON."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console

from nprz.core.formatting import format_date, format_number
from nprz.core.problems import KEPT_PER_CODE, Severity
from nprz.imports.pipeline import Examination
from nprz.imports.revisions import Revision, Side, TouchedEdition
from nprz.imports.store import Plan
from nprz.monitor import models as m
from nprz.output import Column, Format, emit

# The plan lists this many lines at most on a terminal; CSV/JSON give all. The problems are
# listed per code (`nprz.core.problems.KEPT_PER_CODE`).
SHOWN = 40


def print_problems(console: Console, examination: Examination, errors_only: bool = False) -> None:
    """Per code the first problems and how many more there are: a file of 100.000 bad rows
    gives a few dozen lines, not half a million."""
    columns = [
        Column("ernst", "Ernst"),
        Column("code", "Code", fold=True),
        Column("melding", "Melding", fold=True),
        Column("plaats", "Plaats", fold=True),
    ]
    rows = []
    for group in examination.groups():
        if errors_only and group.severity is not Severity.FOUT:
            continue
        rows += [
            {
                "ernst": p.severity.value,
                "code": p.code,
                "melding": p.message,
                "plaats": str(p.location),
            }
            for p in group.shown
        ]
        if group.more:
            rows.append(
                {
                    "ernst": group.severity.value,
                    "code": group.code,
                    "melding": f"en nog {format_number(group.more)} keer {group.code}",
                    "plaats": "",
                }
            )
    caption = (
        f"{count_of(examination.error_count, 'fout', 'fouten')}, "
        f"{count_of(examination.warning_count, 'waarschuwing', 'waarschuwingen')}; "
        f"per code de eerste {KEPT_PER_CODE}"
    )
    emit(console, Format.TABLE, columns, rows, rows, "Controle van de levering", caption)


def print_touched(console: Console, touched: tuple[TouchedEdition, ...]) -> None:
    """A warning per recorded report edition whose figures the delivery changes."""
    columns = [
        Column("indicator", "Indicator", fold=True),
        Column("gebied", "Gebied"),
        Column("periode", "Periode"),
        Column("was", "Was (in de editie)", justify="right"),
        Column("wordt", "Wordt", justify="right"),
    ]
    for edition in touched:
        console.print(f"Let op: {edition.sentence}", soft_wrap=True, markup=False)
        rows = [
            {
                "indicator": f.key[0],
                "gebied": f.key[1],
                "periode": f.key[2],
                "was": f.was or "–",
                "wordt": f.wordt,
            }
            for f in edition.figures
        ]
        more = edition.count - len(edition.figures)
        caption = f"en nog {format_number(more)} cijfers" if more else ""
        emit(console, Format.TABLE, columns, rows, rows, caption=caption)


def print_plan(console: Console, fmt: Format, plan: Plan, everything: bool = False) -> None:
    changes = [c for c in plan.changes if everything or c.kind != "gelijk"]
    columns = [
        Column("soort", "Soort"),
        Column("indicator", "Indicator", fold=True),
        Column("gebied", "Gebied"),
        Column("periode", "Periode"),
        Column("was", "Was", justify="right"),
        Column("wordt", "Wordt", justify="right"),
        Column("was_levering", "Uit levering"),
    ]
    rows = [
        {
            "soort": c.kind,
            "indicator": c.key[0],
            "gebied": c.key[1],
            "periode": c.key[2],
            "was": c.was or "–",
            "wordt": c.wordt,
            "was_levering": c.was_vintage or "–",
        }
        for c in changes
    ]
    title = f"Wat deze levering verandert: {plan.summary}"
    _emit_first(console, fmt, columns, rows, title, "regels")


def _emit_first(
    console: Console,
    fmt: Format,
    columns: list[Column],
    rows: list[dict[str, str]],
    title: str,
    what: str,
) -> None:
    """All rows to CSV/JSON; on a terminal the first SHOWN and how many more there are."""
    shown = rows if fmt is not Format.TABLE else rows[:SHOWN]
    more = len(rows) - len(shown)
    caption = f"en nog {more} {what} (--format csv toont alle)" if more else ""
    emit(console, fmt, columns, rows, shown, title=title, caption=caption)


def delivery_line(examination: Examination) -> str:
    delivery = examination.delivery
    values = len(delivery.values) if delivery else 0
    year = f" voor rapportjaar {examination.year.year}" if examination.year else ""
    return (
        f"{examination.name}: {count_of(values, 'waarde', 'waarden')}{year}, "
        f"{count_of(examination.error_count, 'fout', 'fouten')}, "
        f"{count_of(examination.warning_count, 'waarschuwing', 'waarschuwingen')}"
    )


def count_of(number: int, one: str, more: str) -> str:
    return f"{format_number(number)} {one if number == 1 else more}"


def print_deliveries(console: Console, fmt: Format, vintages: list[m.Vintage]) -> None:
    columns = [
        Column("code", "Levering"),
        Column("soort", "Soort"),
        Column("titel", "Titel", fold=True),
        Column("rapportjaar", "Rapportjaar", justify="right"),
        Column("waarden", "Waarden", justify="right"),
        Column("ontvangen", "Ontvangen"),
        Column("door", "Door"),
        Column("sha256", "SHA-256 (begin)"),
    ]
    machine, human = [], []
    for v in vintages:
        count = v.observations.count()
        row = {
            "code": v.code,
            "soort": v.kind,
            "titel": v.title,
            "rapportjaar": v.report_year,
            "waarden": count,
            "ontvangen": v.received.isoformat() if v.received else None,
            "door": v.received_by,
            "sha256": v.sha256,
        }
        machine.append(row)
        human.append(
            {
                **{k: str(val) for k, val in row.items() if val is not None},
                "waarden": format_number(count),
                "ontvangen": format_date(v.received.date()) if v.received else "–",
                "sha256": v.sha256[:12] or "–",
            }
        )
    emit(
        console,
        fmt,
        columns,
        machine,
        human,
        title="Leveringen",
        caption="" if vintages else "nog geen leveringen geïmporteerd (nprz import)",
    )


def print_diff(
    console: Console, fmt: Format, before: Side, after: Side, revisions: list[Revision]
) -> None:
    columns = [
        Column("soort", "Soort"),
        Column("indicator", "Indicator", fold=True),
        Column("gebied", "Gebied"),
        Column("periode", "Periode"),
        Column("van", "Van", justify="right"),
        Column("naar", "Naar", justify="right"),
        Column("verschil", "Verschil", justify="right"),
        Column("van_levering", "Van levering"),
        Column("naar_levering", "Naar levering"),
    ]
    machine, human = [], []
    for r in revisions:
        difference = r.difference
        machine.append(
            {
                "soort": r.kind,
                "indicator": r.key[0],
                "gebied": r.key[1],
                "periode": r.key[2],
                "van": r.before.printed if r.before else None,
                "naar": r.after.printed,
                "verschil": None if difference is None else format(difference.normalize(), "f"),
                "van_levering": r.before.vintage if r.before else None,
                "naar_levering": r.after.vintage,
            }
        )
        human.append(
            {
                **{k: str(v) for k, v in machine[-1].items() if v is not None},
                "van": r.before.printed if r.before else "–",
                "verschil": "–" if difference is None else _signed(difference),
                "van_levering": r.before.vintage if r.before else "–",
            }
        )
    revised = sum(1 for r in revisions if r.kind == "herzien")
    emit(
        console,
        fmt,
        columns,
        machine,
        human,
        title=f"Van {before.label} naar {after.label}",
        caption=f"{revised} herzien, {len(revisions) - revised} nieuw"
        if revisions
        else "geen verschillen",
    )


def _signed(value: Decimal) -> str:
    """+12,5 or −3 (a real minus sign), with the decimals the value has."""
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = format_number(abs(value), places)
    return ("+" if value > 0 else "−" if value < 0 else "") + text
