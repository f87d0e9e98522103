"""Loading the bundled dataset: the right counts, the same result twice, all or nothing.

The cast: `nprz2024` is the dataset as read from its files; a load writes it into the test
database. The all-or-nothing test runs in a real transaction (`transaction=True`), so the
rollback it checks is the database's, not a test savepoint's.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import Decimal

import pytest

from nprz.core.printed import parse_printed
from nprz.datasets.records import Dataset, ObservationRecord
from nprz.loading import load_dataset
from nprz.monitor import models as m
from nprz.monitor.targets import target_rows

pytestmark = pytest.mark.django_db

# One printed table of the report is one vintage (dataset.yaml `tables`).
TABLES = [
    "algemeen",
    "bijstand",
    "brief",
    "buckets",
    "doorstroming",
    "financien",
    "huisuitzettingen",
    "paginas",
    "stoplicht",
    "thuiszitters",
    "verhuizingen",
]
MODELS = [
    m.Area,
    m.AreaMembership,
    m.Indicator,
    m.IndicatorNote,
    m.Plan,
    m.Target,
    m.Vintage,
    m.Observation,
    m.PublishedFigure,
    m.Identity,
    m.FinanceLine,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def observation_tuples() -> list[tuple[object, ...]]:
    return sorted(
        m.Observation.objects.values_list(
            "vintage__code",
            "indicator__code",
            "area__code",
            "period",
            "variant",
            "value",
            "printed",
            "suppressed",
            "missing_reason",
            "status",
            "source",
        ),
        key=repr,
    )


def test_counts_after_load(loaded: Dataset) -> None:
    assert m.Area.objects.count() == 34  # areas.csv: NL, G4, 4 cities, NPRZ, focuswijken, ...
    assert m.Indicator.objects.count() == len(loaded.indicators) == 132
    assert m.Target.objects.count() == 46  # 42 stoplight rows with a target + 4 outside it
    assert m.Observation.objects.count() == len(loaded.observations)
    assert m.PublishedFigure.objects.count() == len(loaded.published)
    assert sorted(v.table for v in m.Vintage.objects.all()) == TABLES
    assert set(m.Vintage.objects.values_list("report_year", flat=True)) == {2024}


def test_load_returns_what_it_wrote(db: None, nprz2024: Dataset) -> None:
    summary = load_dataset(nprz2024)
    assert (summary.dataset, summary.areas, summary.indicators, summary.targets) == (
        "nprz2024",
        34,
        132,
        46,
    )
    assert summary.observations == m.Observation.objects.count()
    assert summary.published == m.PublishedFigure.objects.count()


def test_loading_twice_is_idempotent(loaded: Dataset) -> None:
    counts, observations = row_counts(), observation_tuples()
    load_dataset(loaded)
    assert row_counts() == counts
    assert observation_tuples() == observations


def test_one_cell_is_stored_as_printed(loaded: Dataset) -> None:
    # Stoplight row 4 (report line 253): children in minimum-income households, Zuid 2023.
    cell = m.Observation.objects.get(
        indicator__code="thuisbasis-kinderen-minimum",
        area__code="nprz",
        period="2023",
        vintage__code="nprz2024-stoplicht",
    )
    assert (cell.printed, cell.value, cell.resolution) == ("18,8%", Decimal("18.8"), Decimal("0.1"))
    assert cell.status == "voorlopig"  # "(2023 voorlopig)"
    assert cell.source == "rapport r. 253"
    # A hidden small count keeps its mark and has no value (verhuizingen, Kop van Zuid).
    hidden = m.Observation.objects.get(indicator__code="verhuis-in-7", area__code="kop-van-zuid")
    assert (hidden.printed, hidden.value, hidden.suppressed) == ("<5", None, True)


class Boom(RuntimeError):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_failure_halfway_leaves_nothing(
    nprz2024: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: Counter[str] = Counter()
    original = type(m.Observation.objects).bulk_create

    def counting_bulk_create(self, objs, *args, **kwargs):
        created = original(self, objs, *args, **kwargs)
        written["observations"] += len(created)
        return created

    def fail(*args: object, **kwargs: object) -> None:
        raise Boom("schijf vol")

    monkeypatch.setattr(type(m.Observation.objects), "bulk_create", counting_bulk_create)
    monkeypatch.setattr(type(m.PublishedFigure.objects), "bulk_create", fail)
    with pytest.raises(Boom):
        load_dataset(nprz2024)
    # The failure came after areas, vintages and observations had been written ...
    assert written["observations"] == len(nprz2024.observations)
    # ... and none of it stayed.
    assert row_counts() == {model.__name__: 0 for model in MODELS}


def test_reload_after_an_edit_replaces_the_value(loaded: Dataset) -> None:
    # A corrected delivery: Zuid 2023 becomes 18,0% instead of 18,8% (stoplight row 4).
    def is_cell(o: ObservationRecord) -> bool:
        return (o.vintage, o.indicator, o.area, o.period) == (
            "stoplicht",
            "thuisbasis-kinderen-minimum",
            "nprz",
            "2023",
        )

    assert sum(map(is_cell, loaded.observations)) == 1
    edited = dataclasses.replace(
        loaded,
        observations=[
            dataclasses.replace(o, token=parse_printed("18,0%")) if is_cell(o) else o
            for o in loaded.observations
        ],
    )
    counts = row_counts()
    load_dataset(edited)

    assert row_counts() == counts  # no second vintage, no extra rows
    assert m.Vintage.objects.filter(code="nprz2024-stoplicht").count() == 1
    cells = m.Observation.objects.filter(
        indicator__code="thuisbasis-kinderen-minimum", area__code="nprz", period="2023"
    )
    assert [(c.vintage.code, c.printed, c.value) for c in cells] == [
        ("nprz2024-stoplicht", "18,0%", Decimal("18.0"))
    ]
    row = next(r for r in target_rows(2024) if r.code == "thuisbasis-kinderen-minimum")
    # (21,9 - 18,0) / (21,9 - 14,9) = 3,9 / 7 = 55,7% closed instead of 44,3%.
    assert row.current_value == 18
    assert row.assessment.share_closed is not None
    assert round(float(row.assessment.share_closed) * 100, 1) == 55.7
