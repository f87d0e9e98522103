"""Reading one delivered value: Dutch notation, the mistakes with one meaning, and errors."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nprz.core.printed import Unit, parse_printed
from nprz.imports.numbers import read_number
from nprz.imports.problems import PROBLEMS, WARNINGS

D = Decimal


@pytest.mark.parametrize(
    ("text", "printed", "value", "resolution", "unit"),
    [
        ("1.234,5", "1.234,5", D("1234.5"), D("0.1"), Unit.NONE),
        ("30,0%", "30,0%", D("30.0"), D("0.1"), Unit.PERCENT),
        ("€ 36.300", "€ 36.300", D(36300), D(100), Unit.EURO),  # rounded to hundreds
        ("€36.300", "€ 36.300", D(36300), D(100), Unit.EURO),
        ("2.196.644", "2.196.644", D(2196644), D(0), Unit.NONE),  # counts are exact
        ("4355665", "4355665", D(4355665), D(0), Unit.NONE),  # printed without dots: kept
        ("1.234", "1.234", D(1234), D(0), Unit.NONE),  # Dutch thousands, not 1,234
        ("1,234", "1,234", D("1.234"), D("0.001"), Unit.NONE),  # Dutch decimal comma
        ("40,40%", "40,40%", D("40.40"), D("0.1"), Unit.PERCENT),  # padded second decimal
        ("-5", "-5", D(-5), D(0), Unit.NONE),
        ("- 5", "-5", D(-5), D(0), Unit.NONE),
        ("-€ 5", "€ -5", D(-5), D(1), Unit.EURO),
        ("€ -5", "€ -5", D(-5), D(1), Unit.EURO),
        ("  33,3%  ", "33,3%", D("33.3"), D("0.1"), Unit.PERCENT),
    ],
)
def test_dutch_notation_is_read_as_the_report_prints_it(text, printed, value, resolution, unit):
    reading = read_number(text)
    assert reading.ok
    assert reading.warnings == ()
    assert (reading.printed, reading.value, reading.resolution, reading.unit) == (
        printed,
        value,
        resolution,
        unit,
    )


@pytest.mark.parametrize(
    ("text", "printed", "reason", "suppressed"),
    [
        ("nvt", "nvt", "niet van toepassing (nvt)", False),
        ("nb", "nb", "niet beschikbaar (nb)", False),
        ("n.b.", "n.b.", "niet beschikbaar (n.b.)", False),
        ("x", "x", "geen cijfer (x)", False),
        ("-", "-", "niet beschikbaar (-)", False),
        ("<5", "<5", "", True),
        ("< 5", "<5", "", True),
    ],
)
def test_missing_and_suppressed_marks(text, printed, reason, suppressed):
    reading = read_number(text)
    assert reading.ok
    assert reading.warnings == ()
    assert reading.value is None
    assert reading.resolution is None
    assert (reading.printed, reading.missing_reason, reading.suppressed) == (
        printed,
        reason,
        suppressed,
    )


@pytest.mark.parametrize(
    ("text", "printed", "value", "codes"),
    [
        ("1 234,5", "1.234,5", D("1234.5"), ["spatie-duizendtallen"]),
        ("1\u00a0234,5", "1.234,5", D("1234.5"), ["vreemde-spatie", "spatie-duizendtallen"]),
        ("1\u202f234", "1.234", D(1234), ["vreemde-spatie", "spatie-duizendtallen"]),
        ("30,0 %", "30,0%", D("30.0"), ["spatie-voor-procent"]),
        ("30,0\u00a0%", "30,0%", D("30.0"), ["vreemde-spatie", "spatie-voor-procent"]),
        ("EUR 36.300", "€ 36.300", D(36300), ["euro-notatie"]),
        ("36.300 €", "€ 36.300", D(36300), ["euro-notatie"]),
        ("36.300 EUR", "€ 36.300", D(36300), ["euro-notatie"]),
        ("12.5", "12,5", D("12.5"), ["decimale-punt"]),
        ("0.25", "0,25", D("0.25"), ["decimale-punt"]),
        ("0.250", "0,250", D("0.250"), ["decimale-punt"]),  # "0." cannot start thousands
        ("1234.567", "1.234,567", D("1234.567"), ["decimale-punt"]),  # 4 digits before
        ("12.3456", "12,3456", D("12.3456"), ["decimale-punt"]),  # 4 digits after
        ("\u22125", "-5", D(-5), ["min-teken"]),
        ("+5", "5", D(5), ["plusteken"]),
        ("'211.548", "211.548", D(211548), ["apostrof"]),
    ],
)
def test_mistakes_with_one_meaning_are_repaired_with_a_warning(text, printed, value, codes):
    reading = read_number(text)
    assert reading.ok
    assert (reading.printed, reading.value) == (printed, value)
    assert [w.code for w in reading.warnings] == codes


def test_repairs_keep_the_resolution_of_the_notation_they_stand_for():
    assert read_number("EUR 36.300").resolution == parse_printed("€ 36.300").resolution == 100
    assert read_number("12.5").resolution == D("0.1")
    assert read_number("30,0 %").resolution == D("0.1")


@pytest.mark.parametrize(
    ("text", "printed", "reason"),
    [
        ("N.v.t.", "nvt", "niet van toepassing (nvt)"),
        ("NVT", "nvt", "niet van toepassing (nvt)"),
        ("NB", "nb", "niet beschikbaar (nb)"),
        ("N.B.", "nb", "niet beschikbaar (nb)"),
        ("X", "x", "geen cijfer (x)"),
        ("\u2013", "-", "niet beschikbaar (-)"),  # an en dash typed for the dash
    ],
)
def test_variants_of_missing_marks_are_normalised(text, printed, reason):
    reading = read_number(text)
    assert (reading.printed, reading.missing_reason) == (printed, reason)
    assert [w.code for w in reading.warnings] == ["ontbrekend-teken-variant"]


def test_our_own_formula_escaping_is_undone_silently():
    # `defuse` never escapes a number, but a note-like value could come back escaped.
    reading = read_number("'=SUM(A1)")
    assert reading.error is not None
    assert reading.error.code == "formule"
    assert reading.warnings == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1,234.5", "engelse-notatie"),  # decided: English notation is refused, see module
        ("1,234,567", "engelse-notatie"),
        ("12,3,4", "geen-getal"),
        ("abc", "geen-getal"),
        ("5-", "geen-getal"),
        ("1.234.5", "geen-getal"),
        ("1 234.5", "geen-getal"),  # two repairs at once is guessing
        ("--5", "geen-getal"),
        ("+-5", "geen-getal"),
        ("€ 5%", "geen-getal"),
        ("€", "geen-getal"),
        ("%", "geen-getal"),
        ("=SUM(A1)", "formule"),
        ("\u0663\u0663", "geen-getal"),  # Arabic-Indic digits: Python's \d, no spreadsheet's
        ("<0", "geen-getal"),  # nothing is hidden below zero
        ("", "lege-waarde"),
        ("   ", "lege-waarde"),
        ("1" * 15, "getal-te-groot"),
        ("0,1234567", "te-veel-decimalen"),
    ],
)
def test_everything_else_is_an_error(text, code):
    reading = read_number(text)
    assert not reading.ok
    assert reading.error is not None
    assert reading.error.code == code
    assert reading.value is None
    assert reading.printed == ""


def test_the_largest_storable_number_is_read():
    assert read_number("9" * 14).value == D("9" * 14)
    assert read_number("0,123456").value == D("0.123456")


@pytest.mark.parametrize(
    ("cell", "number_format", "printed", "value", "resolution"),
    [
        (211548, "General", "211.548", D(211548), D(0)),
        (12.5, "General", "12,5", D("12.5"), D("0.1")),
        (30, "0.0", "30,0", D("30.0"), D("0.1")),  # the format shows one decimal
        (0.333, "0.0%", "33,3%", D("33.3"), D("0.1")),  # a percentage cell holds a fraction
        (0.3, "0%", "30%", D(30), D(1)),
        (0.1 + 0.2, "General", "0,3", D("0.3"), D("0.1")),  # Excel's 15 digits, not 0.30000…4
        (36300, '"€"\\ #,##0', "€ 36.300", D(36300), D(100)),
        (-1234.5, "#,##0.0", "-1.234,5", D("-1234.5"), D("0.1")),
        (D("2.5"), "General", "2,5", D("2.5"), D("0.1")),
    ],
)
def test_excel_number_cells(cell, number_format, printed, value, resolution):
    reading = read_number(cell, number_format=number_format)
    assert reading.ok
    assert (reading.printed, reading.value, reading.resolution) == (printed, value, resolution)
    assert [w.code for w in reading.warnings] == ["excel-getal"]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (True, "excel-celtype"),
        (datetime.datetime(2024, 1, 1), "excel-celtype"),
        (datetime.time(12, 0), "excel-celtype"),
        (None, "lege-waarde"),
        (float("nan"), "geen-getal"),
        (float("inf"), "geen-getal"),
        (1e300, "getal-te-groot"),
        (1e-300, "te-veel-decimalen"),
    ],
)
def test_excel_cells_that_are_no_figure(cell, code):
    reading = read_number(cell)
    assert reading.error is not None
    assert reading.error.code == code


def test_every_code_read_number_gives_is_catalogued_with_its_severity():
    codes = {"excel-getal", "apostrof", "decimale-punt", "formule", "geen-getal"}
    assert codes <= set(PROBLEMS)
    assert {"excel-getal", "apostrof", "decimale-punt"} <= WARNINGS
    assert not {"formule", "geen-getal"} & WARNINGS


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_text_gives_a_figure_or_an_error_and_never_raises(text):
    reading = read_number(text)
    assert (reading.error is None) != (reading.printed == "")
    for finding in (*reading.warnings, *([reading.error] if reading.error else [])):
        assert finding.code in PROBLEMS
    if reading.error is None:
        assert {w.code for w in reading.warnings} <= WARNINGS
    if reading.is_number:
        # The printed form is clean Dutch notation: read again, it says the same, unrepaired.
        again = read_number(reading.printed)
        assert again.warnings == ()
        assert (again.value, again.resolution, again.unit) == (
            reading.value,
            reading.resolution,
            reading.unit,
        )


_NUMBERISH = st.text(alphabet="0123456789.,-+ %€'\u00a0\u2212EURnvtbx<", max_size=14)


@settings(max_examples=1000, deadline=None)
@given(_NUMBERISH)
def test_number_like_text_never_raises(text):
    reading = read_number(text)
    assert reading.ok or reading.error is not None


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=-(10**16), max_value=10**16),
        st.floats(allow_nan=True, allow_infinity=True),
    ),
    st.sampled_from(["General", "0.0", "0.00%", "#,##0", '"€"\\ #,##0', "@"]),
)
def test_any_excel_number_never_raises(number, number_format):
    reading = read_number(number, number_format=number_format)
    assert reading.ok or reading.error is not None


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_dutch_notation_of_any_number_reads_back_exactly(number):
    integer, _, decimals = f"{abs(number):f}".partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    text = ("-" if number < 0 else "") + grouped + ("," + decimals if decimals else "")
    reading = read_number(text)
    assert reading.ok
    assert reading.warnings == ()
    assert reading.value == number
