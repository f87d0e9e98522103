"""Periods as the report names them: a calendar year, a school year, or a multi-year average.

A period is reported in the year it ends: school year 2023/24 belongs to report year 2024,
the average over 2020-2023 to 2023. That is the year the charts put it on and the year
`Period.year` returns.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    JAAR = "jaar"
    SCHOOLJAAR = "schooljaar"
    MEERJARIG = "meerjarig"


_YEAR = re.compile(r"^(\d{4})$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_RANGE = re.compile(r"^(\d{4})-(\d{4})$")


class PeriodError(ValueError):
    """A period code that is not one of 2024, 2023/24 or 2020-2023."""


@dataclass(frozen=True)
class Period:
    code: str
    kind: PeriodKind
    first_year: int
    year: int

    @classmethod
    def parse(cls, code: str) -> Period:
        # A delivery of 100.000 rows names a dozen periods: each is parsed once.
        return _parse(code)

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.first_year)

    def __str__(self) -> str:
        return self.code


@functools.lru_cache(maxsize=1024)
def _parse(code: str) -> Period:
    """`Period.parse`, remembered (a period is immutable, an error is raised anew each time)."""
    text = code.strip()
    if match := _YEAR.match(text):
        year = int(match[1])
        return Period(text, PeriodKind.JAAR, year, year)
    if match := _SCHOOL_YEAR.match(text):
        first = int(match[1])
        if (first + 1) % 100 != int(match[2]):
            raise PeriodError(f"schooljaar {code!r} loopt niet over twee opeenvolgende jaren")
        return Period(text, PeriodKind.SCHOOLJAAR, first, first + 1)
    if match := _RANGE.match(text):
        first, last = int(match[1]), int(match[2])
        if last <= first:
            raise PeriodError(f"meerjarige periode {code!r} eindigt niet na het begin")
        return Period(text, PeriodKind.MEERJARIG, first, last)
    raise PeriodError(
        f"onbekende periode {code!r}; verwacht een jaar (2024), een schooljaar (2023/24) "
        "of een meerjarige periode (2020-2023)"
    )


def period_sort_key(code: str) -> tuple[int, int]:
    return Period.parse(code).sort_key
