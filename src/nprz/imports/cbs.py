"""CBS StatLine: fetch a table with `cbsodata`, then read it into a `Delivery`.

Two steps, as for every importer: `fetch` writes what the OData API returned into
`<into>/<table>/<date>/` and is the only part that touches the network; `read_delivery` reads
such a folder (or one file) with a declarative mapping from `mappings/<table>.yaml` and never
raises on bad input: a broken file, an unknown period or a text where a number should be are
problems in the delivery (tests/imports/cbs/test_read.py).

What real responses look like, and what this module does about it:
- The API wraps rows in `{"odata.metadata": ..., "value": [...]}`; `cbsodata` saves the bare
  list. Both are read. So is the reshaped KWB extract `stripped_filtered_data_2024.json`, an
  object keyed by the trimmed region code.
- Codes and strings are right-padded (`'GM0599    '`): every string is stripped.
- `null` is "CBS has no figure": a missing value, never 0.
- Topic keys carry a numeric suffix that is the column's position and changes between
  years (`PersonenPerSoortUitkeringBijstand_94`): mappings name the key without it, or the
  Title in DataProperties.json.
- Periods are `2023JJ00` (year), `2024KW01` (quarter), `2024MM03` (month). The monitor's periods
  are years, so only JJ becomes a period; quarters and months are skipped or refused, as the
  mapping says.
- Regions the monitor has no area for (most of the Netherlands) are counted as skipped.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nprz.datasets import yamltext
from nprz.datasets.schema import CODE_PATTERN, UnitCode
from nprz.imports.delivery import (
    Codes,
    Delivery,
    IncomingValue,
    Location,
    NewIndicator,
    Problem,
    Severity,
)
from nprz.imports.numbers import MAX_DECIMALS, MAX_INTEGER_DIGITS
from nprz.imports.problems import problem

MAPPINGS = Path(__file__).parent / "mappings"
STATLINE = "https://opendata.cbs.nl/ODataApi/odata"
MISSING_REASON = "CBS: geen waarde"

# The data file in a folder, in order of preference: cbsodata writes TypedDataSet.json (or
# UntypedDataSet.json when typed=False); the KWB extract is a derived file of its own.
DATA_FILES = ("TypedDataSet.json", "UntypedDataSet.json")
EXTRACT_GLOB = "stripped_filtered_data_*.json"

_SUFFIX = re.compile(r"^(?P<stem>.+?)_\d+$")
_CBS_PERIOD = re.compile(r"^(?P<year>\d{4})(?P<kind>JJ|KW|MM|HJ|X0|G\d)(?P<number>\d{2})$")
_PERIOD_KINDS = {"KW": "kwartaalcijfers", "MM": "maandcijfers", "HJ": "halfjaarcijfers"}


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and the field."""


class FetchError(RuntimeError):
    """Downloading from StatLine failed; the message is one Dutch line."""


# --- the mapping ------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class IndicatorSpec(_Strict):
    """The indicator a topic feeds; the store creates it when it does not have it yet."""

    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    unit: UnitCode
    decimals: int = Field(ge=0, le=4)
    definition: str = Field(min_length=10)
    source_text: str = ""  # empty: the table's source_text
    measure: str = ""  # empty: the indicator code
    period_type: str = "jaar"
    additive: bool = False


class TopicSpec(_Strict):
    key: str | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    title: str | None = None
    cbs_unit: str | None = None  # checked against DataProperties.json, so a scale never drifts
    scale: Decimal = Decimal(1)
    status: Literal["definitief", "voorlopig"] = "definitief"
    exact: bool = False  # a count CBS does not round: resolution 0, as a printed count
    resolution: Decimal | None = None  # what one step of the delivered figure is worth
    resolution_wijk_buurt: Decimal | None = None  # for counts CBS rounds below the gemeente
    indicator: IndicatorSpec

    @model_validator(mode="after")
    def named(self) -> TopicSpec:
        if not self.key and not self.title:
            raise ValueError("een onderwerp heeft een key (zonder volgnummer) of een title nodig")
        if self.key and _SUFFIX.match(self.key):
            raise ValueError(
                f"key {self.key!r} eindigt op een volgnummer; dat verschilt per jaar, "
                f"geef alleen {_stem(self.key)!r}"
            )
        if self.scale <= 0:
            raise ValueError("scale moet groter dan 0 zijn")
        return self


