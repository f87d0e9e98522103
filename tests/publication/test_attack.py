"""An attacker downloads everything the public can see and does the sums.

The cast: the programme bureau publishes the 2024 report and its area documents; a year
later a SYNTHETIC 2025 delivery (tests/data/synthetic2025, made up, with small counts of its
own) comes in and the 2025 report is published; the website serves both years. The attacker
is anonymous: they fetch every page of the running server for both years, every CSV and
Excel download those pages link to, every page of the JSON API, and read the HTML of both
annual reports and all area documents (the PDFs are rendered from that same HTML).

From all of it they collect every number they can place (indicator, area, period), and
every cell they see hidden ("afgeschermd", "<5"). Then they write down every equation a
reader of the report knows, independently of the code under test: the identities the
dataset publishes (row sums, in - out, the thuiszitters stock-flow balance), a gebied and
Zuid as the sum of their parts, mobility = moves / population at its printed precision,
and across years the same cell being one number. A hidden cell is given away when these
pin it down or narrow it to fewer than 5 possible values (the threshold).

The same attack on the unprotected store recovers the 8 moving-flows cells the 2024 report
printed as "<5", so the attack is shown to bite.
"""

from __future__ import annotations

import csv
import io
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.db import connection
from django.test import override_settings
from openpyxl import load_workbook
from typer.testing import CliRunner

from nprz import cli
from nprz.core.printed import Printed, PrintedError, parse_printed
from nprz.core.suppression import Equation, find_recoverable
from nprz.monitor import models as m

SYNTHETIC = Path(__file__).parents[1] / "data" / "synthetic2025"
DELIVERY = SYNTHETIC / "synthetisch-2025-verhuizingen-thuiszitters.csv"
THRESHOLD = 5
HIDDEN_MARKS = ("afgeschermd", "<5")
# The cells the 2024 report printed as "<5" (verhuizingen.csv), which its totals give away.
PRINTED_SMALL = {
    "verhuis-in-7@kop-van-zuid@2024",
    "verhuis-in-7@noordereiland@2024",
    "verhuis-in-7@wielewaal@2024",
    "verhuis-uit-6@wielewaal@2024",
    "verhuis-binnen@charlois-zuidrand@2024",
    "verhuis-uit-4@charlois-zuidrand@2024",
    "verhuis-in-7@heijplaat@2024",
    "verhuis-uit-7@heijplaat@2024",
}
# Labels of the moving-flows columns as the pages and reports print them.
FLOW_LABELS = {
    "binnen de wijk": "verhuis-binnen",
    "binnen het gebied": "verhuis-binnen",
    "vestigers": "verhuis-in",
    "vertrekkers": "verhuis-uit",
    "verhuizingen": "verhuis-totaal",
    "saldo": "verhuis-saldo",
    "bevolking": "verhuis-bevolking",
    "mobiliteit": "verhuis-mobiliteit",
}
PERIOD = re.compile(r"^(\d{4})(/\d{2}|-\d{4})?$")
NOT_PUBLIC = re.compile(r"^/(inloggen|uitloggen|ronde|gebruikers|gegevens|static)/")
# One intervention's page holds its description and KPIs as the partner reported them: no
# table under disclosure control is shown there. The list of interventions is crawled; the
# 134 pages of one intervention (and their downloads) are left out to keep the test short.
SKIPPED = re.compile(r"^/interventies/[a-z-]+/[^/]+/")
# Excel holds the same table as the CSV of the same name (one Table object, decision 005);
# it is fetched for the pages that show protected cells, and compared with the CSV there.
EXCEL_PAGES = re.compile(r"^/(gebieden/[a-z0-9-]+|indicatoren/(verhuis|thuiszitters)[a-z0-9-]*)/")

pytestmark = pytest.mark.django_db(transaction=True)


# --- what the attacker collects -----------------------------------------------------------


