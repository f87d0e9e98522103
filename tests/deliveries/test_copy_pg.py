"""On PostgreSQL an import writes its observations with COPY instead of bulk_create (issue 19):
the same rows, to the last decimal, and nothing at all when the import fails.

The values are SYNTHETIC test values on a real indicator and area of the bundled dataset,
chosen to reach every column's edge: exact decimals to six places, a negative and a zero, a
missing mark and a hidden count (NULL value and resolution), a provisional figure, both kinds
of reference date, and notes with a tab, a newline, a backslash and quotes, which COPY's text
format must escape.

SQLite has no COPY, so this runs only on PostgreSQL (`make pytest-postgres`).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DataError, connection
from django.utils import timezone

from nprz.imports import store
from nprz.imports.delivery import Delivery, IncomingValue, Location
from nprz.monitor import models as m

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="COPY bestaat alleen op PostgreSQL; getest met make pytest-postgres",
    ),
    pytest.mark.django_db,
]

INDICATOR = "problematische-schuld"
AREA = "nprz"
COLUMNS = [c for c in store.OBSERVATION_COLUMNS if c != "vintage_id"]


def synthetic(
    period: str, printed: str, number: str | None, row: int, **more: object
) -> IncomingValue:
    resolution = more.pop("resolution", "0.1" if number is not None else None)
    return IncomingValue(
        indicator=INDICATOR,
        area=AREA,
        period=period,
        printed=printed,
        value=None if number is None else Decimal(number),
        resolution=None if resolution is None else Decimal(str(resolution)),
        location=Location("synthetisch.csv", sheet=str(more.pop("sheet", "")), row=row),
        **more,  # type: ignore[arg-type]
    )


VALUES = (
    synthetic("2010", "1.234.567,891234", "1234567.891234", 2, resolution="0.000001"),
    synthetic("2011", "-5,5", "-5.5", 3, status="voorlopig"),
    synthetic("2012", "0", "0", 4, resolution="1"),
    synthetic("2013", "nb", None, 5, missing_reason="niet beschikbaar"),
    synthetic("2014", "<5", None, 6, suppressed=True),
    synthetic("2015", "23,1%", "23.1", 7, reference="2015-03-31"),
    synthetic("2016", "€ 36.300", "36300", 8, reference="huidig", resolution="100"),
    synthetic("2017", "12,5", "12.5", 9, note="SYNTHETISCH\ttab\nregel 2 \\N \"citaat\" 'x'"),
    synthetic("2018", "7", "7", 10, sheet="gegevens", note="SYNTHETISCH ë €"),
)


def delivery(sha: str) -> Delivery:
    return Delivery(
        kind="bestand",
        title="synthetisch.csv",
        document="synthetisch.csv",
        sha256=sha,
        report_year=2024,
        values=VALUES,
    )


def new_vintage(code: str) -> m.Vintage:
    return m.Vintage.objects.create(
        programme=m.Indicator.objects.get(code=INDICATOR).programme,
        code=code,
        dataset="test",
        title=code,
        document=code,
        report_year=2024,
        priority=0,
        kind="bestand",
        received=timezone.now(),
    )


def written(vintage: m.Vintage) -> list[tuple[object, ...]]:
    rows = m.Observation.objects.filter(vintage=vintage).order_by("period")
    return list(rows.values_list(*COLUMNS))


def test_copy_writes_exactly_the_rows_bulk_create_writes(loaded) -> None:
    indicators = {i.code: i for i in m.Indicator.objects.all()}
    areas = dict(m.Area.objects.values_list("code", "id"))
    ways = {}
    for copy in (False, True):
        vintage = new_vintage(f"synthetisch-{'copy' if copy else 'bulk'}")
        rows = store._observation_rows(delivery("a" * 64), vintage.pk, indicators, areas)
        assert store.write_observations(rows, copy=copy) == len(VALUES)
        ways[copy] = written(vintage)
    assert ways[True] == ways[False]
    by_period = {
        row[COLUMNS.index("period")]: dict(zip(COLUMNS, row, strict=True)) for row in ways[True]
    }
    first = by_period["2010"]
    assert (first["value"], first["resolution"]) == (Decimal("1234567.891234"), Decimal("0.000001"))
    assert first["printed"] == "1.234.567,891234"
    assert first["source"] == "rij 2"
    assert by_period["2011"]["value"] == Decimal("-5.5")
    assert by_period["2011"]["status"] == "voorlopig"
    assert by_period["2012"]["value"] == Decimal(0)
    missing = by_period["2013"]
    assert (missing["value"], missing["resolution"], missing["printed"]) == (None, None, "nb")
    assert missing["missing_reason"] == "niet beschikbaar"
    hidden = by_period["2014"]
    assert (hidden["value"], hidden["suppressed"], hidden["printed"]) == (None, True, "<5")
    assert by_period["2015"]["reference"] == "2015-03-31"
    assert by_period["2016"]["reference"] == "huidig"
    assert by_period["2016"]["value"] == Decimal(36300)
    assert by_period["2017"]["footnote"] == "SYNTHETISCH\ttab\nregel 2 \\N \"citaat\" 'x'"
    assert by_period["2018"]["source"] == "blad gegevens, rij 10"
    assert by_period["2018"]["footnote"] == "SYNTHETISCH ë €"
    assert {row["period_year"] for row in by_period.values()} == set(range(2010, 2019))
    assert {row["variant"] for row in by_period.values()} == {""}


def test_an_import_on_postgresql_writes_its_values_with_copy(loaded) -> None:
    vintage = store.apply(delivery("b" * 64), user="analist")
    rows = written(vintage)
    assert len(rows) == len(VALUES)
    assert rows[0][COLUMNS.index("value")] == Decimal("1234567.891234")
    assert vintage.summary == f"{len(VALUES)} nieuw, 0 gewijzigd, 0 gelijk"


def test_a_copy_that_fails_leaves_no_vintage_and_no_value(loaded) -> None:
    vintages = m.Vintage.objects.count()
    observations = m.Observation.objects.count()
    # The last row is too long for its column: PostgreSQL refuses it in the middle of COPY,
    # after the vintage and the rows before it were sent.
    too_long = synthetic("2019", "1" * 41, "1", 11, resolution="1")
    bad = Delivery(
        kind="bestand",
        title="synthetisch.csv",
        document="synthetisch.csv",
        sha256="c" * 64,
        report_year=2024,
        values=(*VALUES, too_long),
    )
    with pytest.raises(DataError):
        store.apply(bad)
    assert m.Vintage.objects.count() == vintages
    assert m.Observation.objects.count() == observations
    assert not m.Vintage.objects.filter(sha256="c" * 64).exists()
