"""Read a bundled dataset folder into validated records, collecting every problem.

Reading never stops at the first bad cell: all problems are gathered (file, row, column,
code, message) and raised together, so one run shows everything to fix. Nothing here
touches the database; `nprz.monitor.loading` writes a dataset only after it read cleanly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from nprz.core.periods import Period, PeriodError
from nprz.core.printed import Printed, PrintedError, Token, parse_printed
from nprz.datasets import report_tables, yamltext
from nprz.datasets.interventions import read_colour_counts, read_interventions, scope_area
from nprz.datasets.problems import DatasetError, Problem
from nprz.datasets.records import (
    AreaRecord,
    Dataset,
    IdentityRecord,
    IndicatorRecord,
    MembershipRecord,
    MilestoneRecord,
    NoteRecord,
    ObservationRecord,
    PlanRecord,
    PrintedTextRecord,
    PublishedRecord,
    SourceRef,
    TargetRecord,
    VintageRecord,
)
from nprz.datasets.schema import (
    AreaKind,
    AreaRow,
    DatasetFile,
    IdentityFile,
    IndicatorFile,
    MembershipRow,
    PlanFile,
    TargetSpec,
    TextRow,
)

Model = TypeVar("Model", bound=BaseModel)


class Reader:
    """Collects problems while it reads; call `problems` at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        # The file and row being read, so a record's problems can name their place.
        self.place: tuple[str, int | None] = ("", None)  # (file, row or YAML item)
        self.indicators: set[str] = set()
        self.areas: set[str] = set()
        self.cells: set[tuple[str, str, str, str, str]] = set()
        self.origins: dict[str, tuple[str, int]] = {}  # indicator code -> (file, item)

    def problem(
        self, code: str, message: str, file: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.problems.append(Problem.at(code, message, file, row, column))

    def csv_rows(self, name: str, model: type[Model]) -> Iterator[tuple[int, Model]]:
        """Validated rows with their spreadsheet row number (the header is row 1)."""
        path = self.folder / name
        if not path.exists():
            self.problem("bestand-ontbreekt", "bestand ontbreekt", name)
            return
        with path.open(newline="", encoding="utf-8") as handle:
            for number, raw in enumerate(csv.DictReader(handle), start=2):
                self.place = (name, number)
                if None in raw:
                    self.problem(
                        "te-veel-cellen",
                        "de rij heeft meer cellen dan de kop; staat er een komma in een getal "
                        "zonder aanhalingstekens?",
                        name,
                        number,
                    )
                    continue
                # An empty cell means "not given": let the model's default apply.
                cells = {k: v for k, v in raw.items() if v not in ("", None)}
                row = self.validate(model, cells, name, number)
                if row is not None:
                    yield number, row

    def yaml_items(self, name: str, model: type[Model]) -> Iterator[tuple[int, Model]]:
        data = self.load_yaml(name)
        if data is None:
            return
        if not isinstance(data, list):
            self.problem("geen-lijst", "het bestand moet een lijst zijn", name)
            return
        for number, item in enumerate(data, start=1):
            row = self.validate(model, item, name, number)
            if row is not None:
                yield number, row

    def load_yaml(self, name: str) -> Any:
        path = self.folder / name
        if not path.exists():
            self.problem("bestand-ontbreekt", "bestand ontbreekt", name)
            return None
        try:
            return yamltext.parse(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            self.problem("ongeldige-yaml", f"geen geldige YAML: {error}", name)
            return None

    def validate(self, model: type[Model], data: Any, file: str, row: int | None) -> Model | None:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for issue in error.errors():
                column = ".".join(str(part) for part in issue["loc"]) or None
                self.problem("ongeldig-veld", dutch_message(issue), file, row, column)
            return None

    def known(self, kind: str, code: str | None, column: str) -> bool:
        """Is `code` a defined indicator or area? If not, record the problem at this row."""
        if code is None:
            return True
        defined = self.indicators if kind == "indicator" else self.areas
        if code in defined:
            return True
        problem = "onbekende-indicator" if kind == "indicator" else "onbekend-gebied"
        label = "onbekende indicator" if kind == "indicator" else "onbekend gebied"
        self.problem(problem, f"{label} {code!r}", self.place[0], self.place[1], column)
        return False

    def add_observation(self, dataset: Dataset, column: str, record: ObservationRecord) -> None:
        ok = self.known("indicator", record.indicator, "indicator")
        ok = self.known("area", record.area, "area") and ok
        key = (record.vintage, record.indicator, record.area, record.period, record.variant)
        if key in self.cells:
            self.problem(
                "dubbele-waarde",
                f"{record.indicator} / {record.area} / {record.period} staat er twee keer in",
                self.place[0],
                self.place[1],
                column,
            )
            return
        self.cells.add(key)
        if ok:
            dataset.observations.append(record)

    def add_published(self, dataset: Dataset, record: PublishedRecord) -> None:
        ok = self.known("indicator", record.indicator, "indicator")
        if self.known("area", record.area, "area") and ok:
            dataset.published.append(record)

    def token(self, text: str, file: str, row: int, column: str) -> Token | None:
        try:
            return parse_printed(text)
        except PrintedError as error:
            self.problem("ongeldig-getal", str(error), file, row, column)
            return None

    def period(self, text: str, file: str, row: int, column: str) -> str | None:
        try:
            return Period.parse(text).code
        except PeriodError as error:
            self.problem("ongeldige-periode", str(error), file, row, column)
            return None


def dutch_message(issue: Any) -> str:
    """Pydantic's message for one field, in Dutch for the kinds of mistakes people make."""
    kind = issue["type"]
    context = issue.get("ctx") or {}
    if kind == "missing":
        return "verplicht veld ontbreekt"
    if kind == "extra_forbidden":
        return "onbekend veld (tikfout in de kolomnaam?)"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{issue.get('input')!r} is geen geheel getal"
    if kind in ("literal_error", "enum"):
        return (
            f"{issue.get('input')!r} is geen toegestane waarde; kies uit {context.get('expected')}"
        )
    if kind == "union_tag_invalid":  # e.g. a chapter's kind
        return (
            f"{context.get('tag')!r} is geen toegestane waarde van {context.get('discriminator')}"
            f"; kies uit {context.get('expected_tags')}"
        )
    if kind == "union_tag_not_found":
        return f"veld {context.get('discriminator')} ontbreekt"
    if kind == "string_pattern_mismatch":
        return f"{issue.get('input')!r} heeft niet de vorm {context.get('pattern')}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{issue.get('input')!r} ligt buiten het toegestane bereik"
    if kind == "value_error":
        return str(context.get("error", issue["msg"]))
    return str(issue["msg"])


def read_dataset(folder: Path) -> Dataset:
    """Read and validate a folder; raises DatasetError listing every problem.

    The folder is either a programme's definition (`programme.yaml`, see
    `nprz.programmes.schema`) or a printed report's tables (`dataset.yaml`) that name their
    programme; then the programme's definition is read first, from its bundled folder."""
    if (folder / "programme.yaml").exists() and not (folder / "dataset.yaml").exists():
        dataset = Dataset(code=folder.name, title="", report_year=None, documents={})
        _read_programme(folder, dataset)
        return dataset
    reader = Reader(folder)
    header = reader.load_yaml("dataset.yaml")
    meta = (
        reader.validate(DatasetFile, header, "dataset.yaml", None) if header is not None else None
    )
    if meta is None:
        raise DatasetError(folder.name, reader.problems)
    dataset = Dataset(
        code=meta.code,
        title=meta.title,
        report_year=meta.report_year,
        documents={code: doc.title for code, doc in meta.documents.items()},
        vintages=[
            VintageRecord(t.code, t.title, t.document, t.lines, t.priority) for t in meta.tables
        ],
    )
    from nprz.programmes import bundled_folder

    relative = (folder / meta.programme).resolve()
    if (relative / "programme.yaml").exists():
        programme_folder = relative
    else:
        try:
            programme_folder = bundled_folder(meta.programme)
        except ValueError as error:
            reader.problem("onbekend-programma", str(error), "dataset.yaml", None, "programme")
            raise DatasetError(dataset.code, reader.problems) from error
    known = _read_programme(programme_folder, dataset)
    reader.indicators, reader.areas, reader.origins = known.indicators, known.areas, known.origins
    table_documents = {t.code: t.document for t in meta.tables}
    report_tables.read_all(reader, dataset, table_documents, meta.area_columns)
    read_colour_counts(reader, dataset)
    if (folder / TEXTS).exists():
        _read_texts(reader, dataset, table_documents)
    if reader.problems:
        # One cell can trip the same check in several places; list each problem once.
        raise DatasetError(dataset.code, list(dict.fromkeys(reader.problems)))
    return dataset


def _read_programme(folder: Path, dataset: Dataset) -> Reader:
    """The programme's definition into `dataset`; raises DatasetError on any problem."""
    from nprz.programmes.reader import read_definition

    reader = Reader(folder)
    _read_areas(reader, dataset)
    _read_memberships(reader, dataset)
    _read_plans(reader, dataset)
    for path in sorted(folder.glob("indicators*.yaml")):
        _read_indicators(reader, dataset, path.name)
    _check_definitions(reader, dataset)
    if (folder / "identities.yaml").exists():
        _read_identities(reader, dataset)
    dataset.programme = read_definition(reader, dataset)
    # After the definition: an intervention's pillar must be one of its pillars.
    pillars = (
        {p["code"] for p in dataset.programme.definition["pillars"]} if dataset.programme else None
    )
    for path in sorted(folder.glob("interventies-*.yaml")):
        _read_interventions(reader, dataset, path, pillars)
    if reader.problems:
        raise DatasetError(folder.name, list(dict.fromkeys(reader.problems)))
    return reader


def _read_interventions(
    reader: Reader, dataset: Dataset, path: Path, pillars: set[str] | None
) -> None:
    """One pillar's interventions; the areas they name must be known areas, the pillars
    pillars of the definition (None: the definition itself was refused, which says why)."""
    try:
        parsed = read_interventions(path)
    except DatasetError as error:
        reader.problems.extend(error.problems)
        return
    known = {a.code for a in dataset.areas}
    if pillars is not None and parsed.pillar not in pillars:
        reader.problem(
            "onbekende-pijler",
            f"pijler {parsed.pillar!r} staat niet in programme.yaml "
            f"(pijlers: {', '.join(sorted(pillars))})",
            path.name,
            None,
            "pillar",
        )
    for number, item in enumerate(parsed.interventions, start=1):
        if pillars is not None and item.pillar not in pillars | {parsed.pillar}:
            reader.problem(
                "onbekende-pijler",
                f"pijler {item.pillar!r} staat niet in programme.yaml "
                f"(pijlers: {', '.join(sorted(pillars))})",
                path.name,
                number,
                "pillar",
            )
        scopes = [code for k in item.kpis if (code := scope_area(k.scope)) is not None]
        for code in [*item.areas, *scopes]:
            if code not in known:
                reader.problem(
                    "onbekend-gebied", f"onbekend gebied {code!r}", path.name, number, "areas"
                )
        dataset.interventions.append(item)


def _read_areas(reader: Reader, dataset: Dataset) -> None:
    for number, row in reader.csv_rows("areas.csv", AreaRow):
        if row.code in reader.areas:
            reader.problem(
                "dubbele-code",
                f"gebied {row.code!r} is twee keer gedefinieerd",
                "areas.csv",
                number,
                "code",
            )
            continue
        reader.areas.add(row.code)
        dataset.areas.append(
            AreaRecord(
                row.code,
                row.name,
                row.kind.value,
                row.cbs_code,
                row.note,
                _ref("rapport", row.line),
            )
        )


def _read_memberships(reader: Reader, dataset: Dataset) -> None:
    for _, row in reader.csv_rows("memberships.csv", MembershipRow):
        if not (
            reader.known("area", row.group, "group") & reader.known("area", row.member, "member")
        ):
            continue
        dataset.memberships.append(
            MembershipRecord(
                row.group,
                row.member,
                row.valid_from,
                row.valid_to,
                row.basis,
                _ref("rapport", row.line),
            )
        )


def _read_plans(reader: Reader, dataset: Dataset) -> None:
    for number, row in reader.yaml_items("plans.yaml", PlanFile):
        knots = []
        for year, printed in row.knots:
            token = reader.token(printed, "plans.yaml", number, "knots")
            if isinstance(token, Printed):
                knots.append((year, token.exact / 100))
            elif token is not None:
                reader.problem(
                    "geen-getal",
                    f"knooppunt {year}: {printed!r} is geen aandeel",
                    "plans.yaml",
                    number,
                    "knots",
                )
        dataset.plans.append(
            PlanRecord(row.code, row.name, row.description, tuple(knots), row.lines)
        )


def _read_indicators(reader: Reader, dataset: Dataset, name: str) -> None:
    for number, row in reader.yaml_items(name, IndicatorFile):
        if row.code in reader.indicators:
            reader.problem(
                "dubbele-code",
                f"indicator {row.code!r} is twee keer gedefinieerd",
                name,
                number,
                "code",
            )
            continue
        reader.indicators.add(row.code)
        reader.origins[row.code] = (name, number)
        document = row.document
        notes = tuple(NoteRecord(n.kind, n.text, _ref(document, n.line)) for n in row.notes)
        target = _target(reader, row.target, document, name, number) if row.target else None
        basis = row.direction_basis
        if row.direction_line:
            basis = basis or "zoals de indicatorpagina het doel formuleert"
        dataset.indicators.append(
            IndicatorRecord(
                code=row.code,
                name=row.name,
                measure=row.measure or row.code,
                pillar=row.pillar,
                pillar_printed=row.pillar_printed,
                role=row.role.value,
                unit=row.unit.value,
                decimals=row.decimals,
                direction=row.direction or "",
                direction_basis=_with_line(basis, document, row.direction_line),
                period_type=row.period_type,
                source_text=row.source,
                definition=row.definition,
                additive=row.additive,
                notes=notes,
                source=_ref(document, row.line),
                target=target,
            )
        )


def _target(
    reader: Reader, spec: TargetSpec, document: str, file: str, number: int
) -> TargetRecord | None:
    def number_of(text: str, column: str) -> Printed | None:
        token = reader.token(text, file, number, column)
        if token is not None and not isinstance(token, Printed):
            reader.problem("geen-getal", f"{text!r} moet een getal zijn", file, number, column)
            return None
        return token

    start = (
        reader.period(spec.start_period, file, number, "target.start_period")
        if spec.start_period
        else None
    )
    milestones = []
    for milestone in spec.milestones:
        value = number_of(milestone.printed, "target.milestones")
        if value is not None:
            milestones.append(
                MilestoneRecord(
                    milestone.year, value.value, milestone.printed, _ref(document, milestone.line)
                )
            )
    reference = spec.reference
    return TargetRecord(
        kind=spec.kind,
        plan=spec.plan,
        start_area=spec.start_area,
        reference_area=reference.area if reference else None,
        reference_indicator=reference.indicator if reference else None,
        norm=number_of(reference.norm, "target.reference.norm")
        if reference and reference.norm
        else None,
        start_period=start,
        level=number_of(spec.level, "target.level") if spec.level else None,
        milestones=tuple(sorted(milestones, key=lambda m: m.year)),
        text=spec.text,
        source=_ref(document, spec.line),
    )


def _read_identities(reader: Reader, dataset: Dataset) -> None:
    for _number, row in reader.yaml_items("identities.yaml", IdentityFile):
        spec = row.model_dump(exclude={"code", "what", "table", "note"}, exclude_none=True)
        dataset.identities.append(IdentityRecord(row.code, row.what, row.table, spec, row.note))


TEXTS = "teksten.csv"
# Subjects that are no indicator, table or plan: what the store counts for a whole round
# (`nprz.monitor.facts.area_counts`), and the wijken of each group of wijken (its code).
COUNTED_SUBJECTS = {"interventies", "wijken"}
PLAN_KINDS = {"schema", "einddoel"}


def _read_texts(reader: Reader, dataset: Dataset, tables: dict[str, str]) -> None:
    """The phrases printed around the figures; every code they name must be defined."""
    plans = {p.code for p in dataset.plans}
    groups = {a.code for a in dataset.areas if a.kind == AreaKind.WIJKGROEP}
    for number, row in reader.csv_rows(TEXTS, TextRow):
        if row.document not in dataset.documents:
            reader.problem(
                "onbekend-document",
                f"onbekend document {row.document!r}",
                TEXTS,
                number,
                "document",
            )
            continue
        counted = COUNTED_SUBJECTS | groups
        if not _text_codes_known(reader, row, tables, plans, number, counted):
            continue
        dataset.texts.append(
            PrintedTextRecord(
                row.kind,
                row.subject,
                row.printed,
                row.reading,
                row.note,
                _ref(row.document, row.line),
            )
        )


def _text_codes_known(
    reader: Reader,
    row: TextRow,
    tables: dict[str, str],
    plans: set[str],
    number: int,
    counted: set[str],
) -> bool:
    def bad(message: str, column: str) -> bool:
        reader.problem("onbekende-code", message, TEXTS, number, column)
        return False

    subject = row.subject
    if row.kind in PLAN_KINDS:
        if subject not in plans:
            return bad(f"onbekend plan {subject!r}", "subject")
    elif not (
        subject in reader.indicators
        or (row.kind in ("titel", "legenda", "referentie", "startjaar") and subject in tables)
        or (row.kind == "startjaar" and subject in plans)
        or (row.kind in ("titel", "getallen") and subject in counted)
    ):
        return bad(f"onderwerp {subject!r} is geen bekende indicator, tabel of telling", "subject")
    if row.kind == "plan" and row.reading not in plans:
        return bad(f"onbekend plan {row.reading!r}", "reading")
    if row.kind in ("startjaar", "actueel", "ingelopen", "voorlopig"):
        for part in row.reading.split("|"):
            if reader.period(part, TEXTS, number, "reading") is None:
                return False
    if row.kind == "referentie":
        indicator, _, area = row.reading.rpartition("@")
        if area not in reader.areas or (indicator and indicator not in reader.indicators):
            return bad(f"referentie {row.reading!r} is geen gebied of indicator@gebied", "reading")
    if row.kind == "getallen":
        for context in row.reading.split():
            indicator, _, area = context.partition("@")
            if indicator not in reader.indicators or (area and area not in reader.areas):
                return bad(f"context {context!r} is geen indicator of indicator@gebied", "reading")
    if row.kind == "bron":
        _, table, areas = row.reading.split()
        if table not in tables:
            return bad(f"onbekende tabel {table!r}", "reading")
        for area in areas.split(","):
            if area not in reader.areas:
                return bad(f"onbekend gebied {area!r}", "reading")
    return True


def _check_definitions(reader: Reader, dataset: Dataset) -> None:
    """Every code a target uses must be defined."""
    plans = {p.code for p in dataset.plans}
    for indicator in dataset.indicators:
        target = indicator.target
        if target is None:
            continue
        reader.place = reader.origins[indicator.code]
        if target.plan not in plans:
            reader.problem(
                "onbekend-plan", f"onbekend plan {target.plan!r}", *reader.place, "target.plan"
            )
        reader.known("area", target.start_area, "target.start_area")  # None: the programme's
        reader.known("area", target.reference_area, "target.reference.area")
        reader.known("indicator", target.reference_indicator, "target.reference.indicator")


def _ref(document: str, line: int | None) -> SourceRef:
    return SourceRef(document, line)


def _with_line(text: str, document: str, line: int | None) -> str:
    return f"{text} ({_ref(document, line)})" if line else text
