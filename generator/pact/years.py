"""Years written in a pact's texts: the one owner of how a text names a year.

Only years a phrase ties to the calendar move or count: "năm 2024" (a year) and
"so với [cùng kỳ] [năm] 2023" (a base year). Years inside numbers and dates
("Nghị định số 98/2023/NĐ-CP ngày 31/12/2023") are part of a citation and stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "năm 2024", "so với 2023" (with "so với năm 2023", "so với cùng kỳ năm 2023" the
# "năm 2023" matches)
_NAMED_YEAR = re.compile(r"\b(năm|so với)(\s+)(\d{4})\b", re.IGNORECASE)
_BASE_YEAR = re.compile(r"\bso với\s+(?:cùng kỳ\s+)?(?:năm\s+)?(\d{4})\b", re.IGNORECASE)
_CONTEXT_WORDS = 3  # words shown before a moved year, for the clerk to find the phrase


@dataclass(frozen=True)
class Moved:
    """One phrase whose year moved on, with a few words before it."""

    before: str
    after: str


def base_years(text: str) -> list[int]:
    """The base years a text compares with ("so với năm 2023" → 2023)."""
    return [int(match.group(1)) for match in _BASE_YEAR.finditer(text)]


def move_years(text: str, years: set[int]) -> tuple[str, list[Moved]]:
    """The text with every named year among `years` one year later, and each phrase
    changed. All years move in one pass: 2023 → 2024 never moves on to 2025."""
    moved: list[Moved] = []
    previous_end = 0

    def later(match: re.Match) -> str:
        nonlocal previous_end
        year = int(match.group(3))
        lead = " ".join(text[previous_end : match.start()].split()[-_CONTEXT_WORDS:])  # never another year
        previous_end = match.end()
        if year not in years:
            return match.group(0)
        after = f"{match.group(1)}{match.group(2)}{year + 1}"
        moved.append(Moved(f"{lead} {match.group(0)}".strip(), f"{lead} {after}".strip()))
        return after

    return _NAMED_YEAR.sub(later, text), moved
