"""Colours as data: a colour file checked against the store ("was → wordt"), written all or
nothing with who and when, and what the site, the report chapter and the command line then
say. The colours are synthetic (data/kleuren-2023-2024-synthetisch.csv, see data/README.md);
the per-pillar counts are the ones the 2024 report printed (r. 1578-1605)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from django.test import Client

from nprz.core.movement import Colour, Movement
from nprz.datasets.records import Dataset
from nprz.interventions import colours
from nprz.interventions import models as iv
from nprz.interventions.colour_summary import compare, printed_counts
from nprz.interventions.queries import intervention_rows, movement_summary
from nprz.reports.document import Document
from nprz.reports.programme import interventions_section
from nprz.reports.render import write_html

DATA = Path(__file__).parent / "data"
SYNTHETIC = DATA / "kleuren-2023-2024-synthetisch.csv"
MAX = colours.CLI_MAX_BYTES
pytestmark = pytest.mark.django_db


def check(path: Path, year: int | None = None) -> colours.Plan:
    return colours.read_and_check(path.read_bytes(), path.name, year=year, max_bytes=MAX)


def imported() -> tuple[int, int]:
    return iv.ColourImport.objects.count(), iv.ImportedColour.objects.count()


def test_the_printed_counts_are_stored_with_their_lines(loaded: Dataset) -> None:
    printed = printed_counts(2024)
    assert printed is not None
    assert (printed.total, printed.total_source) == (121, "rapport r. 1605")
    shown = {
        pillar: ([(c.colour.value, c.count, c.source) for c in p.counts], p.total, p.total_source)
        for pillar, p in printed.pillars.items()
    }
    assert shown["thuisbasis"] == (
        [
            ("groen", 12, "rapport r. 1579"),
            ("geel", 6, "rapport r. 1581"),
            ("rood", 1, "rapport r. 1582"),
        ],
        19,
        "rapport r. 1582",
    )
    assert shown["werk"][0] == [
        ("groen", 22, "rapport r. 1589"),
        ("geel", 5, "rapport r. 1590"),
        ("rood", 3, "rapport r. 1592"),
        ("niet-gestart", 5, "rapport r. 1593"),
    ]
    assert {p: s[1] for p, s in shown.items()} == {
        "thuisbasis": 19, "school": 29, "werk": 35, "wonen": 20, "veilig": 18,
    }  # fmt: skip
    assert printed_counts(2023) is None


def test_a_dry_run_writes_nothing_and_the_import_everything_with_who_and_when(
    loaded: Dataset,
) -> None:
    plan = check(SYNTHETIC)
    assert plan.ok, plan.problems
    assert (plan.count("nieuw"), plan.count("gewijzigd"), plan.count("gelijk")) == (262, 0, 6)
    assert plan.summary == "268 kleuren voor 2023, 2024: 262 nieuw, 0 gewijzigd, 6 gelijk"
    gestopt = [c for c in plan.changes if c.kind == "gelijk"]
    assert {(c.pillar, c.year, c.was, c.wordt) for c in gestopt} == {
        ("werk", 2024, Colour.GESTOPT, Colour.GESTOPT)
    }
    assert imported() == (0, 0)  # checking wrote nothing

    made = colours.apply(plan, received_by="bea")
    assert (made.code, made.file_name, made.years, made.rows, made.changed, made.received_by) == (
        "kleuren-0001", SYNTHETIC.name, "2023, 2024", 268, 262, "bea",
    )  # fmt: skip
    assert imported() == (1, 268)

    # The movement summary is filled: every 2024 row has two colours now.
    rows = intervention_rows(2024, published_only=True)
    summary = movement_summary(rows)
    assert Counter(r.movement for r in rows)[Movement.ONBEKEND] == 0
    assert {p: dict(c) for p, c in summary.items() if p in ("thuisbasis", "werk")} == {
        "thuisbasis": {Movement.VOORUIT: 12, Movement.GELIJK: 5, Movement.ACHTERUIT: 2},
        "werk": {
            Movement.VOORUIT: 17, Movement.GELIJK: 6, Movement.ACHTERUIT: 6, Movement.GESTOPT: 6,
        },
    }  # fmt: skip
    # Compared with what the report printed: Thuisbasis and School as printed, Werk not.
    verdicts = {c.pillar: c.verdict for c in compare(rows, 2024)}
    assert verdicts == {
        "thuisbasis": "gelijk", "school": "gelijk", "werk": "verschilt", "wonen": "verschilt",
        "veilig": "verschilt",
    }  # fmt: skip

    # The same file again is refused; a corrected one changes one colour, was -> wordt.
    again = check(SYNTHETIC)
    assert [p.code for p in again.errors] == ["al-geimporteerd"]
    fixed = SYNTHETIC.read_text(encoding="utf-8").replace(
        "thuisbasis;1;2024;groen;", "thuisbasis;1;2024;rood;", 1
    )
    corrected = colours.read_and_check(
        fixed.encode(), "kleuren-correctie-synthetisch.csv", year=None, max_bytes=MAX
    )
    changed = [c for c in corrected.changes if c.kind == "gewijzigd"]
    assert [(c.pillar, c.number, c.year, c.was, c.wordt) for c in changed] == [
        ("thuisbasis", "1", 2024, Colour.GROEN, Colour.ROOD)
    ]
    colours.apply(corrected, received_by="bea")
    (row,) = [r for r in intervention_rows(2024) if (r.pillar, r.number) == ("thuisbasis", "1")]
    assert row.colour is Colour.ROOD  # the latest import wins
    report = iv.ProgressReport.objects.get(
        round__year=2024, intervention__pillar="thuisbasis", intervention__number="1"
    )
    reasons = list(
        report.history.exclude(history_change_reason=None)
        .order_by("history_id")
        .values_list("history_change_reason", "history_user")
    )
    assert reasons == [
        ("kleur 2024 ingelezen uit kleuren-0001: niet vastgelegd → groen", None),
        ("kleur 2024 ingelezen uit kleuren-0002: groen → rood", None),  # from the CLI: no user
    ]


STORE_DEFECTS = [
    ("interventie-onbekend.csv", "interventie-onbekend",
     "Er is geen interventie werk 99. Bedoelt u 9, 29 of 19?"),
    ("geen-ronde-2022.csv", "geen-ronde",
     "Er is geen voortgangsronde 2022; kleuren horen bij een gepubliceerde ronde (2023, 2024)."),
    ("kleur-staat-vast-gestopt.csv", "kleur-staat-vast",
     "De ronde 2024 gaf werk 11 de kleur gestopt (rapport r. 4417-4420); een import verandert "
     "die niet."),
    ("naam-anders.csv", "naam-anders",
     "werk 12 heet 'Aan de slag met LKS', niet 'Taal op de werkvloer'; klopt het nummer?"),
]  # fmt: skip


def test_the_stores_checks_name_the_row_and_write_nothing(loaded: Dataset) -> None:
    for name, code, message in STORE_DEFECTS:
        plan = check(DATA / "kleuren" / name)
        (problem,) = plan.problems
        assert (problem.code, problem.message, str(problem.location)) == (
            code,
            message,
            f"{name}, rij 2",
        ), name
        assert plan.ok is (code == "naam-anders"), name  # that one is a warning
    with pytest.raises(colours.Refused):
        colours.apply(check(DATA / "kleuren" / "interventie-onbekend.csv"), received_by="bea")
    assert imported() == (0, 0)


def test_a_round_that_runs_gives_its_colours_by_review(loaded: Dataset) -> None:
    iv.ProgressRound.objects.create(year=2025, status=iv.RoundStatus.OPEN)
    (problem,) = check(DATA / "kleuren" / "ronde-loopt-2025.csv").problems
    assert (problem.code, problem.message) == (
        "ronde-loopt",
        "De voortgangsronde 2025 is open: daar geeft de beoordeling de kleur.",
    )


def _report_html(tmp_path: Path) -> str:
    document = Document(
        slug="interventies-test",
        title="Interventies",
        subtitle="",
        year=2024,
        cover=(),
        sections=[interventions_section(2024)],
        header="Interventies",
    )
    return write_html(document, tmp_path).read_text(encoding="utf-8")


def test_site_and_report_say_what_is_known_before_and_after_the_import(
    loaded: Dataset, tmp_path: Path
) -> None:
    # Before: no colour known; the printed counts stand in one sentence, no row says
    # "niet vastgelegd", and nothing speaks of cell colours any more.
    page = Client().get("/interventies/").content.decode()
    report = _report_html(tmp_path / "voor")
    for text in (page, report):
        assert "Van 128 van de 134 interventies is de kleur van 2024 niet vastgelegd" in text
        assert (
            "telde het rapport over 2024 in Thuisbasis op orde 12 groen, 6 geel, 1 rood (19); "
            "in School 15 groen, 14 geel (29)" in text
        )
        assert "(18), samen 121." in text
        assert "De kleur van elke gedrukte rij is gelezen in de volgorde van de legenda" in text
        assert "celkleur" not in text
        assert text.count("niet vastgelegd") == 1
    # The table of colours per pillar: what the report counted, with its document (the
    # analyst sees its lines).
    assert "<td>12 groen, 6 geel, 1 rood (19)</td>" in page
    assert "<td>Voortgangsrapportage Nationaal Programma Rotterdam Zuid 2024</td>" in page
    assert "<td>22 groen, 5 geel, 3 rood, 5 niet gestart (35)</td>" in page

    colours.apply(check(SYNTHETIC), received_by="bea")
    page = Client().get("/interventies/").content.decode()
    report = _report_html(tmp_path / "na")
    for text in (page, report):
        assert (
            "Kleuren van 2023 en 2024 ingelezen uit kleuren-2023-2024-synthetisch.csv "
            "(kleuren-0001, door bea op " in text
        )
        assert "niet vastgelegd" not in text
        assert "celkleur" not in text
        assert "gelijk aan wat het rapport telde" in text
        assert "De kleur van elke gedrukte rij is gelezen in de volgorde van de legenda" in text
        assert (
            "wijkt af: groen: 22 gedrukt, 14 vastgelegd; geel: 5 gedrukt, 8 vastgelegd; "
            "rood: 3 gedrukt, 7 vastgelegd; niet gestart: 5 gedrukt, 0 vastgelegd; gestopt: 0 "
            "gedrukt, 6 vastgelegd" in text
        )
    # The movement summary with real counts, in the page's table and the report's.
    summary = Client().get("/interventies/samenvatting.csv").content.decode().splitlines()
    assert summary[0] == (
        "pijler,nieuw,vooruit,gelijk,achteruit,gestopt,onbekend,regels,interventies"
    )
    assert "thuisbasis,0,12,5,2,0,0,19,19" in summary
    assert "werk,0,17,6,6,6,0,35,35" in summary
    assert (
        '<th scope="row">Thuisbasis op orde</th><td class="num">0</td><td '
        'class="num">12</td><td class="num">5</td><td class="num">2</td>' in report
    )