@dataclass
class Harvest:
    known: dict[str, set[Fraction]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)  # cell -> where first seen
    documents: int = 0

    def see(
        self, indicator: str, area: str, period: str, text: str, where: str, plain: bool
    ) -> None:
        """A cell's text: Dutch notation on a page, a plain number in a download."""
        cell = f"{indicator}@{area}@{period}"
        text = re.sub(r"\s*\(.*\)$", "", text.strip())
        if text in HIDDEN_MARKS:
            self.hidden.add(cell)
            return
        value = _plain_number(text) if plain else _dutch_number(text)
        if value is not None:
            self.number(indicator, area, period, value, where)

    def number(self, indicator: str, area: str, period: str, value: Fraction, where: str) -> None:
        cell = f"{indicator}@{area}@{period}"
        self.known.setdefault(cell, set()).add(value)
        self.sources.setdefault(cell, where)


def _plain_number(text: str) -> Fraction | None:
    try:
        return Fraction(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None
    except ValueError:
        return None


def _dutch_number(text: str) -> Fraction | None:
    try:
        token = parse_printed(text)
    except PrintedError:
        return None
    return token.exact if isinstance(token, Printed) else None


@dataclass(frozen=True)
class Labels:
    """What a reader can tell from a label: an area, an indicator or a period."""

    areas: dict[str, str]
    indicators: dict[str, str]

    @classmethod
    def from_store(cls) -> Labels:
        areas = {a.name.casefold(): a.code for a in m.Area.objects.all()}
        areas |= {a.code: a.code for a in m.Area.objects.all()} | {"nprz": "nprz"}
        indicators = {i.name.casefold(): i.code for i in m.Indicator.objects.all()}
        indicators |= {i.code: i.code for i in m.Indicator.objects.all()}
        return cls(areas, indicators)

    def read(self, label: str, caption: str = "") -> dict[str, str]:
        text = label.strip().casefold()
        found: dict[str, str] = {}
        if text in self.areas:
            found["area"] = self.areas[text]
        if text in self.indicators:
            found["indicator"] = self.indicators[text]
        if PERIOD.match(text):
            found["period"] = text
        flows = _flow_column(text, caption.casefold())
        if flows:
            found["indicator"] = flows
        return found


def _flow_column(label: str, caption: str) -> str:
    if caption.startswith("vestigers naar herkomst"):
        return "verhuis-in" if label == "totaal" else f"verhuis-in-{label}" * label.isdigit()
    if caption.startswith("vertrekkers naar bestemming"):
        return "verhuis-uit" if label == "totaal" else f"verhuis-uit-{label}" * label.isdigit()
    if "verhuis" in caption or caption.startswith("totalen"):
        return FLOW_LABELS.get(label, "")
    return ""


def _context(url: str, year: int) -> dict[str, str]:
    """What the address says: /indicatoren/<code>/…, /gebieden/<code>/…, ?jaar=."""
    parts = urlsplit(url)
    found: dict[str, str] = {"year": parse_qs(parts.query).get("jaar", [str(year)])[0]}
    match = re.match(r"^/(indicatoren|gebieden)/([a-z0-9-]+)/", parts.path)
    if match and match[2] not in ("tabel", "kaart"):
        found["indicator" if match[1] == "indicatoren" else "area"] = match[2]
    return found


def harvest_rows(
    harvest: Harvest,
    labels: Labels,
    header: list[str],
    rows: list[list[str]],
    context: dict[str, str],
    caption: str,
    where: str,
    plain: bool = False,
) -> None:
    """Place every number of a table: from its row's labels, its column's label and what the
    address or caption says (the year of the table when nothing names a period)."""
    columns = [labels.read(h, caption) for h in header]
    caption_year = re.findall(r"\b(20\d\d)\b", caption)
    for row in rows:
        own: dict[str, str] = {}
        for text in row:
            for key, value in labels.read(text, caption).items():
                own.setdefault(key, value)
        for index, text in enumerate(row):
            if index >= len(columns) or labels.read(text, caption):
                continue
            dims = {**context, **own, **columns[index]}
            period = dims.get("period") or (caption_year[-1] if caption_year else "")
            period = period or dims.get("year", "")
            if "indicator" in dims and "area" in dims and period:
                harvest.see(dims["indicator"], dims["area"], period, text, where, plain)


class _Tables(HTMLParser):
    """Every <table> of a page: caption, header labels and body rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self.links: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._current: tuple[list[str], list[str], list[list[str]]] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key in ("href", "src"):
            if found.get(key):
                self.links.append(str(found[key]))
        if tag == "table":
            self._current = ([], [], [])
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None and self._current:
            self._current[0].append(" ".join("".join(self._caption).split()))
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._current:
            (self._current[1] if self._in_head else self._current[2]).append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._current:
            caption, head, body = self._current
            header = head[0] if head else []
            self.tables.append((caption[0] if caption else "", list(header), body))
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


def harvest_html(
    harvest: Harvest, labels: Labels, html: str, context: dict[str, str], where: str
) -> list[str]:
    parser = _Tables()
    parser.feed(html)
    for caption, header, rows in parser.tables:
        harvest_rows(harvest, labels, header, rows, context, caption, where)
    harvest.documents += 1
    return parser.links


def harvest_csv(harvest: Harvest, labels: Labels, text: str, context: dict[str, str], where: str):
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        return
    name = urlsplit(where).path.rsplit("/", 1)[-1]
    harvest_rows(harvest, labels, lines[0], lines[1:], context, name, where, plain=True)
    harvest.documents += 1


def harvest_xlsx(
    harvest: Harvest, labels: Labels, data: bytes, context: dict[str, str], where: str
) -> None:
    book = load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.active
    assert sheet is not None
    rows = [["" if v is None else _plain(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    title = str(rows[0][0]) if rows else ""
    # The header is the first row after the title and notes with as many cells as the data.
    width = max((len([c for c in r if c != ""]) for r in rows), default=0)
    start = next((i for i, r in enumerate(rows) if len([c for c in r if c != ""]) == width), 0)
    harvest_rows(harvest, labels, rows[start], rows[start + 1 :], context, title, where, True)
    harvest.documents += 1


def _plain(value: object) -> str:
    """A spreadsheet cell as text: a number in plain notation (613, 26.4)."""
    return str(value)


def harvest_api(harvest: Harvest, fetch: Callable[[str], bytes], year: int) -> int:
    import json

    url: str | None = f"/api/v1/waarnemingen?jaar={year}&limiet=1000"
    pages = 0
    while url:
        answer = json.loads(fetch(url))
        for row in answer["resultaten"]:
            if row["onderdrukt"] or row["gedrukt"] in HIDDEN_MARKS:
                harvest.hidden.add(f"{row['indicator']}@{row['gebied']}@{row['periode']}")
            elif row["waarde"] is not None:
                harvest.number(
                    row["indicator"],
                    row["gebied"],
                    row["periode"],
                    Fraction(str(row["waarde"])),
                    url,
                )
        url = answer["volgende"]
        pages += 1
    harvest.documents += pages
    return pages


# --- the attack ---------------------------------------------------------------------------


def reader_equations(cells: set[str]) -> list[Equation]:
    """Every equation a reader of the report knows, over the cells they have met."""
    areas_periods = {(c.split("@")[1], c.split("@")[2]) for c in cells}
    found: list[Equation] = []
    identities = {(i.code, str(i.spec)): i for i in m.Identity.objects.all()}.values()
    members: dict[str, list[str]] = {}
    for link in m.AreaMembership.objects.select_related("group", "member"):
        members.setdefault(link.group.code, []).append(link.member.code)
    for identity in identities:
        spec = identity.spec
        if "members" in spec:
            for group in spec["members"]["groups"]:
                parts = members.get(group, [])
                for indicator in spec["members"]["indicators"]:
                    for area, period in areas_periods:
                        if area != group or not parts:
                            continue
                        terms = [(f"{indicator}@{p}@{period}", 1) for p in parts]
                        terms.append((f"{indicator}@{group}@{period}", -1))
                        found.append(Equation(tuple(terms), Fraction(0), identity.code))
            continue
        if "sum" not in spec or spec["total"].lstrip("-").isdigit():
            continue
        for area, period in areas_periods:
            terms = []
            for text in spec["sum"]:
                sign = -1 if text.startswith("-") else 1
                indicator, _, fixed = text.lstrip("-").partition("@")
                terms.append((f"{indicator}@{fixed or area}@{period}", sign))
            total, _, fixed = spec["total"].partition("@")
            terms.append((f"{total}@{fixed or area}@{period}", -1))
            found.append(Equation(tuple(terms), Fraction(0), identity.code))
    return [eq for eq in found if any(cell in cells for cell, _ in eq.terms)]


def mobility_bounds(known: dict[str, Fraction], cell: str) -> tuple[Fraction, Fraction] | None:
    """Mobiliteit (printed to 0,1%) x bevolking narrows the total number of moves."""
    _, area, period = cell.split("@")
    rate = known.get(f"verhuis-mobiliteit@{area}@{period}")
    people = known.get(f"verhuis-bevolking@{area}@{period}")
    if not cell.startswith("verhuis-totaal@") or rate is None or people is None:
        return None
    half = Fraction(5, 1000)  # half of the last printed decimal, in percent
    return (rate - half) * people / 100, (rate + half) * people / 100


@dataclass(frozen=True)
class Leak:
    cell: str
    low: Fraction
    high: Fraction


def consistent(equations: list[Equation], known: dict[str, Fraction]) -> list[Equation]:
    """A careful reader first tries each identity on the areas where every figure is
    published, and drops it for an area where it fails there (the thuiszitters balance
    closes for Rotterdam, not for Zuid)."""
    failing = set()
    for eq in equations:
        published = all(cell in known for cell, _ in eq.terms)
        if published and sum(c * known[cell] for cell, c in eq.terms) != eq.total:
            failing.add((eq.label, eq.terms[-1][0].split("@")[1]))
    return [eq for eq in equations if (eq.label, eq.terms[-1][0].split("@")[1]) not in failing]


def attack(harvest: Harvest) -> list[Leak]:
    truths = true_values()
    known = {cell: min(values) for cell, values in harvest.known.items() if len(values) == 1}
    hidden_seen = harvest.hidden - set(known)
    equations = consistent(reader_equations(set(known) | hidden_seen), known)
    unknown = {cell for eq in equations for cell, _ in eq.terms if cell not in known}
    big = Fraction(10**9)
    bounds: dict[str, tuple[Fraction, Fraction]] = {}
    for cell in unknown:
        signed = cell.startswith("verhuis-saldo@")
        low, high = (-big if signed else Fraction(0)), big
        narrowed = mobility_bounds(known, cell)
        if narrowed is not None:
            low, high = max(low, narrowed[0]), min(high, narrowed[1])
        bounds[cell] = (low, high)
    found = find_recoverable(equations, known, bounds)
    by_cell = {r.cell: r for r in found}
    leaks = []
    for cell in sorted(hidden_seen):
        low, high = bounds.get(cell, (Fraction(0), big))
        if cell in by_cell:
            low, high = by_cell[cell].low, by_cell[cell].high
        truth = truths.get(cell)
        # A narrowing that misses the true value taught the reader nothing true.
        if high - low < THRESHOLD - 1 and (truth is None or low <= truth <= high):
            leaks.append(Leak(cell, low, high))
    return leaks


# --- fetching from the running server -----------------------------------------------------


def http_fetcher(base: str) -> Callable[[str], bytes]:
    def fetch(path: str) -> bytes:
        with urllib.request.urlopen(urljoin(base, path), timeout=60) as answer:
            return bytes(answer.read())

    return fetch


def crawl(
    harvest: Harvest, labels: Labels, fetch: Callable[[str], bytes], starts: list[str], year: int
) -> dict[str, int]:
    """Every public page reachable from `starts`, then the downloads of every page that shows
    anything of a protected table; `year` is the latest (the one an address without ?jaar=
    shows). Four requests at a time, but one on SQLite: the test server's threads then share
    the test's one connection, and two requests inside it at once break each other's
    transactions (HTTP 500)."""
    todo, seen = list(starts), set(starts)
    counts = {"html": 0, "csv": 0, "xlsx": 0, "downloads left out": 0}
    showing: dict[str, bool] = {}  # page -> it shows something of a protected table
    downloads: set[str] = set()
    with ThreadPoolExecutor(max_workers=1 if connection.vendor == "sqlite" else 4) as pool:
        while todo:
            batch, todo = todo, []
            for url, body in zip(batch, pool.map(_fetched(fetch), batch), strict=True):
                todo += _harvest_one(harvest, labels, url, body, year, counts, seen)
                if not url.endswith((".csv", ".xlsx")):
                    showing[url] = bool(PROTECTED_ON_PAGE.search(body.decode("utf-8")))
            downloads |= {url for url in todo if url.split("?")[0].endswith((".csv", ".xlsx"))}
            todo = [url for url in todo if url not in downloads]
        # A download is a table of its page (one Table object, decision 005): a page that
        # shows nothing of a protected table, not even a hidden mark, has downloads without
        # any of it. The others are all fetched.
        wanted = sorted(url for url in downloads if showing.get(_page_of(url), True))
        counts["downloads left out"] = len(downloads) - len(wanted)
        for url, body in zip(wanted, pool.map(_fetched(fetch), wanted), strict=True):
            _harvest_one(harvest, labels, url, body, year, counts, seen)
    return counts


# What a page of a protected table shows: the flows' and the thuiszitters' names and columns,
# or a hidden cell's mark.
PROTECTED_ON_PAGE = re.compile(
    r"verhuis|thuiszitter|vestigers|vertrekkers|afgeschermd|&lt;5|<5", re.IGNORECASE
)


def _page_of(download: str) -> str:
    """The page a download belongs to: /gebieden/x/waarden.csv?jaar=2024 is a table of
    /gebieden/x/?jaar=2024."""
    path, _, query = download.partition("?")
    page = path.rsplit("/", 1)[0] + "/"
    return page + (f"?{query}" if query else "")


def _fetched(fetch: Callable[[str], bytes]) -> Callable[[str], bytes]:
    def get(url: str) -> bytes:
        try:
            return fetch(url)
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{url}: HTTP {error.code}") from error

    return get


def _harvest_one(
    harvest: Harvest,
    labels: Labels,
    url: str,
    body: bytes,
    year: int,
    counts: dict[str, int],
    seen: set[str],
) -> list[str]:
    """Harvest one answer; the new addresses it links to."""
    todo: list[str] = []
    path = urlsplit(url).path
    context = _context(url, year)
    if path.endswith(".csv"):
        counts["csv"] += 1
        harvest_csv(harvest, labels, body.decode("utf-8"), context, url)
    elif path.endswith(".xlsx"):
        counts["xlsx"] += 1
        harvest_xlsx(harvest, labels, body, context, url)
    elif not path.endswith(".svg") and not path.startswith("/api/"):
        counts["html"] += 1
        for link in harvest_html(harvest, labels, body.decode("utf-8"), context, url):
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.netloc or NOT_PUBLIC.match(parts.path) or parts.path.endswith(".svg"):
                continue
            if SKIPPED.match(parts.path):
                continue
            if parts.path.endswith(".xlsx") and not EXCEL_PAGES.match(parts.path):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen and parts.path.startswith("/") and "#" not in link[:1]:
                seen.add(local)
                todo.append(local)
    return todo


def documents(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.rglob("*.html"))


# --- the cycle ----------------------------------------------------------------------------


def publish_report(year: int, out: Path) -> Path:
    """The report and the area documents of `year` as the bureau publishes them (HTML; the
    PDF is rendered from this same HTML), and the edition it records."""
    from nprz import publication
    from nprz.monitor import scope
    from nprz.publication import audience, editions
    from nprz.reports.areas import area_documents
    from nprz.reports.build import main_document
    from nprz.reports.render import write_html

    folder = out / str(year)
    # As `nprz report` builds (reports.build.build_all): the programme looked up once.
    with audience.reading_as(audience.Audience.PUBLIC), scope.held():
        write_html(main_document(year), folder, charts=False)
        for doc in area_documents(year):
            write_html(doc, folder / "wijken", charts=False)
        edition = editions.record(year, publication.disclosure().record(year))
        editions.make_final(edition, publication.targets(year))
    return folder


def import_synthetic_2025() -> None:
    result = CliRunner().invoke(
        cli.app, ["import", "file", str(DELIVERY), "--rapportjaar", "2025", "--beknopt"]
    )
    assert result.exit_code == 0, result.output
    assert "594 nieuw" in result.output


def harvest_documents(harvest: Harvest, labels: Labels, folder: Path, year: int) -> int:
    count = 0
    for path in documents(folder):
        harvest_html(harvest, labels, path.read_text("utf-8"), {"year": str(year)}, str(path))
        count += 1
    return count


def true_values() -> dict[str, Fraction | None]:
    """Every cell's value in the store, unprotected (the latest year's view wins)."""
    from nprz.monitor.targets import known_years
    from nprz.monitor.values import value_rows

    found: dict[str, Fraction | None] = {}
    for year in known_years():
        for row in value_rows(year):
            found[f"{row.indicator.code}@{row.area.code}@{row.period}"] = row.value
    return found


def test_everything_public_for_two_years_gives_no_hidden_cell_away(
    loaded, live_server, tmp_path: Path
) -> None:
    started = time.perf_counter()
    labels = Labels.from_store()
    harvest = Harvest()
    reports = [publish_report(2024, tmp_path)]
    import_synthetic_2025()
    reports.append(publish_report(2025, tmp_path))
    built = time.perf_counter() - started
    fetch = http_fetcher(live_server.url)
    pages = crawl(harvest, labels, fetch, ["/", "/?jaar=2024"], 2025)
    crawled = time.perf_counter() - started - built
    print(f"\nrapporten {built:.0f} s, site {crawled:.0f} s: {pages}")
    api_pages = sum(harvest_api(harvest, fetch, year) for year in (2024, 2025))
    report_files = sum(
        harvest_documents(harvest, labels, folder, year)
        for folder, year in zip(reports, (2024, 2025), strict=True)
    )
    leaks = attack(harvest)
    seconds = time.perf_counter() - started

    # What the attack covered: both years' pages and downloads, the API, both report sets.
    assert pages["html"] > 300, pages
    assert pages["csv"] > 150, pages
    assert pages["xlsx"] > 50, pages
    assert pages["downloads left out"] > 300, pages
    assert api_pages >= 2
    assert report_files == 2 * 28  # main report + 27 area documents, per year
    flows = {c for c in harvest.hidden if c.startswith("verhuis-")}
    assert {c for c in flows if c.endswith("@2024")} >= PRINTED_SMALL
    assert any(c.endswith("@2025") for c in flows)
    assert any(c.startswith("thuiszitters-") and c.endswith("@2024/25") for c in harvest.hidden)
    # Not one published number is a small count of a protected table.
    small = [
        (cell, values, harvest.sources[cell])
        for cell, values in harvest.known.items()
        if cell.split("@")[0].startswith(("verhuis-in", "verhuis-uit", "verhuis-binnen"))
        and any(0 <= v < THRESHOLD for v in values)
    ]
    assert small == []
    truths = true_values()
    assert leaks == [], [(leak, truths.get(leak.cell)) for leak in leaks]
    equations = len(reader_equations(set(harvest.known) | harvest.hidden))
    print(
        f"\naanval: {len(harvest.known)} cellen met een getal, {len(harvest.hidden)} afgeschermd,"
        f" {harvest.documents} documenten, {equations} vergelijkingen,"
        f" {len(leaks)} teruggerekend ({seconds:.0f} s)"
    )


def test_the_same_attack_on_the_unprotected_store_recovers_the_small_counts(
    loaded, live_server, tmp_path: Path
) -> None:
    labels = Labels.from_store()
    harvest = Harvest()
    with override_settings(NPRZ_DISCLOSURE_TABLES=()):
        folder = publish_report(2024, tmp_path)
        harvest_documents(harvest, labels, folder, 2024)
        harvest_api(harvest, http_fetcher(live_server.url), 2024)
    leaks = {leak.cell: leak for leak in attack(harvest)}
    assert set(leaks) >= PRINTED_SMALL
    for cell in PRINTED_SMALL:  # the store holds "<5" for these: the report printed no value
        assert leaks[cell].low == leaks[cell].high, cell
        assert 0 <= leaks[cell].low < THRESHOLD, cell
    # Charlois Zuidrand: 235 moves = within + 125 arrivals + 108 departures.
    assert leaks["verhuis-binnen@charlois-zuidrand@2024"].low == 2
