"""The yearly cycle, once, as the programme bureau runs it in spring 2026 (issue 14).

The 2024 data are loaded and the 2024 report is published (`--definitief`). A SYNTHETIC 2025
delivery comes in (tests/data/synthetic2025, every row marked "SYNTHETISCH"): the moving flows
per wijk and the thuiszitters through `nprz import file`, the stoplight, population and
caseload through the upload page as the bureau, the finances through `nprz import
financien`. A draft of the 2025 report is built; the 2025 progress round is opened, filled
in by the initiatiefnemers, approved and published; the 2025 report is built again and made
final; both final editions are rebuilt with `--editie`. Then an anonymous reader takes
everything public about 2025: every page of the site with its CSV and Excel downloads, the
API and the report's HTML.

All of it happens once, in the module-scoped fixture `cycle`, in one transaction that is
rolled back at the end; the tests only look at what it kept. The reports are built as HTML
only (the PDF is rendered from that same HTML), which keeps the whole cycle near a minute.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import time
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from nprz import cli

SYNTHETIC = Path(__file__).parents[1] / "data" / "synthetic2025"
FLOWS_AND_THUISZITTERS = SYNTHETIC / "synthetisch-2025-verhuizingen-thuiszitters.csv"
STOPLIGHT_POPULATION_CASELOAD = SYNTHETIC / "synthetisch-2025-doelen-bevolking-bijstand.csv"
FINANCE = SYNTHETIC / "synthetisch-2025-financien.csv"
YEAR = 2025
THRESHOLD = 5
HIDDEN = ("afgeschermd", "<5")
# Addresses an anonymous reader is sent to log in, and static files.
NOT_PUBLIC = re.compile(r"^/(inloggen|uitloggen|ronde|gebruikers|gegevens|static)/")
# One intervention's own page shows its description and KPIs, no table under disclosure
# control; the list of interventions is read, the 130-odd pages of one are not.
ONE_INTERVENTION = re.compile(r"^/interventies/[a-z-]+/[^/]+/")
# The goals table sorted or filtered (?pijler=, ?sorteer=, …) shows rows of /doelen/ again.
GOALS = re.compile(r"^/doelen/")
SYNTHETIC_SUMMARY = "SYNTHETISCH: voortgang 2025 voor de jaarcyclustest, geen echte tekst."


# --- the command line, as a user runs it ----------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One `nprz` command: its exit code and what it printed."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err


def nprz(*args: str) -> Run:
    """Run `nprz ARGS` in this process (so it sees the test database) through `cli.main`,
    the entry point, so exit codes and the one-line errors are those a user gets."""
    stdout, stderr = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code: Any = 0
    with (
        mock.patch.object(sys, "argv", ["nprz", *args]),
        redirect_stdout(stdout),
        redirect_stderr(stderr),
    ):
        try:
            cli.main()
        except SystemExit as exit_:
            code = exit_.code
    return Run(
        args, int(code or 0), stdout.getvalue(), stderr.getvalue(), time.perf_counter() - started
    )


def must(*args: str) -> Run:
    run = nprz(*args)
    assert run.code == 0, (args, run.code, run.text[-3000:])
    return run


# --- the upload page, as the bureau uses it -------------------------------------------------


@dataclass(frozen=True)
class Upload:
    checked: str  # the page after "Controleren"
    imported: str  # the page after "Importeren" (redirect followed)
    status: int


def upload(client: Client, path: Path) -> Upload:
    """Check the file, take the report year the page proposes, then import it."""
    data = path.read_bytes()
    checked = client.post(
        "/gegevens/importeren/",
        {"bestand": SimpleUploadedFile(path.name, data), "actie": "controleren"},
    ).content.decode()
    proposed = re.search(r'name="rapportjaar" value="(\d{4})"', checked)
    assert proposed is not None, checked[-2000:]
    form = {
        "bestand": SimpleUploadedFile(path.name, data),
        "actie": "importeren",
        "rapportjaar": proposed[1],
    }
    if 'name="bevestig"' in checked and "rapporteditie" in checked:
        form["bevestig"] = "on"
    response = client.post("/gegevens/importeren/", form, follow=True)
    return Upload(checked, response.content.decode(), response.status_code)


# --- the progress round -----------------------------------------------------------------


@dataclass(frozen=True)
class RoundResult:
    opened: int  # reports in the round
    approved: int
    left_out: int  # reports nobody could fill in (an intervention without organisation)
    published_page: str


def run_round(bureau: User, bureau_client: Client) -> RoundResult:
    """The bureau opens the 2025 round on its page; one initiatiefnemer of every organisation
    fills in and submits each report (synthetic text); the bureau approves each one with a
    colour (four eyes: it wrote none of them), closes the round and publishes it."""
    from nprz.core.workflow import Role
    from nprz.interventions import models as iv
    from nprz.interventions import rounds
    from nprz.interventions.accounts import person

    opened = bureau_client.post("/ronde/", {"year": str(YEAR)})
    assert opened.status_code == 302, opened.content.decode()[-1500:]
    round_ = iv.ProgressRound.objects.get(year=YEAR)
    owner = User.objects.create_user("ida-cyclus", first_name="Ida")
    iv.StaffRole.objects.bulk_create(
        iv.StaffRole(user=owner, role=Role.INITIATIEFNEMER.value, organisation=o)
        for o in iv.Organisation.objects.all()
    )
    writer, reviewer = person(owner), person(bureau)
    last_year = dict(
        iv.ProgressReport.objects.filter(round__year=YEAR - 1).values_list(
            "intervention_id", "colour"
        )
    )
    approved = 0
    reports = round_.reports.select_related("intervention").order_by("intervention__position")
    for report in reports:
        if not report.intervention.initiator_set.exists():
            continue
        saved = rounds.save_report(
            writer, report, report.version, rounds.OwnerInput(SYNTHETIC_SUMMARY, {}), by=owner
        )
        submitted = rounds.submit(writer, saved, saved.version, by=owner)
        colour = last_year.get(report.intervention_id, "")
        colour = colour if colour in ("groen", "geel", "rood") else "geel"
        rounds.approve(reviewer, submitted, submitted.version, colour, by=bureau)
        approved += 1
    total = round_.reports.count()
    closed = bureau_client.post(f"/ronde/{YEAR}/sluiten/", {"bevestigd": "ja"})
    assert closed.status_code == 302
    published = bureau_client.post(f"/ronde/{YEAR}/publiceren/", {"bevestigd": "ja"}, follow=True)
    assert published.status_code == 200
    return RoundResult(total, approved, total - approved, published.content.decode())


# --- reading tables from whatever the public gets ---------------------------------------------


@dataclass(frozen=True)
class Grid:
    """One table: where it was found, its caption, header and body rows of cell texts."""

    where: str
    caption: str
    header: list[str]
    rows: list[list[str]]


class _Tables(HTMLParser):
    """Every <table> of an HTML page, and every link on it."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self.links: list[str] = []
        self._table: tuple[list[str], list[list[str]], list[list[str]]] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)
        if tag == "table":
            self._table = ([], [], [])
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None and self._table:
            self._table[0].append(" ".join("".join(self._caption).split()))
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            (self._table[1] if self._head else self._table[2]).append(self._row)
            self._row = None
        elif tag == "thead":
            self._head = False
        elif tag == "table" and self._table:
            caption, head, body = self._table
            self.tables.append((caption[0] if caption else "", head[0] if head else [], body))
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


