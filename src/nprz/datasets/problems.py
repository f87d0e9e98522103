"""Validation results as data: each problem has a stable code, a Dutch message and a place.

The problem type is the one every reader of input shares (`nprz.core.problems`); a dataset
names its places by file, row and column (`Problem.at`)."""

from __future__ import annotations

from nprz.core.problems import Problem

__all__ = ["DatasetError", "Problem"]


class DatasetError(Exception):
    """A dataset that did not validate; nothing of it may be loaded."""

    def __init__(self, dataset: str, problems: list[Problem]) -> None:
        self.dataset = dataset
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(f"dataset {dataset}: {len(problems)} probleem/problemen; eerste: {first}")
