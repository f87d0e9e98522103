"""A delivery repeats its codes, periods, statuses and many values in every row; the reader
reads each distinct text once (issue 19) and must still report what it says in every row
that holds it, with that row's number and column, in the order the rows come.

The rows are SYNTHETIC: real codes of the bundled dataset, made-up values.
"""

from __future__ import annotations

from decimal import Decimal

from nprz.imports.delivery import Codes
from nprz.imports.files import read_bytes

ROWS = [
    "indicator,area,period,value,status,note",
    "bevolking,NPRZ,2019,1.234,Voorlopig,SYNTHETISCH",  # row 2
    "bevolking,NPRZ,2020,1.234,Voorlopig,SYNTHETISCH",  # row 3
    "bevolkng,nprz,2021,5,,SYNTHETISCH",  # row 4
    "bevolkng,nprz,2022,5,,SYNTHETISCH",  # row 5
    'jongeren-tot-27,nprz,2019,"30,0",,SYNTHETISCH',  # row 6
    'jongeren-tot-27,nprz,2020,"30,0",,SYNTHETISCH',  # row 7
    'bevolking,nprz,2021,"30,0",,SYNTHETISCH',  # row 8: the same text, another indicator
    "bevolking,nprz,2022,12.5,,SYNTHETISCH",  # row 9: a decimal point elsewhere in the file
]


def test_a_repeated_text_is_reported_in_every_row_that_holds_it(codes: Codes) -> None:
    delivery = read_bytes("\n".join(ROWS).encode(), "synthetisch.csv", codes)
    found = [(p.code, p.location.row, p.location.column) for p in delivery.problems]
    assert found == [
        ("code-variant", 2, "area"),
        ("status-variant", 2, "status"),
        ("code-variant", 3, "area"),
        ("status-variant", 3, "status"),
        ("onbekende-indicator", 4, "indicator"),
        ("onbekende-indicator", 5, "indicator"),
        ("procentteken-ontbreekt", 6, "value"),
        ("procentteken-ontbreekt", 7, "value"),
        ("meer-decimalen", 8, "value"),
        ("decimale-punt", 9, "value"),
        ("meer-decimalen", 9, "value"),
        ("dubbelzinnige-punt", 2, "value"),
        ("dubbelzinnige-punt", 3, "value"),
    ]
    messages = {(p.code, p.location.row): p.message for p in delivery.problems}
    assert messages[("onbekende-indicator", 5)] == (
        "onbekende indicator 'bevolkng'; bedoelt u 'bevolking'?"
    )
    assert messages[("code-variant", 3)] == "gebied 'NPRZ' gelezen als 'nprz'"
    assert messages[("procentteken-ontbreekt", 7)] == "'30,0' zonder procentteken gelezen als 30,0%"
    read = {
        (v.indicator, v.period): (v.printed, v.value, v.status, v.location.row)
        for v in delivery.values
    }
    assert read == {
        ("jongeren-tot-27", "2019"): ("30,0%", Decimal("30.0"), "definitief", 6),
        ("jongeren-tot-27", "2020"): ("30,0%", Decimal("30.0"), "definitief", 7),
        ("bevolking", "2021"): ("30,0", Decimal("30.0"), "definitief", 8),
        ("bevolking", "2022"): ("12,5", Decimal("12.5"), "definitief", 9),
    }