def html_tables(where: str, page: str) -> tuple[list[Grid], list[str]]:
    parser = _Tables()
    parser.feed(page)
    grids = [Grid(where, c, h, r) for c, h, r in parser.tables]
    return grids, parser.links


def csv_table(where: str, text: str) -> Grid:
    lines = list(csv.reader(io.StringIO(text)))
    return Grid(where, "", lines[0] if lines else [], lines[1:])


def xlsx_table(where: str, data: bytes) -> Grid:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet is not None
    rows = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    # A title and notes above the header; the header is the first row as wide as the data.
    width = max((len([c for c in r if c]) for r in rows), default=0)
    start = next((i for i, r in enumerate(rows) if len([c for c in r if c]) == width), 0)
    return Grid(where, rows[0][0] if rows else "", rows[start], rows[start + 1 :])


@dataclass
class Harvest:
    """Everything public about 2025 that an anonymous reader fetched."""

    grids: list[Grid] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # kind -> how many fetched
    statuses: dict[str, int] = field(default_factory=dict)  # address -> HTTP status if not 200
    api_rows: list[dict[str, Any]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # a few pages' HTML, for the tests


KEPT_PAGES = ("/", "/doelen/", "/indicatoren/uitkering-wwb-ww/", "/pad/bijstand/")


def crawl(client: Client, starts: list[str]) -> Harvest:
    """Every public address reachable from `starts` that shows 2025 (the default year, or
    ?jaar=2025), with its CSV downloads. Excel holds the same table as the CSV of the same
    name (decision 005): it is read where the CSV hides cells, so the test sees that the
    workbook hides them too."""
    harvest = Harvest(pages={"html": 0, "csv": 0, "xlsx": 0})
    todo, seen = list(starts), set(starts)
    while todo:
        url = todo.pop()
        response = client.get(url)
        if response.status_code != 200:
            harvest.statuses[url] = response.status_code
            continue
        path = urlsplit(url).path
        # A published report's files are streamed (FileResponse); reading them to the end
        # closes them.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if path.endswith(".pdf"):
            harvest.pages.setdefault("pdf", 0)
            harvest.pages["pdf"] += 1
            continue
        if path.endswith(".csv"):
            harvest.pages["csv"] += 1
            text = body.decode("utf-8")
            harvest.grids.append(csv_table(url, text))
            if any(mark in text for mark in HIDDEN):
                todo.append(url.replace(".csv", ".xlsx", 1))
            continue
        if path.endswith(".xlsx"):
            harvest.pages["xlsx"] += 1
            harvest.grids.append(xlsx_table(url, body))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a published report's stylesheet or chart
        harvest.pages["html"] += 1
        page = body.decode("utf-8")
        if url in KEPT_PAGES:
            harvest.texts[url] = page
        grids, links = html_tables(url, page)
        harvest.grids.extend(grids)
        for link in links:
            target = _public_link(url, link)
            if target and target not in seen:
                seen.add(target)
                todo.append(target)
    return harvest


def _public_link(base: str, link: str) -> str:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("#"):
        return ""
    path = parts.path if parts.path.startswith("/") else urlsplit(base).path + parts.path
    query = parse_qs(parts.query)
    if query.get("jaar", [str(YEAR)])[0] != str(YEAR):
        return ""
    if NOT_PUBLIC.match(path) or ONE_INTERVENTION.match(path):
        return ""
    if GOALS.match(path) and set(query) - {"jaar"}:
        return ""
    if path.startswith("/api/") or path.endswith((".svg", ".xlsx")):
        return ""
    return path + (f"?{parts.query}" if parts.query else "")


def api_rows(client: Client) -> Iterator[dict[str, Any]]:
    url: str | None = f"/api/v1/waarnemingen?jaar={YEAR}&limiet=1000"
    while url:
        answer = json.loads(client.get(url).content)
        yield from answer["resultaten"]
        url = answer["volgende"]


# --- the whole cycle ----------------------------------------------------------------------


@dataclass
class Cycle:
    out: Path
    runs: dict[str, Run]
    uploads: list[Upload]
    round: RoundResult
    report_2024: str  # the HTML of the final 2024 report
    report_2025: str  # the HTML of the final 2025 report
    area_documents: dict[str, str]  # file name -> HTML, 2025
    report_grids: list[Grid]  # every table of the 2025 report and its area documents
    public: Harvest
    seconds: dict[str, float]
    facts: dict[str, Any] = field(default_factory=dict)  # what the store held afterwards


def _edition(run: Run) -> str:
    found = re.search(r"Editie (rapport-\d{4}-\d+)", run.out)
    assert found is not None, run.text[-2000:]
    return found[1]


@pytest.fixture(scope="module")
def cycle(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cycle]:
    out = tmp_path_factory.mktemp("jaarcyclus")
    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        seconds[name] = time.perf_counter() - started - sum(seconds.values())

    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        runs: dict[str, Run] = {}
        runs["load"] = must("load", "nprz2024")
        runs["report-2024"] = must(
            "report", "--year", "2024", "--definitief", "--alleen-html", "--geen-wijken",
            "--out", str(out / "2024"),
        )  # fmt: skip
        lap("2024 laden en publiceren")

        bureau = User.objects.create_user("bea-cyclus", first_name="Bea")
        from nprz.core.workflow import Role
        from nprz.interventions import models as iv

        iv.StaffRole.objects.create(user=bureau, role=Role.PROGRAMMABUREAU.value)
        bureau_client = Client()
        bureau_client.force_login(bureau)
        runs["import-cli"] = must("import", "file", str(FLOWS_AND_THUISZITTERS), "--beknopt")
        uploads = [upload(bureau_client, STOPLIGHT_POPULATION_CASELOAD)]
        runs["import-financien"] = must(
            "import", "financien", str(FINANCE), "--rapportjaar", str(YEAR)
        )
        runs["targets"] = must("targets", "--year", str(YEAR), "--format", "json")
        runs["targets-table"] = must("targets", "--year", str(YEAR))
        runs["check"] = nprz("check", "--year", str(YEAR))
        lap("2025 inlezen")

        runs["draft-2025"] = must(
            "report", "--year", str(YEAR), "--alleen-html", "--geen-wijken",
            "--out", str(out / "concept"),
        )  # fmt: skip
        lap("concept 2025")
        round_result = run_round(bureau, bureau_client)
        lap("voortgangsronde 2025")
        runs["report-2025"] = must(
            "report", "--year", str(YEAR), "--definitief", "--alleen-html",
            "--out", str(out / "2025"),
        )  # fmt: skip
        lap("rapport 2025 definitief")
        runs["verify-2025"] = nprz(
            "report", "--year", str(YEAR), "--alleen-html",
            "--editie", _edition(runs["report-2025"]), "--out", str(out / "editie-2025"),
        )  # fmt: skip
        runs["verify-2024"] = nprz(
            "report", "--year", "2024", "--alleen-html", "--geen-wijken",
            "--editie", _edition(runs["report-2024"]), "--out", str(out / "editie-2024"),
        )  # fmt: skip
        lap("edities controleren")

        cache.clear()
        reader = Client()
        public = crawl(reader, ["/", f"/?jaar={YEAR}", "/downloads/"])
        public.api_rows = list(api_rows(reader))
        lap("openbare site lezen")

        from nprz import programmes
        from nprz.monitor import models as m
        from nprz.programmes.schema import FlowsChapter
        from nprz.publication import disclosure

        decision = disclosure()
        # The labels the report's flows chapter and the area pages give the flows' columns:
        # both take them from the definition's flows chapter.
        labels: dict[str, str] = {}
        for chapter in programmes.definition().chapters:
            if isinstance(chapter, FlowsChapter):
                for part in (*chapter.totals, *chapter.inflow, *chapter.outflow):
                    labels[part.label] = part.indicator
        protected = {
            code
            for code in decision.tables
            if m.Indicator.objects.filter(code=code, unit="aantal").exists()
            and not code.endswith("-saldo")
        }
        names = {i.code: i.name for i in m.Indicator.objects.all()}
        finals = m.ReportEdition.objects.filter(final=True).order_by("id")
        report_2025 = (out / "2025" / f"voortgangsrapportage-{YEAR}.html").read_text("utf-8")
        report_2024 = (out / "2024" / "voortgangsrapportage-2024.html").read_text("utf-8")
        areas = {
            p.name: p.read_text("utf-8") for p in sorted((out / "2025" / "wijken").glob("*.html"))
        }
        report_grids = html_tables("rapport 2025", report_2025)[0]
        for name, page in areas.items():
            report_grids += html_tables(name, page)[0]
        yield Cycle(
            out=out,
            runs=runs,
            uploads=uploads,
            round=round_result,
            report_2024=report_2024,
            report_2025=report_2025,
            area_documents=areas,
            report_grids=report_grids,
            public=public,
            seconds=seconds,
            facts={
                "protected": protected,
                "names": names,
                "labels": labels,
                "finals": {e.report_year: e.code for e in finals},
                "final_2024": next(e.figures for e in finals if e.report_year == 2024),
            },
        )
        transaction.set_rollback(True)
    print(
        "\njaarcyclus: "
        + ", ".join(f"{name} {value:.1f} s" for name, value in seconds.items())
        + f"; totaal {sum(seconds.values()):.1f} s"
    )


@pytest.fixture
def run_nprz() -> Any:
    """`nprz ARGS` as a user runs it (exit code, stdout, stderr), for a single test."""
    return nprz
