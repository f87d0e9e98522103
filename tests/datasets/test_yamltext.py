"""The fast YAML reader gives the same data as PyYAML's own parser, and the same kind of error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nprz.datasets import yamltext

SRC = Path(__file__).resolve().parents[2] / "src" / "nprz"
BUNDLED_YAML = sorted(SRC.rglob("*.yaml"))


def test_libyaml_is_used() -> None:
    # The constraints pin a PyYAML wheel built with libyaml; without it every load is slower.
    assert yamltext.SAFE_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", BUNDLED_YAML, ids=lambda p: str(p.relative_to(SRC)))
def test_every_bundled_file_reads_as_pyyaml_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yamltext.parse(text) == yaml.safe_load(text)


def test_a_broken_file_names_its_line_and_column() -> None:
    with pytest.raises(yaml.YAMLError) as raised:
        yamltext.parse('plans:\n  - [[2021, "25%"]\n  - x\n')
    assert "line 2, column" in str(raised.value)


def test_tags_that_build_python_objects_are_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        yamltext.parse("!!python/object/apply:os.system ['true']")
