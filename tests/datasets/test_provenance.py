"""Every figure of the bundled dataset is printed on the source line it cites.

Runs where the source documents are: the folder in NPRZ_SEEDS, ../shared/seeds next to the
checkout, or the workplace's /work/shared/seeds (a clean clone in /tmp still finds them).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from nprz.core.printed import Printed
from nprz.datasets import folder
from nprz.datasets.reader import read_dataset
from nprz.datasets.records import Dataset, SourceRef

CANDIDATES = [
    *([Path(os.environ["NPRZ_SEEDS"])] if os.environ.get("NPRZ_SEEDS") else []),
    Path(__file__).resolve().parents[3] / "shared" / "seeds",
    Path("/work/shared/seeds"),
]
SEEDS = next((c for c in CANDIDATES if (c / "voortgangsrapportage-nprz-2024.txt").is_file()), None)
if SEEDS is None:
    pytest.skip(
        "bronbestanden niet gevonden in "
        + ", ".join(map(str, CANDIDATES))
        + "; de herkomsttest draait alleen waar de bronnen staan",
        allow_module_level=True,
    )

pytestmark = pytest.mark.seed

DIRECTION_WORDS = re.compile(
    r"daalt|stijgt|neemt toe|neemt af|toename|gelijk blijvend|laag", re.IGNORECASE
)
CITED_LINE = re.compile(r"\((\w+) r\. (\d+)\)")
DATASET = read_dataset(folder("nprz2024"))


def _documents() -> dict[str, list[str]]:
    header = yaml.safe_load((folder("nprz2024") / "dataset.yaml").read_text(encoding="utf-8"))
    return {
        # split on newlines only, as editors number lines (splitlines also breaks on \f)
        code: (SEEDS / spec["file"]).read_text(encoding="utf-8").split("\n")
        for code, spec in header["documents"].items()
    }


DOCUMENTS = _documents()


def source_line(source: SourceRef) -> str:
    assert source.line is not None, source
    lines = DOCUMENTS[source.document]
    assert 1 <= source.line <= len(lines), f"{source} ligt buiten het document"
    return lines[source.line - 1]


def without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def on_line(token: str, source: SourceRef) -> bool:
    return without_spaces(token) in without_spaces(source_line(source))


def as_whole_figure(token: str, source: SourceRef) -> bool:
    """The token is not a piece of a longer number: '5' does not count inside '15' or '2,5'."""

    def tight(text: str) -> str:
        return re.sub(r"([€<\-–])\s+", r"\1", text.strip())

    pattern = r"(?<![\d.,])" + re.escape(tight(token)) + r"(?![\d]|[.,]\d)"
    return re.search(pattern, tight(source_line(source))) is not None


Figure = tuple[str, str, SourceRef]  # what, token as printed, source


def observed(data: Dataset) -> list[Figure]:
    return [
        (f"{o.vintage}: {o.indicator}@{o.area} {o.period}", o.token_text, o.source)
        for o in data.observations
    ]


def printed_numbers(data: Dataset) -> list[Figure]:
    return [
        (f"{p.vintage} {p.kind}: {p.indicator}@{p.area} {p.period} {p.key}", p.printed, p.source)
        for p in data.published
        if isinstance(p.token, Printed)
    ]


def not_on_line(figures: list[Figure]) -> list[tuple[str, str, str]]:
    return [
        (what, token, str(source)) for what, token, source in figures if not on_line(token, source)
    ]


def test_source_documents_are_the_ones_the_dataset_names() -> None:
    assert set(DOCUMENTS) == {"rapport", "brief"}
    assert (len(DOCUMENTS["rapport"]), len(DOCUMENTS["brief"])) == (7301, 159)
    assert "2.196.644" in source_line(SourceRef("rapport", 234))


def test_every_observation_token_is_on_its_source_line(nprz2024: Dataset) -> None:
    figures = observed(nprz2024)
    assert len(figures) == 1002  # 994 + the caseload series (r. 4187-4193) + letter r. 69
    assert not_on_line(figures) == []


def test_every_published_number_is_on_its_source_line(nprz2024: Dataset) -> None:
    figures = printed_numbers(nprz2024)
    assert len(figures) == 691  # 689 + the letter's home-visit targets (r. 69, 71)
    assert not_on_line(figures) == []


def test_every_target_milestone_is_on_its_source_line(nprz2024: Dataset) -> None:
    milestones = [
        (indicator.code, m.printed, m.source)
        for indicator in nprz2024.indicators
        if indicator.target is not None
        for m in indicator.target.milestones
    ]
    assert [(code, printed) for code, printed, _ in milestones] == [
        ("bijstandsuitkeringen", "12.750"),
        ("bijstandsuitkeringen", "12.400"),
        ("bijstandsuitkeringen", "10.000"),
    ]
    assert [(c, p, str(s)) for c, p, s in milestones if not on_line(p, s)] == []


def test_tokens_stand_as_whole_figures_on_their_line(nprz2024: Dataset) -> None:
    partial = [
        (what, token, str(source))
        for what, token, source in observed(nprz2024) + printed_numbers(nprz2024)
        if not as_whole_figure(token, source)
    ]
    assert partial == []


def _cited_directions() -> list[object]:
    cases: list[object] = []
    for indicator in DATASET.indicators:
        match = CITED_LINE.search(indicator.direction_basis)
        if match is None:
            continue
        source = SourceRef(match[1], int(match[2]))
        cases.append(pytest.param(indicator.code, source, id=indicator.code))
    return cases


CITED = _cited_directions()


def test_cited_direction_lines_are_collected() -> None:
    assert len(CITED) == 30
    codes = [case.values[0] for case in CITED]  # type: ignore[attr-defined]
    assert {"thuisbasis-kinderen-minimum", "verhuisgeneigdheid", "mph-ontruimingen"} <= set(codes)


@pytest.mark.parametrize(("indicator", "source"), CITED)
def test_direction_line_says_which_way(indicator: str, source: SourceRef) -> None:
    # A phrase may wrap onto the next line ("neemt" / "af").
    assert source.line is not None
    text = " ".join([source_line(source), source_line(SourceRef(source.document, source.line + 1))])
    assert DIRECTION_WORDS.search(text), f"{indicator}: {source} = {text!r}"


def test_stoplight_names_are_as_printed() -> None:
    """Each stoplight indicator's name stands word for word in its printed row (typos too).

    The period in brackets is left out of the name, so a closing bracket may be followed by
    it in print ("Schoolgewicht (driejaarsgemiddelde 2020-2023)").
    """
    table = " ".join(" ".join(DOCUMENTS["rapport"][226:456]).split())
    names = [i.name for i in DATASET.indicators if i.source.line and 227 <= i.source.line <= 456]
    assert len(names) == 46
    missing = [name for name in names if " ".join(name.split()).removesuffix(")") not in table]
    assert missing == []
