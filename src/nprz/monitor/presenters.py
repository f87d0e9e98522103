"""Shape store rows for the terminal: Dutch notation for people, plain numbers for machines."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from rich.console import Console

from nprz import programmes
from nprz.checks.findings import FINDING_KEYS, Finding, Soort, count_per_kind
from nprz.core.formatting import format_number, format_share, format_value, plain
from nprz.core.status import Bucket, Reason, Status
from nprz.monitor import models as m
from nprz.monitor.targets import TargetRow
from nprz.output import Column, Format, emit
from nprz.publication.editions import PreviousFigure, PreviousReport

TARGET_COLUMNS = [
    Column(key, key)
    for key in (
        "code",
        "name",
        "pillar",
        "role",
        "unit",
        "direction",
        "reference_area",
        "regime",
        "start_period",
        "start_value",
        "reference_value",
        "current_period",
        "current_value",
        "fraction",
        "target_value",
        "pct_closed",
        "status",
        "bucket",
        "published_target",
        "published_pct_closed",
        "previous_pct_closed",
        "previous_status",
        "openbaar",
    )
]

STATUS_LABELS = {
    Status.GROEN: "[green]● groen[/green]",
    Status.ORANJE: "[dark_orange]◐ oranje[/dark_orange]",
    Status.ROOD: "[red]○ rood[/red]",
    Status.GEEN: "[dim]– geen oordeel[/dim]",
}
BUCKET_LABELS = {
    Bucket.BOVEN_DOEL: "≥ doel",
    Bucket.VIJFTIEN_TOT_DOEL: "15%–doel",
    Bucket.VIJF_TOT_VIJFTIEN: "5–15%",
    Bucket.ONDER_VIJF: "< 5%",
}
# Reasons that explain themselves through the numbers need no note in the table.
PLAIN_REASONS = {Reason.OP_DOEL, Reason.POSITIEF, Reason.NEGATIEF}


def target_machine_row(row: TargetRow, previous: PreviousFigure | None = None) -> dict[str, Any]:
    """`previous`: what the previous report published for this goal (`previous_report`)."""
    a = row.assessment
    return {
        "code": row.code,
        "name": row.name,
        "pillar": row.pillar,
        "role": row.role,
        "unit": row.unit,
        "direction": row.direction,
        "reference_area": row.reference_area,
        "regime": row.regime,
        "start_period": row.start_period,
        "start_value": plain(row.start_value),
        "reference_value": plain(row.reference_value),
        "current_period": row.current_period,
        "current_value": plain(row.current_value),
        "fraction": plain(a.fraction_due * 100) if a.fraction_due is not None else None,
        "target_value": plain(a.target_value),
        "pct_closed": plain(a.share_closed * 100) if a.share_closed is not None else None,
        "status": a.status.value,
        "bucket": a.bucket.value if a.bucket else None,
        "published_target": plain(row.published_target),
        "published_pct_closed": plain(row.published_pct_closed),
        "previous_pct_closed": plain(previous.pct_closed) if previous else None,
        "previous_status": previous.status if previous else None,
        "openbaar": not row.not_public,
    }


def _value(row: TargetRow, value: Fraction | None) -> str:
    return format_value(value, row.unit, row.decimals)


# Below this terminal width the targets table leaves out the bucket and report columns.
WIDE = 130


def target_human_row(
    row: TargetRow, note_number: int | None, previous: PreviousFigure | None = None
) -> dict[str, str]:
    a = row.assessment
    published = " · ".join(
        text
        for text in (
            _value(row, row.published_target) if row.published_target is not None else "",
            f"{format_number(row.published_pct_closed, 1)}%"
            if row.published_pct_closed is not None
            else "",
        )
        if text
    )
    marker = f" [dim]({note_number})[/dim]" if note_number else ""
    return {
        "indicator": row.code,
        "start": f"{_value(row, row.start_value)} [dim]{row.start_period}[/dim]",
        "current": f"{_value(row, row.current_value)} [dim]{row.current_period or '–'}[/dim]",
        "reference": f"{_value(row, row.reference_value)} [dim]{row.reference_area}[/dim]",
        # Targets are printed one decimal finer for percentages (the report: 41% -> 47,2%).
        "target": format_value(
            a.target_value,
            row.unit,
            max(row.decimals, 1) if row.unit == "percent" else row.decimals,
        ),
        "closed": f"{format_share(a.share_closed)} [dim]van {format_share(a.fraction_due)}[/dim]"
        if a.fraction_due is not None
        else format_share(a.share_closed),
        "status": STATUS_LABELS[a.status] + marker,
        "bucket": BUCKET_LABELS[a.bucket] if a.bucket else "–",
        "published": published or "–",
        "previous": _previous(previous),
    }


def _previous(previous: PreviousFigure | None) -> str:
    """The previous report's % closed and status ("44,3% groen"); a printed report that
    quoted it gives the % only."""
    if previous is None:
        return "–"
    status = STATUS_LABELS[Status(previous.status)] if previous.status else ""
    return " ".join(t for t in (previous.printed, status) if t and t != "–") or "–"


def print_targets(
    console: Console,
    fmt: Format,
    rows: list[TargetRow],
    year: int,
    area: m.Area | None,
    previous: PreviousReport | None = None,
) -> None:
    """The targets of `year`; `previous` is what the previous report published (None: not
    known, or the rows are of another area than the report judged)."""
    before = previous.goals if previous else {}
    if fmt is not Format.TABLE:
        machine = [target_machine_row(r, before.get(r.code)) for r in rows]
        emit(console, fmt, TARGET_COLUMNS, machine, [])
        return
    programme = programmes.definition()
    where = area.name if area else f"{programme.short_name} (het startgebied van elk doel)"
    console.print(f"[bold]Doelen {year} — {where}[/bold]")
    narrow = console.width < WIDE
    wide_only = ("bucket", "published", "previous")
    columns = [c for c in TARGET_TABLE if not (narrow and c.key in wide_only)]
    notes: list[str] = []
    for pillar, title in ((p.code, p.name) for p in programme.pillars):
        in_pillar = [r for r in rows if r.pillar == pillar]
        if not in_pillar:
            continue
        human = []
        for row in in_pillar:
            number = None
            if row.assessment.reason not in PLAIN_REASONS:
                notes.append(f"{row.code}: {row.assessment.reason.label}")
                number = len(notes)
            if row.not_public:
                notes.append(
                    f"{row.code}: niet openbaar — de start- of laatste waarde is een "
                    "afgeschermde cel; de website en het rapport tonen dit doel zonder oordeel"
                )
                number = number or len(notes)
            human.append(target_human_row(row, number, before.get(row.code)))
        emit(console, fmt, [], [], human, title=title, human_columns=columns)
    counts = {s: sum(1 for r in rows if r.assessment.status is s) for s in Status}
    console.print(
        f"{counts[Status.GROEN]} groen · {counts[Status.ORANJE]} oranje · "
        f"{counts[Status.ROOD]} rood · {counts[Status.GEEN]} geen oordeel. "
        f"'Ingelopen' is het deel van het verschil dat is ingelopen, tegen het deel dat in {year} "
        "nodig was; 'Rapport' is wat de voortgangsrapportage drukte (doel · % ingelopen); "
        + (
            f"'Vorig' is wat {previous.source} publiceerde (% ingelopen en status)."
            if previous
            else "'Vorig': geen vorig rapport bekend."
        ),
        soft_wrap=True,
        markup=False,
    )
    for number, note in enumerate(notes, start=1):
        console.print(f"[dim]({number})[/dim] {note}", soft_wrap=True)
    if narrow:
        console.print(
            f"[dim]Bucket en de cijfers uit dit en het vorige rapport passen niet in "
            f"{console.width} kolommen: "
            "maak het venster breder of gebruik --format csv.[/dim]",
            soft_wrap=True,
        )


TARGET_TABLE = [
    Column("indicator", "Indicator", fold=True),
    Column("start", "Start", "right"),
    Column("current", "Nu", "right"),
    Column("reference", "Referentie", "right"),
    Column("target", "Doel", "right"),
    Column("closed", "Ingelopen", "right"),
    Column("status", "Status"),
    Column("bucket", "Bucket"),
    Column("published", "Rapport", "right"),
    Column("previous", "Vorig"),
]


def print_areas(console: Console, fmt: Format) -> None:
    areas = list(m.Area.objects.prefetch_related("group_links__group"))
    columns = [
        Column("code", "Code", fold=True),
        Column("name", "Naam"),
        Column("kind", "Soort"),
        Column("cbs_code", "CBS-code"),
        Column("part_of", "Valt onder"),
    ]
    rows = [
        {
            "code": a.code,
            "name": a.name,
            "kind": a.kind,
            "cbs_code": a.cbs_code,
            "part_of": ", ".join(link.group.code for link in a.group_links.all()),
        }
        for a in areas
    ]
    emit(
        console,
        fmt,
        columns,
        rows,
        rows,
        title="Gebieden",
        caption="Gebruik de code (of de CBS-code of naam) bij --area.",
    )


def print_indicators(console: Console, fmt: Format) -> None:
    targets = {
        t.indicator_id: t
        for t in m.Target.objects.select_related("reference_area", "reference_indicator", "plan")
    }
    columns = [
        Column("code", "Code", fold=True),
        Column("name", "Naam (zoals gedrukt)"),
        Column("pillar", "Pijler"),
        Column("role", "Rol"),
        Column("unit", "Eenheid"),
        Column("direction", "Richting"),
        Column("reference", "Referentie"),
        Column("regime", "Plan"),
    ]
    rows = []
    for i in m.Indicator.objects.all():
        target = targets.get(i.id)
        rows.append(
            {
                "code": i.code,
                "name": i.name,
                "pillar": i.pillar,
                "role": i.role,
                "unit": i.unit,
                "direction": i.direction,
                "reference": _reference_label(target) if target else "",
                "regime": target.plan.code if target else "",
            }
        )
    emit(
        console,
        fmt,
        columns,
        rows,
        rows,
        title="Indicatoren",
        caption="Referentie: het gebied of de vaste norm waar het doel naartoe loopt.",
    )


def _reference_label(target: m.Target) -> str:
    if target.norm_printed:
        return f"norm {target.norm_printed}"
    if target.reference_area:
        ref = target.reference_area.code
        return f"{target.reference_indicator.code}@{ref}" if target.reference_indicator else ref
    return target.get_kind_display()


FINDING_COLUMNS = [Column(key, key) for key in FINDING_KEYS]


SUMMARY_COLUMNS = [Column("soort", "soort"), Column("aantal", "aantal", "right")]


def print_findings(
    console: Console,
    fmt: Format,
    findings: list[Finding],
    year: int,
    soorten: Sequence[Soort] = tuple(Soort),
    summary_only: bool = False,
    printed_report: bool = True,
) -> None:
    """The findings and a count per kind. JSON holds both in one object; CSV is one row per
    finding (with its kind), or with `summary_only` one row per kind; the table shows both.
    Without a printed report the findings are about the year's deliveries."""
    kinds = [soort for soort in Soort if soort in soorten]
    counts = count_per_kind(findings)
    if fmt is Format.JSON:
        data: dict[str, Any] = {
            "year": year,
            "printed_report": printed_report,
            "soorten": [soort.value for soort in kinds],
            "summary": {soort.value: counts[soort] for soort in kinds},
            "total": len(findings),
        }
        if not summary_only:
            data["findings"] = [f.as_dict() for f in findings]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    summary = [{"soort": soort.value, "aantal": counts[soort]} for soort in kinds]
    every = len(kinds) == len(Soort) or not printed_report  # deliveries: one kind only
    filtered = "" if every else f", soort {', '.join(k.value for k in kinds)}"
    subject = "voortgangsrapportage" if printed_report else "leveringen"
    title = f"Controle {subject} {year}{filtered}: {len(findings)} afwijking(en)"
    as_read = "Gedrukt" if printed_report else "Geleverd"
    if summary_only or fmt is Format.TABLE:
        human_summary = [
            {"soort": soort.label, "aantal": str(counts[soort])} for soort in kinds
        ] + [{"soort": "totaal", "aantal": str(len(findings))}]
        if summary_only:
            emit(console, fmt, SUMMARY_COLUMNS, summary, human_summary, title=title)
            return
    human = [
        {
            "what": f"{f.what}\n[dim]{f.where}[/dim]",
            "published": f.published,
            "recomputed": f.recomputed,
            "likely": f.likely.label,
            "why": f.why,
        }
        for f in findings
    ]
    emit(
        console,
        fmt,
        FINDING_COLUMNS,
        [f.as_dict() for f in findings],
        human,
        title=title,
        caption=f"Verschillen die de afronding van de {as_read.lower()}e invoer verklaart, "
        "tellen niet mee.",
        human_columns=[
            Column("what", "Wat en waar", fold=True),
            Column("published", as_read, "right"),
            Column("recomputed", "Herberekend of volgens de gegevens", "right"),
            Column("likely", "Waarschijnlijk juist"),
            Column("why", "Waarom"),
        ],
    )
    if fmt is Format.TABLE:
        emit(console, fmt, SUMMARY_COLUMNS, summary, human_summary, title="Per soort")


