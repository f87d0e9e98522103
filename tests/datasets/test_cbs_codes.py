"""CBS area codes as CBS writes them: Amsterdam's wijken and buurten carry letters."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from nprz.datasets.schema import AreaRow


@pytest.mark.parametrize(
    "code",
    ["", "NL01", "GM0599", "WK059915", "WK0363AA", "BU05991501", "BU0363AA01", "BU0363AB2C"],
)
def test_a_cbs_code_as_cbs_writes_it_is_read(code: str) -> None:
    row = AreaRow(code="synthetisch", name="Synthetisch", kind="wijk", cbs_code=code)
    assert row.cbs_code == code


@pytest.mark.parametrize(
    "code", ["GM599", "WK0363a", "WK03631", "wk059915", "WKAB0363", "BU0363AA1", "XX0599"]
)
def test_a_malformed_cbs_code_is_refused(code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        AreaRow(code="synthetisch", name="Synthetisch", kind="wijk", cbs_code=code)
    assert caught.value.errors()[0]["loc"] == ("cbs_code",)
