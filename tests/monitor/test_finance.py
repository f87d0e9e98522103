"""The programme bureau's finance table (rapport r. 7263-7300) in the store, and its sums.

The cast: `loaded` is the bundled dataset in the test database; `copy` is a copy of the
dataset folder with one defect, which must be reported at its place with nothing loaded.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from nprz.datasets import folder
from nprz.datasets.problems import DatasetError, Problem
from nprz.datasets.reader import read_dataset
from nprz.datasets.records import Dataset
from nprz.loading import load_dataset
from nprz.monitor import models as m
from nprz.monitor.finance import FinanceCheck, euro, finance_checks, finance_lines

SEED = Path("/work/shared/seeds/voortgangsrapportage-nprz-2024.txt")
D = Decimal

# (post, label, begroot, gerealiseerd, gemeente, overige partners, kind, line) as printed
TABLE = [
    (
        "Post 1",
        "Personeelskosten (1 directeur, 11 (parttime) adviseurs en 2 ondersteuning)",
        D(1325000),
        D(1284023),
        D(1159023),
        D(125000),
        "post",
        7283,
    ),
    (
        "Post 2",
        "Werkbudget (advies, onderzoek, communicatie, participatie)",
        D(100000),
        D(80614),
        D(76729),
        D(3885),
        "post",
        7286,
    ),
    ("", "Financiële partnerbijdrage", None, None, D(-676115), D(676115), "bijdrage", 7288),
    ("", "Totaal post 1 en 2", D(1425000), D(1364637), D(559637), D(805000), "subtotaal", 7290),
    ("4", "Inkopen diensten (backoffice)", D(80000), D(65292), D(65292), None, "post", 7292),
    ("5", "Huisvesting", D(106000), D(106611), D(106611), None, "post", 7294),
    ("", "Totaal post 3 en 4", D(186000), D(171903), D(171903), None, "subtotaal", 7296),
    ("", "TOTAAL GEREALISEERD", None, D(1536540), D(731540), D(805000), "totaal", 7298),
    ("", "Begrote Patnerbijdrage", D(1611000), None, D(806000), D(805000), "totaal", 7300),
]


def as_tuple(line: m.FinanceLine) -> tuple[object, ...]:
    return (
        line.post,
        line.label,
        line.begroot,
        line.gerealiseerd,
        line.gemeente,
        line.overige_partners,
        line.kind,
        line.line,
    )


def summary(check: FinanceCheck) -> tuple[str, str, Decimal, Decimal, list[int]]:
    line, column = check.total
    return (line.label, column, check.printed, check.computed, [p.order for p, _ in check.parts])


@pytest.mark.django_db
class TestStored:
    def test_the_nine_table_rows_as_printed(self, loaded: Dataset) -> None:
        lines = finance_lines(2024)
        assert [as_tuple(line) for line in lines] == TABLE
        assert [line.order for line in lines] == list(range(1, 10))
        assert {line.vintage.code for line in lines} == {"nprz2024-financien"}

    def test_printed_text_and_exact_value_side_by_side(self, loaded: Dataset) -> None:
        post1, _, bijdrage, *_ = finance_lines(2024)
        assert (post1.begroot_printed, post1.begroot) == ("€ 1.325.000", D("1325000.00"))
        assert (post1.gerealiseerd_printed, post1.gerealiseerd) == ("€ 1.284.023", D(1284023))
        assert (post1.source, post1.label_lines) == ("rapport r. 7283", "7282-7283")
        assert (bijdrage.gemeente_printed, bijdrage.gemeente) == ("-€ 676.115", D(-676115))

    def test_blank_cells_stay_missing_not_zero(self, loaded: Dataset) -> None:
        blanks = [
            (line.order, column)
            for line in finance_lines(2024)
            for column in m.FINANCE_COLUMNS
            if line.amount(column) is None
        ]
        assert blanks == [
            (3, "begroot"),
            (3, "gerealiseerd"),
            (5, "overige_partners"),
            (6, "overige_partners"),
            (7, "overige_partners"),
            (8, "begroot"),
            (9, "gerealiseerd"),
        ]
        for order, column in blanks:
            line = m.FinanceLine.objects.get(order=order)
            assert (getattr(line, column), line.printed(column)) == (None, "")

    def test_amounts_from_the_paragraph_are_kept_apart(self, loaded: Dataset) -> None:
        text = [line for line in finance_lines(2024, with_text=True) if line.kind == "tekst"]
        assert [(t.label, t.bedrag_printed, t.bedrag, t.line) for t in text] == [
            ("scholen", "€ 90.000", D(90000), 7268),
            ("corporaties", "€ 90.000", D(90000), 7268),
            ("Rijk", "€ 500.000", D(500000), 7268),
        ]
        assert all(t.amount(c) is None for t in text for c in m.FINANCE_COLUMNS)
        assert m.FinanceLine.objects.count() == 12

    def test_no_lines_for_another_year(self, loaded: Dataset) -> None:
        assert finance_lines(2023) == []

    def test_loading_twice_keeps_one_copy(self, loaded: Dataset) -> None:
        load_dataset(loaded)
        assert m.FinanceLine.objects.count() == 12


@pytest.mark.django_db
class TestChecks:
    def test_every_printed_total_equals_the_sum_of_its_printed_parts(self, loaded: Dataset) -> None:
        checks = finance_checks(finance_lines(2024))
        assert [summary(c) for c in checks] == [
            (
                "Personeelskosten (1 directeur, 11 (parttime) adviseurs en 2 ondersteuning)",
                "gerealiseerd",
                D(1284023),
                D(1284023),
                [1, 1],
            ),
            (
                "Werkbudget (advies, onderzoek, communicatie, participatie)",
                "gerealiseerd",
                D(80614),
                D(80614),
                [2, 2],
            ),
            ("Totaal post 1 en 2", "begroot", D(1425000), D(1425000), [1, 2, 3]),
            ("Totaal post 1 en 2", "gerealiseerd", D(1364637), D(1364637), [1, 2, 3]),
            ("Totaal post 1 en 2", "gemeente", D(559637), D(559637), [1, 2, 3]),
            ("Totaal post 1 en 2", "overige_partners", D(805000), D(805000), [1, 2, 3]),
            ("Totaal post 1 en 2", "gerealiseerd", D(1364637), D(1364637), [4, 4]),
            ("Inkopen diensten (backoffice)", "gerealiseerd", D(65292), D(65292), [5, 5]),
            ("Huisvesting", "gerealiseerd", D(106611), D(106611), [6, 6]),
            ("Totaal post 3 en 4", "begroot", D(186000), D(186000), [5, 6]),
            ("Totaal post 3 en 4", "gerealiseerd", D(171903), D(171903), [5, 6]),
            ("Totaal post 3 en 4", "gemeente", D(171903), D(171903), [5, 6]),
            ("Totaal post 3 en 4", "gerealiseerd", D(171903), D(171903), [7, 7]),
            ("TOTAAL GEREALISEERD", "gerealiseerd", D(1536540), D(1536540), [4, 7]),
            ("TOTAAL GEREALISEERD", "gemeente", D(731540), D(731540), [4, 7]),
            ("TOTAAL GEREALISEERD", "overige_partners", D(805000), D(805000), [4, 7]),
            ("TOTAAL GEREALISEERD", "gerealiseerd", D(1536540), D(1536540), [8, 8]),
            ("Begrote Patnerbijdrage", "begroot", D(1611000), D(1611000), [4, 7]),
            ("Begrote Patnerbijdrage", "begroot", D(1611000), D(1611000), [9, 9]),
        ]
        assert all(c.adds_up for c in checks)

    def test_blank_parts_are_named_not_counted_as_zero(self, loaded: Dataset) -> None:
        checks = finance_checks(finance_lines(2024))
        with_blanks = {
            (c.total[0].order, c.total[1]): [(p.order, col) for p, col in c.blank]
            for c in checks
            if c.blank
        }
        assert with_blanks == {
            (4, "begroot"): [(3, "begroot")],
            (4, "gerealiseerd"): [(3, "gerealiseerd")],
            (5, "gerealiseerd"): [(5, "overige_partners")],
            (6, "gerealiseerd"): [(6, "overige_partners")],
            (7, "gerealiseerd"): [(7, "overige_partners")],
            (8, "overige_partners"): [(7, "overige_partners")],
        }

    def test_blank_totals_are_not_checked(self, loaded: Dataset) -> None:
        checked = {(c.total[0].order, c.total[1]) for c in finance_checks(finance_lines(2024))}
        # TOTAAL GEREALISEERD prints no Begroot; Totaal post 3 en 4 no Overige partners;
        # the partner contribution row prints no Gerealiseerd to split.
        assert not checked & {(8, "begroot"), (7, "overige_partners"), (3, "gerealiseerd")}

    def test_a_total_that_does_not_add_up_is_shown_with_both_numbers(self, loaded: Dataset) -> None:
        lines = finance_lines(2024)
        lines[0].gerealiseerd = D(1284024)  # in memory only: one euro more for Post 1
        failing = [c for c in finance_checks(lines) if not c.adds_up]
        assert [(summary(c), c.difference) for c in failing] == [
            (
                (lines[0].label, "gerealiseerd", D(1284024), D(1284023), [1, 1]),
                D(1),
            ),
            (("Totaal post 1 en 2", "gerealiseerd", D(1364637), D(1364638), [1, 2, 3]), D(-1)),
        ]
        assert failing[1].text == (
            "Totaal post 1 en 2, Gerealiseerd: som van Post 1 Personeelskosten (1 directeur, "
            "11 (parttime) adviseurs en 2 ondersteuning), Post 2 Werkbudget (advies, onderzoek, "
            "communicatie, participatie), Financiële partnerbijdrage: gedrukt € 1.364.637 ≠ som "
            "€ 1.364.638 (verschil -€ 1); lege cel niet meegeteld: Financiële partnerbijdrage "
            "(Gerealiseerd); rapport r. 7290, 7283, 7286, 7288."
        )
        assert failing[1].lines == [7290, 7283, 7286, 7288]


def test_euro_is_printed_the_dutch_way() -> None:
    assert [euro(D(v)) for v in ("1364637", "-676115", "12.5", "0")] == [
        "€ 1.364.637",
        "-€ 676.115",
        "€ 12,50",
        "€ 0",
    ]


@pytest.mark.skipif(not SEED.is_file(), reason="bronbestand niet aanwezig")
def test_every_finance_amount_is_printed_on_its_source_line(nprz2024: Dataset) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[7263 - 1] == "Financiën programmabureau"
    assert lines[7275 - 1] == "Financiën programmabureau NPRZ 2022"
    found = 0
    for record in nprz2024.finance:
        assert record.source.line is not None
        printed = lines[record.source.line - 1].replace(" ", "")
        for token in record.cells.values():
            if token is not None:
                assert token.text.replace(" ", "") in printed, (record.label, token.text)
                found += 1
    assert found == 32


# --- bad input: a copy of the dataset with one defect in financien.csv


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "nprz2024"
    shutil.copytree(folder("nprz2024"), target)
    return target


def set_cell(data: Path, row: int, column: str, old: str, new: str) -> None:
    """Replace one cell of financien.csv; `row` is the spreadsheet row (header = 1)."""
    path = data / "financien.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    assert rows[row - 2][column] == old
    rows[row - 2][column] = new
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


def problems_of(data: Path) -> list[tuple[str, str, int | None, str | None, str]]:
    with pytest.raises(DatasetError) as caught:
        read_dataset(data)
    problems: list[Problem] = caught.value.problems
    return [(p.code, p.file, p.row, p.column, p.message) for p in problems]


CASES = {
    "letter-o-in-an-amount": (
        (2, "gerealiseerd", "€ 1.284.023", "€ 1.284.O23"),
        ("ongeldig-getal", "financien.csv", 2, "gerealiseerd"),
        "'€ 1.284.O23' is geen getal",
    ),
    "percentage-in-a-euro-column": (
        (3, "begroot", "€ 100.000", "10,0%"),
        ("geen-bedrag", "financien.csv", 3, "begroot"),
        "'10,0%' is geen bedrag in euro",
    ),
    "unknown-kind": (
        (5, "kind", "subtotaal", "subtotal"),
        ("ongeldig-veld", "financien.csv", 5, "kind"),
        "'subtotal' is geen toegestane waarde",
    ),
    "sum-of-a-line-that-does-not-exist": (
        (5, "sum_of", "1 2 3", "1 2 13"),
        ("onbekende-regel", "financien.csv", 5, "sum_of"),
        "sum_of noemt 13",
    ),
    "line-outside-the-table": (
        (6, "line", "7292", "7392"),
        ("regel-buiten-tabel", "financien.csv", 6, "line"),
        "regel 7392 ligt buiten de tabel (regels 7263-7300)",
    ),
    "table-amount-in-a-text-row": (
        (11, "gemeente", "", "€ 90.000"),
        ("ongeldig-veld", "financien.csv", 11, None),
        "niet in de tabelkolommen",
    ),
}


@pytest.mark.parametrize(("cell", "place", "words"), CASES.values(), ids=CASES.keys())
def test_one_defect_is_reported_at_its_place(
    copy: Path,
    cell: tuple[int, str, str, str],
    place: tuple[str, str, int, str | None],
    words: str,
) -> None:
    set_cell(copy, *cell)
    problems = problems_of(copy)
    assert [p[:4] for p in problems] == [place]
    assert words in problems[0][4]


@pytest.mark.django_db
def test_a_defect_loads_nothing(copy: Path) -> None:
    set_cell(copy, 2, "gerealiseerd", "€ 1.284.023", "€ 1.284.O23")
    with pytest.raises(DatasetError):
        load_dataset(read_dataset(copy))
    assert (m.FinanceLine.objects.count(), m.Vintage.objects.count()) == (0, 0)


def test_a_finance_file_without_its_table_in_dataset_yaml_is_reported(copy: Path) -> None:
    header = copy / "dataset.yaml"
    text = header.read_text(encoding="utf-8")
    kept = [line for line in text.split("\n") if "code: financien" not in line]
    header.write_text("\n".join(kept), encoding="utf-8")
    # The finance table's title and column head in teksten.csv name the table too (r. 7275).
    assert [p[:4] for p in problems_of(copy)] == [
        ("onbekende-tabel", "financien.csv", None, None),
        ("onbekende-code", "teksten.csv", 17, "subject"),
        ("onbekende-code", "teksten.csv", 18, "subject"),
    ]
