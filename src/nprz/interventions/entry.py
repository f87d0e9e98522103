"""What people type into the round's forms and colour files: one form before anything reads it.

Decision (see docs/decisions/011-progress-round-rules.md): input is first normalised with
Unicode NFKC, which turns the fullwidth forms a Japanese or Chinese input mode produces
("２０３０", "１２，５％") into plain ASCII ("2030", "12,5%") and odd spaces into spaces. After
that only the digits 0-9 count: a digit of another script ("٢٠٣٠", Arabic-Indic) is refused
with a message that names it. Python reads those digits silently (`int("٢٠٣٠") == 2030`), but
they come with their own separators (٫ for the decimal comma), so reading them would be a
guess about notation; NFKC leaves them alone because they are not a compatibility form.
Superscript and circled digits ("10²", "①") are refused before normalising: NFKC would make
"10²" the number 102.

Pure: no Django. Tests: tests/interventions/test_entry.py.
"""

from __future__ import annotations

import re
import unicodedata

YEAR = re.compile(r"[0-9]{4}")


class EntryError(ValueError):
    """Input that cannot be read; the message says why, in Dutch. `code`: ander-schrift (a
    digit outside 0-9) or jaar-ongeldig."""

    def __init__(self, message: str, code: str = "ander-schrift") -> None:
        super().__init__(message)
        self.code = code


def normalise(text: str) -> str:
    """`text` in NFKC, stripped; EntryError when a digit outside 0-9 remains."""
    for char in text:
        if char.isdigit() and not char.isdecimal():
            raise EntryError(f"{char!r} is geen gewoon cijfer; gebruik de cijfers 0 tot en met 9")
    normal = unicodedata.normalize("NFKC", text).strip()
    for char in normal:
        if char.isdigit() and not "0" <= char <= "9":
            name = unicodedata.name(char, "onbekend teken").lower()
            raise EntryError(
                f"gebruik de cijfers 0 tot en met 9; {char!r} ({name}) is een cijfer uit een "
                "ander schrift"
            )
    return normal


def year(text: str) -> int:
    """A year of four digits 0-9 (after normalising); EntryError otherwise."""
    normal = normalise(text)
    if not YEAR.fullmatch(normal):
        raise EntryError(
            f"vul een jaartal van vier cijfers in, zoals 2025 (niet {text.strip()!r})",
            "jaar-ongeldig",
        )
    return int(normal)
