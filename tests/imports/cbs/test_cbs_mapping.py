"""The mappings in src/nprz/imports/mappings/ and what a broken one says."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from nprz.imports import cbs
from nprz.imports.cbs import MAPPINGS, MappingError, available, load_mapping, mapping_for
from nprz.imports.problems import PROBLEMS

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("path", sorted(MAPPINGS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_real_mapping_loads(path: Path) -> None:
    mapping = load_mapping(path)
    assert mapping.table == path.stem


def test_indicator_codes_are_unique_over_all_mappings() -> None:
    codes = [t.indicator.code for table in available() for t in mapping_for(table).topics]
    assert len(codes) == len(set(codes))


def test_kwb_topics_are_the_real_columns_of_kwb_2024() -> None:
    """Every topic of the KWB mapping finds its column, with the unit the mapping expects,
    in the real DataProperties of 85984NED (cut in data/kwb2024-typed)."""
    properties = json.loads((DATA / "kwb2024-typed" / "DataProperties.json").read_text("utf-8"))
    topics = {p["Key"]: p for p in properties if p["Type"] == "Topic"}
    for spec in mapping_for("85984NED").topics:
        [key] = [k for k in topics if re.sub(r"_\d+$", "", k) == spec.key]
        assert topics[key]["Title"] == spec.title
        assert topics[key]["Unit"] == spec.cbs_unit


def test_kwb_mapping_decisions() -> None:
    kwb = mapping_for("85984NED")
    assert kwb.region_overrides == {"NL00": "nl"}
    assert kwb.periods.dimension is None
    assert kwb.periods.default == "2024"
    woz = next(t for t in kwb.topics if t.key == "GemiddeldeWOZWaardeVanWoningen")
    assert (woz.scale, woz.cbs_unit, woz.indicator.unit.value) == (
        Decimal(1000),
        "x 1 000 euro",
        "euro",
    )
    assert [t.indicator.code for t in kwb.topics] == [
        "cbs-inwoners",
        "cbs-bevolkingsdichtheid",
        "cbs-woningvoorraad",
        "cbs-woz-waarde",
        "cbs-koopwoningen",
        "cbs-huurwoningen",
        "cbs-corporatiewoningen",
        "cbs-bijstand",
        "cbs-ww",
        "cbs-ao",
        "cbs-aow",
    ]


@pytest.mark.parametrize(
    ("file", "says"),
    [
        (
            "mapping-key-with-suffix.yaml",
            "mapping mapping-key-with-suffix.yaml: topics.0: Value error, key "
            "'PersonenPerSoortUitkeringBijstand_94' eindigt op een volgnummer; dat verschilt "
            "per jaar, geef alleen 'PersonenPerSoortUitkeringBijstand'",
        ),
        ("mapping-unknown-unit-and-no-definition.yaml", "topics.0.indicator.unit: Input should be"),
        (
            "mapping-unknown-unit-and-no-definition.yaml",
            "topics.0.indicator.definition: Field required",
        ),
        ("mapping-not-yaml.yaml", "mapping mapping-not-yaml.yaml: niet te lezen ("),
        (
            "mapping-same-indicator-twice.yaml",
            "indicator komt meer dan eens voor: cbs-uitkering",
        ),
    ],
)
def test_a_broken_mapping_names_file_and_field(file: str, says: str) -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping(DATA / file)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_mapping_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "lijst.yaml"
    path.write_text("- 85984NED\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"^mapping lijst\.yaml: bestand: Input should be"):
        load_mapping(path)


def test_an_unknown_table() -> None:
    with pytest.raises(MappingError) as caught:
        mapping_for("99999XXX")
    assert str(caught.value) == "geen mapping voor CBS-tabel '99999XXX'; beschikbaar: 85984NED"


def test_every_code_the_reader_uses_is_catalogued() -> None:
    source = Path(cbs.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"((?:cbs-)[a-z-]+|getal-te-groot|te-veel-decimalen)"', source))
    assert used
    assert used <= set(PROBLEMS)
    assert {c for c in PROBLEMS if c.startswith("cbs-")} - {"cbs-gebiedscode"} <= used
