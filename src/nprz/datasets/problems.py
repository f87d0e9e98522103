"""Validation results as data: each problem has a stable code, a Dutch message and a place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: str
    row: int | None = None
    column: str | None = None

    @property
    def place(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.place}: {self.message} [{self.code}]"


class DatasetError(Exception):
    """A dataset that did not validate; nothing of it may be loaded."""

    def __init__(self, dataset: str, problems: list[Problem]) -> None:
        self.dataset = dataset
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(f"dataset {dataset}: {len(problems)} probleem/problemen; eerste: {first}")