class PeriodSpec(_Strict):
    dimension: str | None = "Perioden"  # None: the table is about one period, see `default`
    default: str | None = Field(default=None, pattern=r"^\d{4}$")  # if TableInfos gives none
    quarters_and_months: Literal["overslaan", "fout"] = "overslaan"


class Mapping(_Strict):
    table: str = Field(pattern=r"^[0-9]{5}[A-Z]{3}$")
    title: str = Field(min_length=1)
    source_text: str = Field(min_length=1)
    region_dimension: str = "WijkenEnBuurten"
    periods: PeriodSpec = PeriodSpec()
    region_overrides: dict[str, str] = {}
    topics: list[TopicSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def unique(self) -> Mapping:
        for what, names in (
            ("indicator", [t.indicator.code for t in self.topics]),
            ("key", [t.key for t in self.topics if t.key]),
            ("title", [_norm(t.title) for t in self.topics if t.title]),
        ):
            doubles = sorted(n for n, c in Counter(names).items() if c > 1)
            if doubles:
                raise ValueError(f"{what} komt meer dan eens voor: {', '.join(doubles)}")
        return self


def load_mapping(path: Path) -> Mapping:
    """Read and check one mapping file; MappingError names the file and every bad field."""
    try:
        data = yamltext.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"mapping {path.name}: niet te lezen ({_one_line(exc)})") from exc
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(part) for part in err['loc']) or 'bestand'}: {err['msg']}"
            for err in exc.errors()
        )
        raise MappingError(f"mapping {path.name}: {details}") from exc


def available() -> list[str]:
    return sorted(p.stem for p in MAPPINGS.glob("*.yaml"))


def mapping_for(table_id: str) -> Mapping:
    path = MAPPINGS / f"{table_id}.yaml"
    if not path.exists():
        known = ", ".join(available()) or "geen"
        raise MappingError(f"geen mapping voor CBS-tabel {table_id!r}; beschikbaar: {known}")
    return load_mapping(path)


# --- fetch ------------------------------------------------------------------------------


def fetch(
    table_id: str,
    into: Path,
    filters: str | None = None,
    select: list[str] | None = None,
    *,
    on: date | None = None,
) -> Path:
    """Download one table (typed data plus its metadata) into `<into>/<table>/<date>/`.

    Typed, so numbers are numbers and missing figures are null (the untyped set writes
    them as padded text). `filters` is passed to OData as is, e.g.
    `"WijkenEnBuurten eq 'GM0599    '"` (keys padded to their width). Never called by the
    tests: there is no network there.
    """
    import cbsodata  # here, so reading a delivery does not need the client

    folder = into / table_id / (on or date.today()).isoformat()
    try:
        cbsodata.download_data(
            table_id, dir=str(folder), typed=True, filters=filters, select=select
        )
    # requests' errors are OSErrors; a table without TypedDataSet gives a ValueError.
    except (OSError, ValueError, KeyError) as exc:
        raise FetchError(f"ophalen van CBS-tabel {table_id} mislukt: {_one_line(exc)}") from exc
    return folder


# --- read -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    index: int  # 1-based position in the file
    region: str | None  # the key of the extract; None: read it from the record
    fields: dict[str, Any]


