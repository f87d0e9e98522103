"""`nprz`: the command line. Each command parses, calls one function, prints, sets the exit code."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from nprz.checks.findings import Soort
from nprz.output import Format

if TYPE_CHECKING:
    from nprz.imports.pipeline import Examination

app = typer.Typer(
    name="nprz",
    help="NPRZ-monitor: doelen, stand en controle van de voortgangsrapportage van een "
    "gebiedsprogramma.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (a file, `make run`'s log) gets room for the wide tables; a terminal its own width.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True, highlight=False)

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="table (standaard, Nederlandse notatie), csv of json"),
]
YearOption = Annotated[int, typer.Option("--year", "-j", help="rapportjaar, bijvoorbeeld 2024")]


@app.callback()
def choose_programme(
    programme: Annotated[
        str | None,
        typer.Option(
            "--programma",
            "-p",
            envvar="NPRZ_PROGRAMMA",
            help="het programma (code) waar de opdracht over gaat; nodig als er meer dan één "
            "geladen is",
        ),
    ] = None,
) -> None:
    from nprz.monitor import scope

    scope.request(programme)


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit code 1 or 2."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nprz.site.settings")
    import django

    django.setup()
    from nprz.publication import audience

    # The command line is the analysts' tool: it reads the store unprotected, and marks what
    # the public does not see "niet openbaar". Reports it builds still read as the public.
    audience.set_for_this_context(audience.Audience.ANALYST)


def _ensure_database() -> None:
    """Create the data folder and apply migrations, quietly; a fresh machine needs no setup."""
    _django()
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if "sqlite" in str(database["ENGINE"]):
        Path(str(database["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def _database_label() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "sqlite" in str(database["ENGINE"]):
        return f"SQLite-bestand {database['NAME']}"
    return f"PostgreSQL-database {database.get('NAME')} op {database.get('HOST') or 'localhost'}"


@app.command()
def migrate() -> None:
    """Maak de database aan of werk haar bij (SQLite standaard, PostgreSQL via DATABASE_URL)."""
    _ensure_database()
    out.print(f"Database bijgewerkt: {_database_label()}")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True}, hidden=False
)
def manage(ctx: typer.Context) -> None:
    """Voer een Django-beheeropdracht uit, bijv. `nprz manage makemigrations --check`."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nprz manage", *ctx.args])


@app.command()
def load(
    dataset: Annotated[
        str,
        typer.Argument(
            help="een meegeleverde dataset (nprz2024) of programmadefinitie, of het pad naar een "
            "map met dataset.yaml of programme.yaml"
        ),
    ],
) -> None:
    """Laad een dataset: alles of niets, en opnieuw laden geeft hetzelfde resultaat."""
    from nprz.datasets.problems import DatasetError
    from nprz.datasets.reader import read_dataset

    folder = _dataset_folder(dataset)
    with err.status(f"Dataset {dataset} lezen en controleren…"):
        try:
            records = read_dataset(folder)
        except DatasetError as error:
            problems = error.problems
            if len(problems) == 1:
                raise CommandError(
                    f"dataset {dataset} niet geladen, de database is niet gewijzigd: {problems[0]}"
                ) from error
            for problem in problems:
                err.print(f"[red]✗[/red] {problem}", markup=True, soft_wrap=True)
            raise CommandError(
                f"dataset {dataset} niet geladen: {len(problems)} problemen (zie hierboven); "
                "de database is niet gewijzigd"
            ) from error
    _ensure_database()
    from django.db import IntegrityError

    from nprz.loading import LoadRefused, load_dataset

    refused = f"dataset {dataset} niet geladen, de database is niet gewijzigd"
    with err.status(f"Dataset {dataset} in de database schrijven…"):
        try:
            summary = load_dataset(records)
        except LoadRefused as error:
            raise CommandError(f"{refused}: {error}") from error
        except IntegrityError as error:  # a clash `refusal` does not foresee: still one line
            raise CommandError(
                f"{refused}: de map past niet bij wat er al in staat ({error})"
            ) from error
    out.print(
        f"Geladen: {summary.dataset} — {summary.areas} gebieden, {summary.indicators} indicatoren, "
        f"{summary.observations} metingen, {summary.published} gepubliceerde afgeleide cijfers, "
        f"{summary.targets} doelen, {summary.interventions} interventies "
        f"({_database_label()})",
        soft_wrap=True,
    )


