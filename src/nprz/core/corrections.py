"""A known correction: a printed figure the report's own sums show to be a slip.

The printed figure stays what the outputs show (it is what was published); the correction
travels with it and every output prints it as a footnote beside it. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass

Key = tuple[str, str, str]  # indicator, area, period


@dataclass(frozen=True)
class Correction:
    printed: str  # the figure as published, in Dutch notation ("1.123", "4,0%")
    # The likely-right figure in the same notation; "" where it cannot be given: a share
    # whose inputs are not exact, or a value that would say something about a hidden cell.
    likely: str
    why: str  # why, in plain Dutch ("waarschijnlijk een tikfout")
    # The corrected cell this figure was computed from; None for the misprinted cell itself.
    derived_from: Key | None = None
    note: str = ""  # the footnote as a reader sees it, one sentence

    @property
    def derived(self) -> bool:
        return self.derived_from is not None