class _Reader:
    """Collects values, problems and skipped counts while one delivery is read."""

    def __init__(self, mapping: Mapping, codes: Codes) -> None:
        self.mapping = mapping
        self.codes = codes
        self.problems: list[Problem] = []
        self.values: dict[tuple[str, str, str], IncomingValue] = {}
        self.unplaced_regions: set[str] = set()
        self.skipped_periods: Counter[str] = Counter()
        self.reported: set[str] = set()
        self.files: list[Path] = []

    def problem(self, code: str, message: str, where: Location, once: str | None = None) -> None:
        """Record a problem; its severity follows from the code (nprz.imports.problems)."""
        if once is not None:
            if once in self.reported:
                return
            self.reported.add(once)
        self.problems.append(problem(code, message, where))

    def load(self, path: Path) -> Any:
        """The parsed JSON of a file, or None with a problem."""
        self.files.append(path)
        try:
            return json.loads(path.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            self.problem(
                "cbs-onleesbaar-bestand",
                f"{path.name} is geen leesbare JSON: {_one_line(exc)}",
                Location(path.name),
            )
            return None


def read_delivery(
    raw: Path, mapping: Mapping, codes: Codes, *, report_year: int | None = None
) -> Delivery:
    """Read a folder written by `fetch` (or by `cbsodata.download_data`), or one data file.

    Never raises on the content of the input; see the module docstring for what is handled.
    """
    reader = _Reader(mapping, codes)
    data_file = _data_file(raw)
    folder = raw if raw.is_dir() else raw.parent
    if data_file is None:
        reader.problem(
            "cbs-geen-gegevens",
            f"geen gegevensbestand in {raw} (verwacht {' of '.join(DATA_FILES)} of {EXTRACT_GLOB})",
            Location(raw.name),
        )
        return _delivery(reader, report_year, None)
    table_period = _table_info(reader, folder / "TableInfos.json")
    topics = _topics(reader, folder / "DataProperties.json")
    content = reader.load(data_file)
    records = _records(reader, content, data_file.name) if content is not None else iter(())
    seen: set[str] = set()
    for record in records:
        seen |= _read_record(reader, record, data_file.name, topics, table_period)
    if content is not None:
        _report_absent_topics(reader, seen, data_file.name)
    return _delivery(reader, report_year, table_period)


def _data_file(raw: Path) -> Path | None:
    if raw.is_file():
        return raw
    if not raw.is_dir():
        return None
    for name in DATA_FILES:
        if (raw / name).is_file():
            return raw / name
    extracts = sorted(raw.glob(EXTRACT_GLOB))
    return extracts[0] if extracts else None


def _unwrap(content: Any) -> Any:
    """The rows of an OData response: the `value` of the wrapper, or cbsodata's bare list."""
    if isinstance(content, dict) and isinstance(content.get("value"), list):
        return content["value"]
    return content


def _table_info(reader: _Reader, path: Path) -> str | None:
    """The table's single period (TableInfos.Period, e.g. "2024"); checks the table id."""
    mapping = reader.mapping
    if not path.is_file():
        return mapping.periods.default
    rows = _unwrap(reader.load(path))
    info = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else None
    if info is None:
        return mapping.periods.default
    identifier = _text(info.get("Identifier"))
    if identifier and identifier != mapping.table:
        reader.problem(
            "cbs-andere-tabel",
            f"de levering is tabel {identifier}, de mapping is voor {mapping.table}",
            Location(path.name, column="Identifier"),
        )
    period = _text(info.get("Period"))
    if re.fullmatch(r"\d{4}", period):
        return period
    return mapping.periods.default


@dataclass(frozen=True)
class _Topics:
    """How record fields map to topics: by full key (from DataProperties) or by stem."""

    by_key: dict[str, TopicSpec]
    by_stem: dict[str, TopicSpec]
    from_properties: bool

    def lookup(self, field_name: str) -> TopicSpec | None:
        if self.from_properties:
            return self.by_key.get(field_name)
        return self.by_stem.get(_stem(field_name))


def _topics(reader: _Reader, path: Path) -> _Topics:
    specs = reader.mapping.topics
    by_stem = {t.key: t for t in specs if t.key}
    if not path.is_file():
        return _Topics({}, by_stem, from_properties=False)
    rows = _unwrap(reader.load(path))
    if not isinstance(rows, list):
        return _Topics({}, by_stem, from_properties=False)
    by_key: dict[str, TopicSpec] = {}
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or row.get("Type") != "Topic":
            continue
        key = _text(row.get("Key"))
        title = _norm(_text(row.get("Title")))
        for spec in specs:
            by_stem_match = spec.key is not None and _stem(key) == spec.key
            by_title_match = spec.title is not None and _norm(spec.title) == title
            if not (by_stem_match or by_title_match):
                continue
            where = Location(path.name, row=index, column="Key")
            if spec in by_key.values():
                reader.problem(
                    "cbs-onderwerp-dubbelzinnig",
                    f"onderwerp {_name(spec)} past op meer dan één kolom, ook op {key}",
                    where,
                )
                continue
            unit = _text(row.get("Unit"))
            if spec.cbs_unit is not None and unit != spec.cbs_unit:
                reader.problem(
                    "cbs-eenheid-gewijzigd",
                    f"{key} heeft bij CBS eenheid {unit!r}, de mapping verwacht "
                    f"{spec.cbs_unit!r}; pas de mapping (en de schaal) aan",
                    Location(path.name, row=index, column="Unit"),
                )
            by_key[key] = spec
    return _Topics(by_key, by_stem, from_properties=True)


def _records(reader: _Reader, content: Any, file: str) -> Iterator[_Record]:
    rows = _unwrap(content)
    if isinstance(rows, list):
        for index, row in enumerate(rows, start=1):
            if isinstance(row, dict):
                yield _Record(index, None, row)
            else:
                reader.problem(
                    "cbs-geen-record",
                    f"regel {index} is geen object met velden maar {type(row).__name__}",
                    Location(file, row=index),
                )
        return
    if isinstance(rows, dict) and all(isinstance(v, dict) for v in rows.values()):
        # The KWB extract: {"GM0599": {"AantalInwoners_5": 670610, ...}, ...}
        for index, (region, fields) in enumerate(rows.items(), start=1):
            yield _Record(index, region, fields)
        return
    reader.problem(
        "cbs-onverwachte-vorm",
        f"{file} is geen lijst van records, geen OData-antwoord met 'value' en geen "
        "object per regio",
        Location(file),
    )


def _read_record(
    reader: _Reader, record: _Record, file: str, topics: _Topics, table_period: str | None
) -> set[str]:
    """Read one record's mapped fields; returns the topic names it had."""
    mapping = reader.mapping
    dimension = mapping.region_dimension
    region = record.region if record.region is not None else record.fields.get(dimension)
    if not isinstance(region, str) or not region.strip():
        absent = record.region is None and dimension not in record.fields
        reader.problem(
            "cbs-geen-regio",
            f"record {record.index} heeft geen kolom {dimension}; volgende records zonder "
            "die kolom worden niet apart gemeld"
            if absent
            else f"record {record.index} heeft geen regiocode in {dimension}: {region!r}",
            Location(file, row=record.index, column=dimension),
            # A file without the column at all (the wrong mapping) is one problem, not 2.500.
            once="no-region-column" if absent else None,
        )
        return set()
    region = region.strip()
    area = _area(reader, region, Location(file, row=record.index, column=dimension))
    fields = [(name, spec) for name in record.fields if (spec := topics.lookup(name))]
    seen = {_name(spec) for _, spec in fields}
    if area is None:
        return seen
    period = _period(reader, record, file, table_period)
    if period is None:
        return seen
    for name, spec in fields:
        where = Location(file, row=record.index, column=name)
        value = _value(reader, spec, region, record.fields[name], where)
        if value is None:
            continue
        incoming = IncomingValue(
            indicator=spec.indicator.code,
            area=area,
            period=period,
            printed=value[0],
            value=value[1],
            resolution=value[2],
            location=where,
            missing_reason="" if value[1] is not None else MISSING_REASON,
            status=spec.status,
        )
        if incoming.key in reader.values:
            earlier = reader.values[incoming.key].location
            reader.problem(
                "cbs-dubbele-waarde",
                f"{spec.indicator.code} voor {area} in {period} komt twee keer voor "
                f"(ook in {earlier}); regio {region}",
                where,
            )
            continue
        reader.values[incoming.key] = incoming
    return seen


def _area(reader: _Reader, region: str, where: Location) -> str | None:
    overrides = reader.mapping.region_overrides
    if region in overrides:
        area = overrides[region]
        if area not in reader.codes.areas:
            reader.problem(
                "cbs-onbekend-gebied",
                f"de mapping koppelt {region} aan gebied {area!r}, dat niet in de monitor staat",
                where,
                once=f"area:{region}",
            )
            return None
        return area
    placed = reader.codes.areas_by_cbs.get(region)
    if placed is None:
        reader.unplaced_regions.add(region)
    return placed


def _period(reader: _Reader, record: _Record, file: str, table_period: str | None) -> str | None:
    spec = reader.mapping.periods
    if spec.dimension is None or spec.dimension not in record.fields:
        if table_period is None:
            reader.problem(
                "cbs-geen-periode",
                "de levering noemt geen periode: geen periodekolom "
                f"{spec.dimension or ''} en geen Period in TableInfos.json; "
                "geef periods.default in de mapping",
                Location(file, row=record.index),
                once="no-period",
            )
        return table_period
    raw = record.fields[spec.dimension]
    where = Location(file, row=record.index, column=spec.dimension)
    code = raw.strip() if isinstance(raw, str) else ""
    match = _CBS_PERIOD.match(code)
    if match is None:
        reader.problem(
            "cbs-onbekende-periode",
            f"periode {raw!r} is geen CBS-periodecode (2023JJ00, 2024KW01, 2024MM03)",
            where,
        )
        return None
    if match["kind"] == "JJ":
        return match["year"]
    kind = _PERIOD_KINDS.get(match["kind"], f"{match['kind']}-perioden")
    if spec.quarters_and_months == "fout":
        reader.problem(
            "cbs-periode-geen-jaar",
            f"periode {code} is geen jaar; de monitor kent alleen jaarcijfers ({kind})",
            where,
        )
    else:
        reader.skipped_periods[kind] += 1
    return None


def _value(
    reader: _Reader, spec: TopicSpec, region: str, raw: Any, where: Location
) -> tuple[str, Decimal | None, Decimal | None] | None:
    """(printed, value, resolution) of one cell; None with a problem when it is not a number."""
    if isinstance(raw, str):
        raw = raw.strip()
        # The untyped data set writes a missing figure as a padded "."
        if raw in ("", "."):
            raw = None
    if raw is None:
        return ("nb", None, None)
    number: Decimal | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = Decimal(raw)
    elif isinstance(raw, float) and math.isfinite(raw):
        number = Decimal(repr(raw))  # repr: the shortest text that gives this float back
    elif isinstance(raw, str):
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = None
    if number is not None and not number.is_finite():
        number = None
    if number is None:
        shown = raw if isinstance(raw, str | int | float | bool) else type(raw).__name__
        reader.problem(
            "cbs-geen-getal",
            f"{shown!r} bij {region} is geen getal (onderwerp {_name(spec)})",
            where,
        )
        return None
    value = number * spec.scale
    # What the store can hold; checked before formatting, so "1e999999999" never becomes a
    # billion digits.
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        reader.problem("getal-te-groot", f"{raw!r} bij {region} is te groot om op te slaan", where)
        return None
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        reader.problem(
            "te-veel-decimalen",
            f"{raw!r} bij {region} heeft meer dan {MAX_DECIMALS} decimalen",
            where,
        )
        return None
    return (_dutch(value), value, _resolution(spec, region, number))


def _resolution(spec: TopicSpec, region: str, delivered: Decimal) -> Decimal:
    if spec.resolution_wijk_buurt is not None and region[:2] in ("WK", "BU"):
        return spec.resolution_wijk_buurt
    if spec.resolution is not None:
        return spec.resolution
    exponent = delivered.as_tuple().exponent
    places = exponent if isinstance(exponent, int) else 0
    if spec.exact and places >= 0:
        return Decimal(0)
    return spec.scale * Decimal(1).scaleb(min(places, 0))


def _report_absent_topics(reader: _Reader, seen: set[str], file: str) -> None:
    for spec in reader.mapping.topics:
        if _name(spec) not in seen:
            reader.problem(
                "cbs-onderwerp-ontbreekt",
                f"onderwerp {_name(spec)} ({spec.indicator.code}) staat niet in de levering",
                Location(file),
            )


def _delivery(reader: _Reader, report_year: int | None, table_period: str | None) -> Delivery:
    mapping = reader.mapping
    values = tuple(reader.values.values())
    years = [int(v.period) for v in values]
    if report_year is None:
        report_year = max(years) if years else int(table_period or 0)
    indicators = tuple(
        NewIndicator(
            code=t.indicator.code,
            name=t.indicator.name,
            unit=t.indicator.unit.value,
            decimals=t.indicator.decimals,
            definition=t.indicator.definition,
            source_text=t.indicator.source_text or mapping.source_text,
            measure=t.indicator.measure or t.indicator.code,
            period_type=t.indicator.period_type,
            additive=t.indicator.additive,
        )
        # Every mapped topic, also one this download lacks: a later delivery (another
        # download, or the same figures as a file in the template) then finds its indicator.
        for t in mapping.topics
    )
    if not values and all(p.severity is Severity.WAARSCHUWING for p in reader.problems):
        reader.problem(
            "cbs-geen-waarden",
            "de levering bevat geen enkele waarde voor de gebieden van de monitor",
            Location(reader.files[-1].name if reader.files else mapping.table),
        )
    skipped: list[str] = []
    if reader.unplaced_regions:
        regions = _count(len(reader.unplaced_regions), "regio", "regio's")
        skipped.append(f"{regions} zonder gebied in de monitor overgeslagen")
    for kind, count in sorted(reader.skipped_periods.items()):
        records = _count(count, "record", "records")
        skipped.append(f"{records} met {kind} overgeslagen (de monitor kent alleen jaarcijfers)")
    digest = hashlib.sha256()
    for path in sorted(set(reader.files)):
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            continue
    return Delivery(
        kind="cbs",
        title=f"CBS {mapping.table} {mapping.title}",
        document=f"{STATLINE}/{mapping.table}/",
        sha256=digest.hexdigest() if reader.files else "",
        report_year=report_year,
        values=values,
        problems=tuple(reader.problems),
        indicators=indicators,
        skipped=tuple(skipped),
    )


# --- small helpers ----------------------------------------------------------------------


def _stem(key: str) -> str:
    """`PersonenPerSoortUitkeringBijstand_94` -> `PersonenPerSoortUitkeringBijstand`."""
    match = _SUFFIX.match(key)
    return match["stem"] if match else key


def _norm(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _name(spec: TopicSpec) -> str:
    return spec.key or spec.title or spec.indicator.code


def _count(count: int, one: str, more: str) -> str:
    """3714 -> "3.714 regio's", 1 -> "1 regio"."""
    return f"{count:,}".replace(",", ".") + " " + (one if count == 1 else more)


def _dutch(value: Decimal) -> str:
    """670610 -> "670.610", 12.5 -> "12,5": the figure as delivered, in Dutch notation."""
    integer, _, decimals = f"{abs(value):f}".partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return sign + grouped + ("," + decimals if decimals else "")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
