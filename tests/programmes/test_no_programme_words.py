"""Nothing NPRZ-specific in code or templates (issue 15).

NPRZ is one programme definition among others (`nprz.programmes.bundled.nprz`), so its name,
its programme code as a value, its pillars, its end year, its areas and the words of its
reports ("Rotterdam", "Zuid", "focuswijk") must not appear in `src/` outside the bundled data
folders. The words are read from NPRZ's own definition, so the test follows the data.

What is allowed, because it names the software and not the programme: the package `nprz`
(imports, module paths `nprz.core`, folders `src/nprz/`), the command `nprz` and its error
prefix `nprz: fout:`, environment variables `NPRZ_*` and the product name `nprz-monitor`
(`NPRZ-monitor`). The rule that keeps them apart: in Python only string literals, comments
and numbers are read (identifiers are the package's names, never text); in them, and in
templates, style sheets and scripts, the programme code counts where it stands on its own as a
value or a word, not as part of a path, a module name, an identifier or a command line.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from nprz.programmes import bundled_folder

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "nprz"
SUFFIXES = {".py", ".html", ".css", ".js", ".txt"}

# Data, not code: the definitions of programmes and the datasets and mappings read from
# published sources say the programme's words by right.
DATA_FOLDERS = {
    PACKAGE / "programmes" / "bundled",
    PACKAGE / "datasets" / "nprz2024",
    PACKAGE / "datasets" / "cbs2024",
    PACKAGE / "imports" / "mappings",
}
# History, not code: an applied migration is never edited, it is what the database went
# through. The current state of the models is read by the rest of the test.
MIGRATIONS = "migrations"
EXCLUDED = DATA_FOLDERS

NPRZ = bundled_folder("nprz")


@dataclass(frozen=True)
class Words:
    name: str  # "Nationaal Programma Rotterdam Zuid"
    short_name: str  # "NPRZ"
    code: str  # "nprz"
    pillars: tuple[str, ...]  # the pillars' names
    end_years: tuple[str, ...]  # the plans' end years ("2031")
    area_codes: tuple[str, ...]  # codes longer than 2 characters ("focuswijken", "kop-van-zuid")
    plain: tuple[str, ...]  # words of its reports: "Rotterdam", "Zuid", "focuswijk"


def nprz_words() -> Words:
    definition = yaml.safe_load((NPRZ / "programme.yaml").read_text(encoding="utf-8"))
    plans = yaml.safe_load((NPRZ / "plans.yaml").read_text(encoding="utf-8"))
    with (NPRZ / "areas.csv").open(encoding="utf-8", newline="") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    return Words(
        name=definition["name"],
        short_name=definition["short_name"],
        code=definition["code"],
        pillars=tuple(p["name"] for p in definition["pillars"]),
        end_years=tuple(sorted({str(plan["knots"][-1][0]) for plan in plans if plan["knots"]})),
        area_codes=tuple(c for c in codes if len(c) > 2),
        plain=("Rotterdam", "Zuid", "focuswijk"),
    )


def files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        if MIGRATIONS in path.relative_to(PACKAGE).parts:
            continue
        if any(path.is_relative_to(folder) for folder in EXCLUDED):
            continue
        yield path


@dataclass(frozen=True)
class Piece:
    """A stretch of a file that is read as text: its first line and what kind it is."""

    line: int
    text: str
    kind: str  # "text" (a string literal, comment or template), "number" or "name"


def pieces(path: Path) -> Iterator[Piece]:
    source = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        yield Piece(1, source, "text")
        return
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.STRING, tokenize.COMMENT):
            yield Piece(token.start[0], token.string, "text")
        elif token.type == tokenize.NUMBER:
            yield Piece(token.start[0], token.string, "number")
        elif token.type == tokenize.NAME:
            yield Piece(token.start[0], token.string, "name")


def whole(word: str, *, case: bool = True) -> re.Pattern[str]:
    """`word` not inside a longer word (letters, digits, `_`)."""
    return re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])", 0 if case else re.I)


def commands() -> list[str]:
    """The subcommands of `nprz` (read from the CLI, so a new one is known)."""
    import typer

    from nprz import cli

    group = typer.main.get_command(cli.app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


@functools.cache
def patterns(words: Words) -> list[tuple[str, re.Pattern[str], set[str]]]:
    """(word, pattern, kinds of piece it is looked for in)."""
    text = {"text"}
    code = re.escape(words.code)
    found: list[tuple[str, re.Pattern[str], set[str]]] = [
        (words.name, re.compile(re.escape(words.name), re.I), text),
        # The short name as a word, but not the product name NPRZ-monitor; NPRZ_* variables
        # are one word with their underscore and never match.
        (words.short_name, re.compile(rf"(?<![\w$]){words.short_name}(?![\w]|-monitor)"), text),
        # The code as a value or a word; not a module path (nprz.core), a folder (src/nprz/,
        # 'nprz/site.css'), the product (nprz-monitor), an identifier (nprz_monitor, {nprz}
        # in an f-string), the command (`nprz`, `nprz load`, `nprz --help`, "nprz: fout:")
        # or the package's own name where SOFTWARE says so.
        (
            words.code,
            re.compile(
                rf"(?<![\w./{{`-]){code}"
                rf"(?![\w./`-]|:|\s+(?:--|(?:{'|'.join(commands())})\b))"
            ),
            text,
        ),
    ]
    for pillar in words.pillars:
        found.append((pillar, whole(pillar), text))
    for year in words.end_years:
        found.append((year, whole(year), text | {"number"}))
        # an identifier named after the year (NIVEAU_2031, target_2031)
        found.append((year, re.compile(re.escape(year)), {"name"}))
    # The programme's own area has the programme's code: the rule above reads it.
    for area in (c for c in words.area_codes if c != words.code):
        # as a value: bounded by anything but a letter, digit, "_" or "-" (so "kop-van-zuid"
        # is one code)
        found.append((area, re.compile(rf"(?<![\w-]){re.escape(area)}(?![\w-])"), text))
    for word in words.plain:
        # also as the start of a longer word: focuswijken, Zuidplein, zuid_start
        found.append((word, re.compile(rf"(?<![^\W_]){re.escape(word)}", re.I), text))
    return found


# The package's own name as a string, where a line of a file says so: the command's name,
# the package's logger, the prefix of its cache keys, the command a hint prints.
SOFTWARE = {
    ("src/nprz/cli.py", re.compile(r'^\s*name="nprz",$')),
    ("src/nprz/site/logs.py", re.compile(r'^\s*"nprz": \{"handlers"')),
    ("src/nprz/site/settings.py", re.compile(r"NPRZ_CACHE_PREFIX")),
    ("src/nprz/monitor/presenters.py", re.compile(r'^\s*prefix = .* else "nprz"$')),
}


def software(where: str, line: str, word: str, words: Words) -> bool:
    return word == words.code and any(
        file == where and pattern.search(line) for file, pattern in SOFTWARE
    )


def hits_in(path: Path, where: str, words: Words) -> list[str]:
    """`where:line:word` for every NPRZ word in the file."""
    found = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for piece in pieces(path):
        for word, pattern, kinds in patterns(words):
            if piece.kind not in kinds:
                continue
            for match in pattern.finditer(piece.text):
                number = piece.line + piece.text.count("\n", 0, match.start())
                if not software(where, lines[number - 1], word, words):
                    found.append(f"{where}:{number}:{word}")
    return found


def hits(words: Words) -> list[str]:
    found = []
    for path in files():
        found += hits_in(path, path.relative_to(SRC.parent).as_posix(), words)
    return sorted(set(found), key=_order)


def _order(hit: str) -> tuple[str, int, str]:
    file, line, word = hit.split(":", 2)
    return file, int(line), word


def test_no_programme_words_in_src() -> None:
    found = hits(nprz_words())
    assert not found, f"{len(found)} NPRZ-woorden in src/:\n" + "\n".join(found)


def test_the_words_come_from_the_definition() -> None:
    words = nprz_words()
    assert (words.name, words.short_name, words.code) == (
        "Nationaal Programma Rotterdam Zuid",
        "NPRZ",
        "nprz",
    )
    assert words.end_years == ("2031",)
    assert {"Thuisbasis op orde", "Werk", "Bewoners bondgenoten"} <= set(words.pillars)
    assert {"focuswijken", "kop-van-zuid", "heijplaat", "rotterdam"} <= set(words.area_codes)
    assert not {"nl", "g4"} & set(words.area_codes)  # two letters: too short to tell apart


# Lines of a made-up module (SYNTHETIC) and the words the rule finds in them.
RULE_CASES = [
    ('AREA = "nprz"', ["nprz"]),
    ('area = "focuswijken"', ["focuswijken", "focuswijk"]),
    ('LINE = "kop-van-zuid/in_7"', ["kop-van-zuid", "Zuid"]),
    ("END_YEAR = 2031", ["2031"]),
    ("target_2031 = 1", ["2031"]),
    ('TEXT = "het niveau voor 2031"', ["2031"]),
    ("# Zuid is at 76% of the reference", ["Zuid"]),
    ('TITLE = "Bijstand in het NPRZ-gebied"', ["NPRZ"]),
    (
        'HEAD = "Nationaal Programma Rotterdam Zuid"',
        ["Nationaal Programma Rotterdam Zuid", "Rotterdam", "Zuid"],
    ),
    ('PILLAR = "Bewoners bondgenoten"', ["Bewoners bondgenoten"]),
    ('COLUMN = "zuid_start"', ["Zuid"]),
    # the software, not the programme
    ("import nprz.core", []),
    ('MODULE = "nprz.site.settings"', []),
    ('CSS = "nprz/site.css"', []),
    ('PRODUCT = "nprz-monitor, NPRZ-monitor"', []),
    ('VARIABLE = "NPRZ_PROGRAMMA, $NPRZ_DATA_DIR"', []),
    ('HINT = "`nprz --help` toont ze; nprz check --year 2024; `nprz`"', []),
    ('ERROR = "nprz: fout: onbekend gebied"', []),
    ('COMMAND = f"{nprz} targets"', []),
    ("nprz_words = 1", []),
    ('TEXT = "werk, school en wonen"', []),  # pillar names are read with their capitals
]


@pytest.mark.parametrize(("line", "expected"), RULE_CASES)
def test_the_rule_tells_the_programme_from_the_software(
    tmp_path: Path, line: str, expected: list[str]
) -> None:
    module = tmp_path / "synthetisch.py"
    module.write_text(line + "\n", encoding="utf-8")
    found = [hit.split(":", 2)[2] for hit in hits_in(module, "synthetisch.py", nprz_words())]
    assert sorted(found) == sorted(expected)


def test_a_template_is_read_whole(tmp_path: Path) -> None:
    """Templates, style sheets and scripts have no identifiers to skip: every word counts."""
    page = tmp_path / "synthetisch.html"
    page.write_text(
        "{% load static %}<link href=\"{% static 'nprz/site.css' %}\">\n"
        '<meta name="author" content="Programmabureau NPRZ">\n'
        "<p>Focuswijken in 2031</p>\n",
        encoding="utf-8",
    )
    assert hits_in(page, "synthetisch.html", nprz_words()) == [
        "synthetisch.html:2:NPRZ",
        "synthetisch.html:3:2031",
        "synthetisch.html:3:focuswijk",
    ]


def test_the_scan_reads_code_and_templates_and_leaves_out_only_the_named_folders() -> None:
    scanned = {path.relative_to(SRC).as_posix() for path in files()}
    assert {
        "nprz/cli.py",
        "nprz/checks/wording.py",
        "nprz/reports/templates/reports/document.html",
        "nprz/web/templates/web/base.html",
        "nprz/web/static/nprz/site.css",
        "nprz/reports/static/rapport.css",
    } <= scanned
    assert all(folder.exists() for folder in EXCLUDED)  # a renamed folder is not left out
    assert "nprz/interventions/models.py" in scanned
    assert not any(p.startswith("nprz/programmes/bundled/") for p in scanned)
    assert not any("/migrations/" in p for p in scanned)