def _dataset_folder(name: str) -> Path:
    """A folder with dataset.yaml (a printed report's tables) or programme.yaml (a definition
    only), or the name of a bundled dataset or programme."""
    from nprz import datasets, programmes

    path = Path(name)
    if (path / "dataset.yaml").is_file() or (path / "programme.yaml").is_file():
        return path
    if name in programmes.available():
        return programmes.bundled_folder(name)
    try:
        return datasets.folder(name)
    except ValueError as error:
        raise CommandError(
            f"{error}; programma's: {', '.join(programmes.available())} (of geef het pad naar "
            "een map met dataset.yaml of programme.yaml)"
        ) from error


@app.command()
def targets(
    year: YearOption,
    area: Annotated[
        str,
        typer.Option(
            "--area",
            "-g",
            help="gebied (code, CBS-code of naam); standaard het startgebied van elk doel "
            "(het programmagebied)",
        ),
    ] = "",
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Per indicator met een doel: doel voor het jaar, % ingelopen, status en bucket."""
    _django()
    from nprz import publication
    from nprz.monitor import presenters
    from nprz.monitor.targets import UnknownInput, resolve_area
    from nprz.publication.editions import previous_report

    try:
        where = resolve_area(area) if area else None
        rows = publication.targets(year, where)
    except UnknownInput as error:
        raise CommandError(str(error)) from error
    # The previous report judged each goal in its own start area: another area has none.
    previous = previous_report(year) if where is None else None
    presenters.print_targets(out, fmt, rows, year, where, previous)


@app.command()
def areas(fmt: FormatOption = Format.TABLE) -> None:
    """De gebieden in de database, met code, soort en CBS-code."""
    _django()
    from nprz.monitor import presenters

    presenters.print_areas(out, fmt)


@app.command()
def indicators(fmt: FormatOption = Format.TABLE) -> None:
    """De indicatoren in de database, met pijler, rol, eenheid, richting en referentie."""
    _django()
    from nprz.monitor import presenters

    presenters.print_indicators(out, fmt)


@app.command()
def check(
    year: YearOption,
    fmt: FormatOption = Format.TABLE,
    soort: Annotated[
        list[Soort] | None,
        typer.Option(
            "--soort",
            "-s",
            help="alleen deze soort: rekenen, tabellen, bronnen of tekst (herhaal voor meer)",
        ),
    ] = None,
    samenvatting: Annotated[
        bool, typer.Option("--samenvatting", help="alleen het aantal afwijkingen per soort")
    ] = False,
) -> None:
    """Reken elk afgeleid cijfer van het rapport na, vergelijk tabellen onderling en met de
    open data van de genoemde bron, en lees de tekst rond de cijfers na. Zonder gedrukt
    rapport voor het jaar: controleer de leveringen (sommen, saldi, voorraad en stroom,
    aandelen).

    Exitcode 1 bij minstens één afwijking (van de gekozen soorten)."""
    _django()
    from nprz.checks import run_checks
    from nprz.checks.deliveries import WHAT, check_deliveries, has_printed_report
    from nprz.facts import report_facts
    from nprz.monitor import presenters
    from nprz.monitor.targets import UnknownInput, check_year

    try:
        check_year(year)
    except UnknownInput as error:
        raise CommandError(str(error)) from error
    soorten = soort or list(Soort)
    facts = report_facts(year)
    if has_printed_report(facts):
        findings = run_checks(facts, soorten)
        presenters.print_findings(out, fmt, findings, year, soorten, samenvatting)
    else:
        others = [s.value for s in soorten if s is not Soort.REKENEN]
        (out if fmt is Format.TABLE else err).print(
            f"Voor {year} is geen gedrukt rapport geladen: alleen de leveringen voor {year} "
            f"worden gecontroleerd ({WHAT})"
            + (f"; {', '.join(others)} gaan over een gedrukt rapport" if others else "")
            + ".",
            soft_wrap=True,
            markup=False,
        )
        findings = list(check_deliveries(facts)) if Soort.REKENEN in soorten else []
        kinds = [s for s in soorten if s is Soort.REKENEN]
        presenters.print_findings(
            out, fmt, findings, year, kinds, samenvatting, printed_report=False
        )
    if findings:
        raise typer.Exit(1)


@app.command()
def outlook(year: YearOption, fmt: FormatOption = Format.TABLE) -> None:
    """Per doel: prognose voor het jaar en het eindjaar van het plan met interval, op koers,
    jaar bereikt, de kloof absoluut en relatief, en hoe goed de methode eerder voorspelde."""
    _django()
    from nprz.monitor.outlook import outlook as build_outlook
    from nprz.monitor.outlook import print_outlook
    from nprz.monitor.targets import UnknownInput

    try:
        result = build_outlook(year)
    except UnknownInput as error:
        raise CommandError(str(error)) from error
    print_outlook(out, fmt, result)


@app.command()
def interventions(year: YearOption, fmt: FormatOption = Format.TABLE) -> None:
    """De interventies van een jaar: pijler, nummer, initiatiefnemers, KPI's, kleuren, beweging."""
    _django()
    from nprz.interventions.presenters import print_interventions
    from nprz.interventions.queries import UnknownRound, intervention_rows

    try:
        rows = intervention_rows(year)
    except UnknownRound as error:
        raise CommandError(str(error)) from error
    print_interventions(out, fmt, rows, year)


@app.command()
def report(
    year: YearOption,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="map voor het rapport en de wijkdocumenten")
    ] = Path("out"),
    threshold: Annotated[
        int | None,
        typer.Option("--drempel", min=1, help="aantallen onder deze drempel afschermen (5)"),
    ] = None,
    areas: Annotated[
        bool, typer.Option("--wijken/--geen-wijken", help="ook de wijkdocumenten maken")
    ] = True,
    edition: Annotated[
        str | None,
        typer.Option(
            "--editie",
            help="een eerdere editie opnieuw bouwen uit alleen haar leveringen en controleren "
            "dat cijfers en HTML gelijk zijn (bijv. rapport-2024-1)",
        ),
    ] = None,
    html_only: Annotated[
        bool,
        typer.Option("--alleen-html", help="alleen de HTML, geen PDF (sneller, om te lezen)"),
    ] = False,
    final: Annotated[
        bool,
        typer.Option(
            "--definitief",
            help="deze editie definitief maken: zij is dan gepubliceerd, en het 'vorige "
            "rapport' van het jaar erna",
        ),
    ] = False,
) -> None:
    """De voortgangsrapportage als HTML en PDF, en een document per gebied; alle cijfers uit
    de database. Elke bouw legt vast wat hij las (de editie); een conceptbouw zegt wat er
    sinds de vorige bouw veranderde."""
    _django()
    from nprz.publication.editions import UnknownEdition
    from nprz.reports.build import NoData, build_all
    from nprz.reports.progress import print_result, progress_bars

    try:
        with progress_bars(err) as progress:
            result = build_all(
                year,
                out_dir,
                threshold=threshold,
                progress=progress,
                areas=areas,
                edition=edition,
                final=final,
                pdf=not html_only,
            )
    except (NoData, UnknownEdition) as error:
        raise CommandError(str(error)) from error
    print_result(out, result)
    comparison = result.comparison
    if result.verifying and comparison is not None and not comparison.verified:
        raise CommandError(
            f"editie {result.edition} is niet gelijk opnieuw gebouwd: "
            + ", ".join((comparison.html_different or comparison.pdf_different)[:5]),
            code=3,
        )


