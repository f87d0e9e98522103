"""A delivery meets the store: planned, written as its own vintage, never over another one,
all or nothing; `nprz diff` lists what it revises; a report edition rebuilds byte for byte.

The deliveries here are built by hand (the readers have their own tests). The "corrected"
figure is a test value, named as such: 22,9% problematic debt in 2024 (stoplight, r. 262)
delivered again as 23,1%.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nprz.imports import revisions, store
from nprz.imports.delivery import Delivery, IncomingValue, Location, NewIndicator
from nprz.monitor import models as m
from nprz.monitor import pinning

pytestmark = pytest.mark.django_db

DEBT = ("problematische-schuld", "nprz", "2024")


def value(
    key: tuple[str, str, str], printed: str, number: str | None, row: int = 2
) -> IncomingValue:
    return IncomingValue(
        indicator=key[0],
        area=key[1],
        period=key[2],
        printed=printed,
        value=None if number is None else Decimal(number),
        resolution=Decimal("0.1") if number is not None else None,
        location=Location("correctie.csv", row=row),
    )


def correction(sha: str = "a" * 64, printed: str = "23,1%", number: str = "23.1") -> Delivery:
    return Delivery(
        kind="bestand",
        title="correctie.csv",
        document="correctie.csv",
        sha256=sha,
        report_year=2024,
        values=(value(DEBT, printed, number),),
    )


def preferred(key: tuple[str, str, str]) -> m.Observation:
    return store.current_values(2024)[key]


def test_the_plan_shows_was_and_wordt_and_writes_nothing(loaded) -> None:
    before = m.Vintage.objects.count()
    plan = store.plan(correction())
    [change] = plan.changes
    assert (change.kind, change.was, change.wordt) == ("gewijzigd", "22,9%", "23,1%")
    assert change.was_vintage == "nprz2024-stoplicht"
    assert plan.summary == "0 nieuw, 1 gewijzigd, 0 gelijk"
    assert m.Vintage.objects.count() == before


def test_an_import_is_a_new_vintage_and_the_old_value_stays(loaded) -> None:
    vintage = store.apply(correction(), user="analist")
    assert (vintage.code, vintage.kind, vintage.sequence) == ("bestand-0001", "bestand", 1)
    assert vintage.received_by == "analist"
    assert vintage.summary == "0 nieuw, 1 gewijzigd, 0 gelijk"
    assert preferred(DEBT).printed == "23,1%"
    # The report's own cell is still there, in its own vintage.
    old = m.Observation.objects.get(
        indicator__code=DEBT[0],
        area__code="nprz",
        period="2024",
        vintage__code="nprz2024-stoplicht",
    )
    assert old.printed == "22,9%"
    # A later delivery of the same cell wins over an earlier one.
    later = store.apply(correction(sha="b" * 64, printed="23,0%", number="23.0"))
    assert later.code == "bestand-0002"
    assert preferred(DEBT).printed == "23,0%"


def test_the_same_file_twice_is_refused(loaded) -> None:
    store.apply(correction())
    count = m.Observation.objects.count()
    with pytest.raises(store.Refused) as refused:
        store.apply(correction())
    assert [p.code for p in refused.value.problems] == ["al-geimporteerd"]
    assert "bestand-0001" in refused.value.problems[0].message
    assert m.Observation.objects.count() == count


def test_one_error_writes_nothing(loaded) -> None:
    bad = Delivery(
        kind="bestand",
        title="half.csv",
        document="half.csv",
        sha256="c" * 64,
        report_year=2024,
        values=(
            value(DEBT, "23,1%", "23.1"),
            value(("bestaat-niet", "nprz", "2024"), "1", "1", row=3),
            value((DEBT[0], "atlantis", "2024"), "1", "1", row=4),
        ),
    )
    vintages, observations = m.Vintage.objects.count(), m.Observation.objects.count()
    checked = store.check(bad)
    assert [(p.code, str(p.location)) for p in checked.errors] == [
        ("onbekende-indicator", "correctie.csv, rij 3"),
        ("onbekend-gebied", "correctie.csv, rij 4"),
    ]
    with pytest.raises(store.Refused):
        store.apply(bad)
    assert (m.Vintage.objects.count(), m.Observation.objects.count()) == (vintages, observations)
    assert preferred(DEBT).printed == "22,9%"


def test_a_delivery_brings_its_indicator_but_never_changes_an_existing_one(loaded) -> None:
    inhabitants = NewIndicator(
        code="cbs-inwoners-test",
        name="Inwoners (CBS)",
        unit="aantal",
        decimals=0,
        definition="Inwoners op 1 januari.",
        source_text="CBS 85984NED",
    )
    renamed = NewIndicator(
        code=DEBT[0],
        name="andere naam",
        unit="percent",
        decimals=1,
        definition="x",
        source_text="x",
    )
    delivery = Delivery(
        kind="cbs",
        title="CBS 85984NED",
        document="85984NED",
        sha256="d" * 64,
        report_year=2024,
        values=(value(("cbs-inwoners-test", "rotterdam", "2024"), "670.610", "670610"),),
        indicators=(inhabitants, renamed),
    )
    name_before = m.Indicator.objects.get(code=DEBT[0]).name
    vintage = store.apply(delivery)
    assert vintage.code == "cbs-0001"
    created = m.Indicator.objects.get(code="cbs-inwoners-test")
    assert (created.unit, created.role, created.pillar) == ("aantal", "context", "context")
    assert m.Indicator.objects.get(code=DEBT[0]).name == name_before
    assert preferred(("cbs-inwoners-test", "rotterdam", "2024")).value == Decimal(670610)


def test_a_different_unit_for_a_known_indicator_is_an_error(loaded) -> None:
    clash = NewIndicator(
        code=DEBT[0], name="x", unit="aantal", decimals=0, definition="x", source_text="x"
    )
    delivery = Delivery(
        kind="cbs",
        title="t",
        document="t",
        sha256="e" * 64,
        report_year=2024,
        values=(value(DEBT, "23,1%", "23.1"),),
        indicators=(clash,),
    )
    assert [p.code for p in store.check(delivery).errors] == ["indicator-andere-eenheid"]


def test_diff_between_deliveries_and_from_a_report_edition(loaded) -> None:
    from nprz.publication import editions

    edition = editions.record(2024, {})
    assert edition.code == "rapport-2024-1"
    assert "nprz2024-stoplicht" in edition.vintages
    first = store.apply(correction())
    second = store.apply(correction(sha="b" * 64, printed="23,0%", number="23.0"))
    [revision] = revisions.diff(revisions.side(edition.code), revisions.side(first.code))
    assert (revision.kind, revision.before.printed, revision.after.printed) == (
        "herzien",
        "22,9%",
        "23,1%",
    )
    assert revision.difference == Decimal("0.2")
    [between] = revisions.diff(revisions.side(first.code), revisions.side(second.code))
    assert (between.before.vintage, between.after.vintage) == ("bestand-0001", "bestand-0002")
    assert between.difference == Decimal("-0.1")
    # Recording again with the same deliveries gives the same edition; with more, a new one.
    assert editions.record(2024).code == "rapport-2024-2"
    with pinning.pinned(edition.vintages):
        assert editions.record(2024).code == "rapport-2024-1"
    with pytest.raises(revisions.UnknownSide, match="rapport-2024-1"):
        revisions.side("bestaat-niet")


def test_a_pinned_edition_rebuilds_the_report_byte_for_byte(loaded, tmp_path: Path) -> None:
    """The 'done when' of deliveries: after a corrected delivery the live report changes,
    and the edition built before it comes out identical (~1 min: three builds)."""
    from django.db import connection

    from nprz.publication import editions
    from nprz.reports.build import main_document
    from nprz.reports.render import write_html

    if connection.vendor != "sqlite":
        pytest.skip("drie keer het hele rapport bouwen: één database is genoeg")

    def build(folder: str) -> bytes:
        document = main_document(2024)
        return write_html(document, tmp_path / folder).read_bytes()

    edition = editions.record(2024, {})
    first = build("eerste")
    assert b"22,9%" in first
    store.apply(correction())
    live = build("na-correctie")
    assert live != first
    assert b"23,1%" in live
    with pinning.pinned(edition.vintages):
        again = build("editie")
    assert again == first
