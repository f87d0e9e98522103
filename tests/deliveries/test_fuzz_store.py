"""The whole import, fuzzed: mutations of a real delivery go through the reader, the store's
check and plan, and, when they pass, are written; every outcome is either a new vintage with
exactly the delivered values or a list of problems with nothing written. Never an exception.

Each example runs in a savepoint that is rolled back, so examples do not see each other's
deliveries (and none is refused as already imported).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nprz.imports import files, store
from nprz.monitor import models as m

pytestmark = pytest.mark.django_db

GOOD = (Path(__file__).parents[1] / "imports" / "good" / "levering-2024.csv").read_bytes()
PIECES = [b",", b";", b'"', b"\n", b".", b" ", b"%", b"-", b"=", b"<", b"x", b"\xc3", b"2025"]


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(0, 5))):
        at = draw(st.integers(0, len(data)))
        piece = draw(st.sampled_from(PIECES))
        if draw(st.booleans()) or at == len(data):
            data[at:at] = piece
        else:
            del data[at]
    return bytes(data)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutations())
def test_any_delivery_is_imported_whole_or_refused_whole(loaded, data: bytes) -> None:
    with transaction.atomic():
        vintages, observations = m.Vintage.objects.count(), m.Observation.objects.count()
        delivery = store.check(files.read_bytes(data, "levering.csv", store.codes()))
        plan = store.plan(delivery)
        assert len(plan.changes) == len(delivery.values)
        if delivery.ok:
            vintage = store.apply(delivery, user="fuzz")
            assert m.Vintage.objects.count() == vintages + 1
            assert vintage.observations.count() == len(delivery.values)
            stored = {
                (o.indicator.code, o.area.code, o.period): o.printed
                for o in vintage.observations.select_related("indicator", "area")
            }
            assert stored == {v.key: v.printed for v in delivery.values}
        else:
            assert all(p.code and p.message for p in delivery.errors)
            with pytest.raises(store.Refused):
                store.apply(delivery)
            assert (m.Vintage.objects.count(), m.Observation.objects.count()) == (
                vintages,
                observations,
            )
        transaction.set_rollback(True)