def print_info(
    console: Console, database: str, interventions: Callable[[], int] = lambda: 0
) -> None:
    """The database, and per programme what it holds and where to look next: the chosen
    programme (--programma), or every programme when several are loaded and none is chosen.
    `interventions` counts the programme being worked on's interventions (the command line
    passes it: the monitor does not read them)."""
    from nprz.monitor import scope

    console.print(f"[bold]Database:[/bold] {database}")
    loaded = list(m.Programme.objects.order_by("position", "id"))
    try:
        shown = [scope.current()]
    except scope.ProgrammeNotChosen:
        shown = loaded
    if not shown:
        console.print(
            "Nog geen gegevens. Laad de meegeleverde dataset: [bold]nprz load nprz2024[/bold]"
        )
        return
    for programme in shown:
        with scope.working_on(programme):
            _print_programme(console, programme, interventions(), several=len(loaded) > 1)


def _print_programme(
    console: Console, programme: m.Programme, interventions: int, *, several: bool
) -> None:
    vintages = m.Vintage.objects.order_by("dataset", "priority")
    if several:
        console.print(f"\n[bold]Programma {programme.code}:[/bold] {programme.name}")
    if not vintages.exists():
        console.print("Nog geen gegevens; lees een levering in met [bold]nprz import file[/bold]")
        return
    bundled = sorted({v.dataset for v in vintages if v.kind == "rapport"})
    imported = m.Vintage.objects.imported().count()
    console.print(
        f"[bold]Inhoud:[/bold] dataset(s) {', '.join(bundled) or 'geen'}"
        + (f" en {imported} geïmporteerde levering(en)" if imported else "")
        + f"; {m.Area.objects.count()} gebieden, {m.Indicator.objects.count()} indicatoren, "
        f"{m.Observation.objects.count()} metingen, {m.Target.objects.count()} doelen, "
        f"{interventions} interventies"
    )
    year = max(v.report_year for v in vintages)
    prefix = f"nprz --programma {programme.code}" if several else "nprz"
    console.print("\n[bold]Verder kijken[/bold]")
    for command, what in (
        (f"{prefix} targets --year {year}", "doel, % ingelopen en status per indicator"),
        (f"{prefix} targets --year {year} --format csv", "hetzelfde als CSV (of --format json)"),
        (f"{prefix} check --year {year}", "waar het rapport zichzelf tegenspreekt, en waarom"),
        (f"{prefix} indicators", "alle indicatoren met pijler, eenheid en referentie"),
        (f"{prefix} areas", "alle gebieden met hun codes"),
        (f"{prefix} interventions --year {year}", "de interventies met kleur en beweging"),
        (f"{prefix} outlook --year {year}", "prognose per doel tot het eind van het plan"),
        (
            f"{prefix} deliveries",
            "de ingelezen leveringen (CBS, bestanden); nprz diff vergelijkt ze",
        ),
        ("nprz serve", "de website op http://127.0.0.1:8000/ (make run start haar ook)"),
    ):
        console.print(f"  .venv/bin/[bold]{command}[/bold]  — {what}")