import_app = typer.Typer(
    help="Lees een levering in: een CSV- of Excelbestand, een CBS StatLine-tabel, of de "
    "kleuren van interventies.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run", help="alleen controleren en tonen wat er zou veranderen (was → wordt)"
    ),
]
KnownOption = Annotated[
    bool,
    typer.Option(
        "--bekend-overslaan",
        help="een levering die al is ingelezen overslaan (exit 0) in plaats van weigeren",
    ),
]
BriefOption = Annotated[
    bool,
    typer.Option(
        "--beknopt", help="alleen de samenvatting en eventuele fouten, zonder tabellen per waarde"
    ),
]
ReportYearOption = Annotated[
    int | None,
    typer.Option(
        "--rapportjaar",
        help="het rapport waarvoor de levering is (standaard: het voorstel uit de perioden, "
        "met de reden in de uitvoer)",
    ),
]


@import_app.command("file")
def import_file(
    path: Annotated[Path, typer.Argument(help="CSV- of Excelbestand volgens het sjabloon")],
    dry_run: DryRunOption = False,
    report_year: ReportYearOption = None,
    everything: Annotated[
        bool, typer.Option("--alles", help="ook ongewijzigde waarden tonen")
    ] = False,
    known: KnownOption = False,
    brief: BriefOption = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Importeer een levering (kolommen indicator,area,period,value,status,note): alles of
    niets, nooit over eerdere leveringen heen."""
    if not path.is_file():
        raise CommandError(f"bestand {path} bestaat niet")
    _check_report_year(report_year)
    _ensure_database()
    from nprz.imports import pipeline

    examination = pipeline.examine_file(path, chosen_year=report_year)
    _import(examination, _ImportOptions(dry_run, everything, fmt, known, brief))


@import_app.command("cbs")
def import_cbs(
    table: Annotated[str, typer.Option("--tabel", help="CBS-tabel, bijv. 85984NED")],
    source: Annotated[
        Path | None,
        typer.Option("--bron", help="map met de ruwe download (TypedDataSet.json, ...)"),
    ] = None,
    fetch: Annotated[
        bool, typer.Option("--ophalen", help="eerst downloaden van CBS StatLine (cbsodata)")
    ] = False,
    into: Annotated[Path, typer.Option("--naar", help="waar --ophalen de download bewaart")] = Path(
        "data/cbs"
    ),
    odata_filter: Annotated[
        str | None, typer.Option("--filter", help="OData-filter bij --ophalen")
    ] = None,
    dry_run: DryRunOption = False,
    report_year: ReportYearOption = None,
    everything: Annotated[
        bool, typer.Option("--alles", help="ook ongewijzigde waarden tonen")
    ] = False,
    known: KnownOption = False,
    brief: BriefOption = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Importeer een CBS StatLine-tabel via haar YAML-koppeling (onderwerpen, regio's en
    perioden naar indicatoren, gebieden en perioden): eerst ophalen, dan inlezen."""
    from nprz.imports import cbs

    _check_report_year(report_year)
    try:
        mapping = cbs.mapping_for(table)
    except cbs.MappingError as error:
        raise CommandError(str(error), code=2) from error
    if fetch:
        with err.status(f"CBS-tabel {table} ophalen…"):
            try:
                source = cbs.fetch(table, into, filters=odata_filter)
            except cbs.FetchError as error:
                raise CommandError(str(error)) from error
        err.print(f"Opgehaald in {source}")
    if source is None:
        raise CommandError("geef --bron MAP (een eerdere download) of --ophalen", code=2)
    if not source.exists():
        raise CommandError(f"bron {source} bestaat niet")
    _ensure_database()
    from nprz.imports import pipeline, store

    delivery = cbs.read_delivery(source, mapping, store.codes(), report_year=report_year)
    examination = pipeline.examine_delivery(delivery, chosen_year=report_year)
    _import(examination, _ImportOptions(dry_run, everything, fmt, known, brief))


def _check_report_year(year: int | None) -> None:
    from nprz.imports.report_year import out_of_range

    if year is not None and (reason := out_of_range(year)):
        raise CommandError(reason, code=2)


@import_app.command("kleuren")
def import_colours(
    path: Annotated[Path, typer.Argument(help="CSV- of Excelbestand met pijler, nummer, kleur")],
    year: Annotated[
        str | None,
        typer.Option(
            "--jaar", help="het jaar van alle rijen (als het bestand geen kolom jaar heeft)"
        ),
    ] = None,
    dry_run: DryRunOption = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Lees de kleuren van interventies per jaar in (kolommen pijler, nummer, jaar, kleur,
    naam, toelichting): alles of niets, alleen voor een gepubliceerde ronde, nooit over een
    kleur heen die de ronde zelf gaf."""
    if not path.is_file():
        raise CommandError(f"bestand {path} bestaat niet")
    _ensure_database()
    from nprz.interventions import colours, entry
    from nprz.interventions.presenters import print_colour_plan

    try:
        chosen = entry.year(year) if year is not None else None
    except entry.EntryError as error:
        raise CommandError(f"--jaar: {error}", code=2) from error
    plan = colours.read_and_check(
        path.read_bytes(), path.name, year=chosen, max_bytes=colours.CLI_MAX_BYTES
    )
    console = out if fmt is Format.TABLE else err
    print_colour_plan(out, console, fmt, plan)
    if not plan.ok:
        raise CommandError(
            f"niet ingelezen: {len(plan.errors)} "
            f"{'fout' if len(plan.errors) == 1 else 'fouten'} (zie hierboven); de database is "
            "niet gewijzigd"
        )
    if dry_run:
        console.print(f"Proefimport (--dry-run): {plan.summary}; de database is niet gewijzigd.")
        return
    try:
        made = colours.apply(plan, received_by=os.environ.get("USER", ""))
    except colours.Refused as error:
        raise CommandError(f"niet ingelezen: {error}") from error
    console.print(
        f"Ingelezen als [bold]{made.code}[/bold]: {plan.summary} ({_database_label()})",
        soft_wrap=True,
    )


@import_app.command("financien")
def import_finance(
    path: Annotated[
        Path, typer.Argument(help="CSV- of Excelbestand volgens het financiënsjabloon")
    ],
    report_year: Annotated[
        int, typer.Option("--rapportjaar", help="het rapportjaar van deze financiën")
    ],
    dry_run: DryRunOption = False,
) -> None:
    """Lees de financiën van het programmabureau in (kolommen volgorde, post, omschrijving,
    soort, begroot, gerealiseerd, gemeente, overige_partners, som_van, som_kolommen, verdeelt,
    toelichting): alles of niets; de sommen worden gecontroleerd en gemeld."""
    if not path.is_file():
        raise CommandError(f"bestand {path} bestaat niet")
    _ensure_database()
    from nprz.imports import finance
    from nprz.monitor.finance import finance_checks

    delivery = finance.read_finance(path.read_bytes(), path.name, report_year)
    for problem in delivery.log.kept:
        err.print(f"{problem.severity}: {problem.place}: {problem.message} [{problem.code}]")
    if not delivery.ok:
        raise CommandError(
            "niet ingelezen: het bestand heeft fouten (zie hierboven); de database is niet "
            "gewijzigd"
        )
    checks = [c for c in finance_checks(delivery.lines) if not c.adds_up]
    for check in checks:
        out.print(f"Let op: {check.text}", soft_wrap=True)
    if dry_run:
        out.print(
            f"Proefimport (--dry-run): {len(delivery.lines)} regels voor {report_year}; "
            "de database is niet gewijzigd."
        )
        return
    try:
        vintage = finance.apply(delivery, user=os.environ.get("USER", ""))
    except ValueError as error:
        raise CommandError(f"niet ingelezen: {error}") from error
    out.print(
        f"Ingelezen als [bold]{vintage.code}[/bold]: {len(delivery.lines)} regels voor "
        f"{report_year} ({_database_label()})",
        soft_wrap=True,
    )


@dataclass(frozen=True)
class _ImportOptions:
    dry_run: bool
    everything: bool  # also list unchanged values
    fmt: Format
    known: bool  # skip a delivery imported before instead of refusing it
    brief: bool  # only the summary lines, the errors and the warnings about editions


def _import(examination: Examination, options: _ImportOptions) -> None:
    """Show what `nprz.imports.pipeline` examined (the report year first), then write it."""
    from nprz.core.problems import Severity
    from nprz.imports import pipeline, presenters, store

    console = out if options.fmt is Format.TABLE else err
    errors = {p.code for p in examination.problems if p.severity is Severity.FOUT}
    if options.known and errors == {"al-geimporteerd"}:
        skipped = next(p for p in examination.problems if p.code == "al-geimporteerd")
        console.print(f"Overgeslagen: {skipped.message}", soft_wrap=True)
        return
    if examination.year is not None:
        hint = (
            "" if examination.year.chosen else " Een ander rapportjaar kiest u met --rapportjaar."
        )
        console.print(examination.year.text + hint, soft_wrap=True, markup=False)
    console.print(presenters.delivery_line(examination), soft_wrap=True)
    for line in examination.delivery.skipped if examination.delivery else ():
        console.print(f"  {line}", soft_wrap=True)
    if examination.error_count or (examination.problems and not options.brief):
        presenters.print_problems(console, examination, errors_only=options.brief)
    if not examination.ok or examination.plan is None:
        raise CommandError(
            "niet geïmporteerd: "
            f"{presenters.count_of(examination.error_count, 'fout', 'fouten')} "
            "(zie hierboven); de database is niet gewijzigd"
        )
    plan = examination.plan
    if not options.brief:
        presenters.print_plan(out, options.fmt, plan, options.everything)
    presenters.print_touched(console, examination.touched)
    if options.dry_run:
        console.print(f"Proefimport (--dry-run): {plan.summary}; de database is niet gewijzigd.")
        return
    try:
        vintage = pipeline.apply(examination, user=os.environ.get("USER", ""))
    except store.Refused as error:
        raise CommandError(f"niet geïmporteerd: {error}") from error
    console.print(
        f"Geïmporteerd als levering [bold]{vintage.code}[/bold]: {plan.summary} "
        f"({_database_label()})",
        soft_wrap=True,
    )


@app.command()
def deliveries(fmt: FormatOption = Format.TABLE) -> None:
    """De geïmporteerde leveringen, oudste eerst, met code, bron en aantal waarden."""
    _ensure_database()
    from nprz.imports import presenters, store

    presenters.print_deliveries(out, fmt, store.deliveries())


@app.command()
def diff(
    before: Annotated[
        str, typer.Option("--from", help="levering (bijv. bestand-0002) of rapporteditie")
    ],
    after: Annotated[str, typer.Option("--to", help="levering of rapporteditie (rapport-2024-1)")],
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Welke waarden een levering of rapporteditie herziet ten opzichte van een andere."""
    _ensure_database()
    from nprz.imports import presenters, revisions

    try:
        old, new = revisions.side(before), revisions.side(after)
    except revisions.UnknownSide as error:
        raise CommandError(str(error)) from error
    presenters.print_diff(out, fmt, old, new, revisions.diff(old, new))


@app.command()
def export(
    year: YearOption,
    path: Annotated[Path, typer.Option("--out", "-o", help="doelbestand: .csv of .xlsx")],
) -> None:
    """Schrijf de waarden van een rapportjaar in het importsjabloon (CSV of Excel), zoals de
    database ze nu toont; `nprz import file` leest het bestand terug. Zonder waarden (een
    nieuw programma): een leeg sjabloon met een rij per indicator en gebied."""
    if path.suffix.lower() not in {".csv", ".xlsx"}:
        raise CommandError(f"kies een .csv- of .xlsx-bestand, niet {path.name}")
    _django()
    from nprz.imports import template

    rows = template.rows_for_year(year)
    blank = not rows
    if blank:
        rows = template.blank_rows(year)
    if not rows:
        raise CommandError(f"geen waarden voor rapportjaar {year} en geen indicatoren of gebieden")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        template.write_csv(rows, path)
    else:
        template.write_xlsx(rows, path)
    if blank:
        out.print(
            f"Nog geen waarden voor rapportjaar {year}: een leeg sjabloon met {len(rows)} rijen "
            f"(elke indicator in elk gebied) geschreven naar {path}. Vul de kolom value in "
            "(nb waar geen cijfer is, rijen zonder belang mogen weg) en lees het in met "
            "nprz import file.",
            soft_wrap=True,
        )
    else:
        out.print(f"{len(rows)} waarden geschreven naar {path}")


@app.command("demo-accounts")
def demo_accounts() -> None:
    """Maak (of vernieuw) een DEMO-account per rol van de voortgangsronde en toon ze."""
    _ensure_database()
    from nprz.interventions.accounts import create_demo_accounts

    accounts = create_demo_accounts()
    out.print("[bold]DEMO-accounts[/bold] (alleen om te proberen; nooit in productie):")
    for account in accounts:
        scope = f" ({account.scope})" if account.scope else ""
        out.print(
            f"  {account.username:<24} wachtwoord {account.password}  {account.role.value}{scope}",
            markup=False,
        )


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="adres om op te luisteren; 0.0.0.0 voor het hele netwerk")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="poort")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-w", min=0, max=64, help="aantal werkprocessen (0: naar aantal cores)"
        ),
    ] = 0,
) -> None:
    """Start de website (gunicorn, met statische bestanden) tot Ctrl+C."""
    from nprz import server

    if problem := server.port_problem(host, port):
        raise CommandError(problem)
    server.allow_host(host)
    _ensure_database()
    _refuse_demo_accounts_in_production()
    url = server.site_url(host, port)
    count = workers or server.worker_count()

    def ready() -> None:
        out.print(
            f"[bold]De NPRZ-monitor draait op {url}[/bold] "
            f"(gunicorn, {count} werkprocessen; {_database_label()}). Stoppen: Ctrl+C",
            soft_wrap=True,
        )

    server.serve(host, port, count, ready)


