"""Whatever JSON a CBS file holds, reading it gives a delivery, never an exception."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nprz.imports.cbs import Mapping, mapping_for, read_delivery
from nprz.imports.delivery import Codes

KWB = mapping_for("85984NED")
CODES = Codes(
    indicators={},
    areas={"nl": "Nederland", "rotterdam": "Rotterdam", "hillesluis": "Hillesluis"},
    areas_by_cbs={"NL01": "nl", "GM0599": "rotterdam", "BU05991082": "hillesluis"},
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["GM0599    ", "NL00      ", " 12.5 ", ".", "1e400", "-0", "2024KW01"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# Records that look like KWB rows, so the reader goes past the first checks.
keys = st.sampled_from(
    ["WijkenEnBuurten", "Perioden", "AantalInwoners_5", "Bevolkingsdichtheid_34", "ID", "x"]
)
records = st.lists(st.dictionaries(keys, json_values, max_size=5), max_size=5)
contents = st.one_of(
    json_values,
    records,
    st.fixed_dictionaries({"odata.metadata": st.text(max_size=5), "value": records}),
    st.dictionaries(
        st.sampled_from(["GM0599", "NL00", "WK059910"]), st.dictionaries(keys, json_values)
    ),
)


def read(content: Any, mapping: Mapping, *, table_info: Any = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / "TypedDataSet.json").write_text(json.dumps(content), encoding="utf-8")
        if table_info is not None:
            (path / "TableInfos.json").write_text(json.dumps(table_info), encoding="utf-8")
            (path / "DataProperties.json").write_text(json.dumps(table_info), encoding="utf-8")
        delivery = read_delivery(path, mapping, CODES)
    assert isinstance(delivery.report_year, int)
    assert delivery.ok == (not delivery.errors)
    for value in delivery.values:
        assert (value.value is None) == (value.printed == "nb")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contents)
def test_any_json_gives_a_delivery(content: Any) -> None:
    read(content, KWB)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, json_values)
def test_any_metadata_gives_a_delivery(content: Any, table_info: Any) -> None:
    read(content, KWB, table_info=table_info)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_any_records_with_a_period_dimension(content: Any) -> None:
    with_periods = KWB.model_copy(
        update={"periods": KWB.periods.model_copy(update={"dimension": "Perioden"})}
    )
    read(content, with_periods)
