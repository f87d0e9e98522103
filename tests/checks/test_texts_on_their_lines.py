"""Every phrase of teksten.csv is printed where it says, and its reading fits its words.

Runs where the source document is (see tests/datasets/test_provenance.py for the places).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from nprz.core.periods import Period
from nprz.datasets import folder
from nprz.datasets.reader import read_dataset

CANDIDATES = [
    *([Path(os.environ["NPRZ_SEEDS"])] if os.environ.get("NPRZ_SEEDS") else []),
    Path(__file__).resolve().parents[3] / "shared" / "seeds",
    Path("/work/shared/seeds"),
]
SEEDS = next((c for c in CANDIDATES if (c / "voortgangsrapportage-nprz-2024.txt").is_file()), None)
if SEEDS is None:
    pytest.skip("bronbestanden niet gevonden", allow_module_level=True)

pytestmark = pytest.mark.seed

LINES = (SEEDS / "voortgangsrapportage-nprz-2024.txt").read_text(encoding="utf-8").split("\n")
TEXTS = read_dataset(folder("nprz2024")).texts


def spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: f"{t.source.line}-{t.kind}-{t.subject}")
def test_the_phrase_starts_on_its_line(text) -> None:  # type: ignore[no-untyped-def]
    line = text.source.line
    first = spaced(LINES[line - 1])
    window = spaced(" ".join(LINES[line - 1 : line + 4]))
    position = window.find(spaced(text.printed))
    assert position != -1, f"{text.printed!r} staat niet op r. {line} en verder"
    assert position < len(first), f"{text.printed!r} begint niet op r. {line}"


@pytest.mark.parametrize(
    "text",
    [
        t
        for t in TEXTS
        if t.kind
        in ("titel", "legenda", "planjaar", "einddoel", "actueel", "startjaar", "ingelopen")
    ],
    ids=lambda t: f"{t.source.line}-{t.kind}-{t.subject}",
)
def test_the_reading_uses_the_printed_years(text) -> None:  # type: ignore[no-untyped-def]
    """A year or period we read is in the words (2011/12 may be printed as 2011 or 11/12)."""
    for part in text.reading.split("|"):
        period = Period.parse(part)
        years = {str(period.first_year), str(period.year), str(period.year)[2:]}
        assert any(y in text.printed for y in years), (part, text.printed)


def test_every_kind_of_text_is_there() -> None:
    kinds = {t.kind for t in TEXTS}
    assert kinds == {
        "titel", "legenda", "planjaar", "startjaar", "actueel", "ingelopen", "referentie",
        "soort", "pijler", "geen-update", "schema", "einddoel", "getallen", "bron", "plan",
        "voorlopig",
    }  # fmt: skip
    assert len(TEXTS) == 335