def _refuse_demo_accounts_in_production() -> None:
    from django.conf import settings

    from nprz.interventions.accounts import demo_accounts_present

    present = demo_accounts_present()
    if settings.PRODUCTION and present:
        raise CommandError(
            f"NPRZ_ENV=production, maar er zijn DEMO-accounts: {', '.join(present)}; "
            "verwijder ze eerst (nprz manage shell) — de server start niet"
        )


@app.command()
def info() -> None:
    """Waar de database staat, wat erin zit en waar u verder kunt kijken."""
    _ensure_database()
    from nprz.interventions.models import Intervention
    from nprz.monitor import presenters

    presenters.print_info(out, _database_label(), Intervention.objects.count)


# Typer bundles its own copy of Click; its error classes are reachable only through the
# public BadParameter, so we find the base class there instead of importing a private module.
_CLICK_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)

_OPTION = r"Invalid value for '([^']+)'(?: / '[^']+')?: "
_TRANSLATIONS = [
    (
        _OPTION + r"(?:Value error, )?'([^']*)' is not one of (.*?)\.?",
        r"ongeldige waarde voor \1: '\2'; kies uit \3",
    ),
    (
        _OPTION + r".*valid integer.*",
        r"ongeldige waarde voor \1: geef een geheel getal, bijvoorbeeld 2024",
    ),
    (_OPTION + r"(.*)", r"ongeldige waarde voor \1: \2"),
    (r"Missing option '([^']+)'.*", r"optie \1 ontbreekt"),
    (r"Missing argument '([^']+)'.*", r"argument \1 ontbreekt"),
    (r"No such option: (\S+) \(Possible options: (.*)\)", r"onbekende optie \1 (mogelijk: \2)"),
    (r"No such option: (\S+)(.*)", r"onbekende optie \1\2"),
    (r"No such command '([^']+)'.*", r"onbekende opdracht '\1'; `nprz --help` toont ze"),
    (r"Got unexpected extra arguments? \((.*)\)", r"onverwacht extra argument: \1"),
]


def _dutch(message: str) -> str:
    for pattern, replacement in _TRANSLATIONS:
        if match := re.fullmatch(pattern, message.strip()):
            return match.expand(replacement).replace("Did you mean", "Bedoelt u")
    return message


def main() -> None:
    """Entry point: every error is one line on stderr and a non-zero exit code."""
    try:
        code = app(standalone_mode=False)
    except CommandError as error:
        err.print(f"nprz: fout: {error}", markup=False, soft_wrap=True)
        sys.exit(error.code)
    except LookupError as error:
        # Which programme: none loaded, an unknown code, or several and none chosen.
        from nprz.monitor.scope import ProgrammeNotChosen

        if not isinstance(error, ProgrammeNotChosen):
            raise
        err.print(f"nprz: fout: {error}", markup=False, soft_wrap=True)
        sys.exit(1)
    except _CLICK_ERROR as error:
        message = str(getattr(error, "format_message", error.__str__)())
        err.print(f"nprz: fout: {_dutch(message)}", markup=False, soft_wrap=True)
        sys.exit(2)
    except typer.Abort:
        err.print("nprz: afgebroken", markup=False)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
