"""Numbers as members write them: the Vietnamese way ("1.250", "12,5") or plainly ("12.5")."""

from __future__ import annotations

import re
from decimal import Decimal

GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # 1.250 / 1.250,5: dots group thousands
COMMA_DECIMAL = re.compile(r"^[+-]?\d+(?:,\d+)?$")  # 12,5 / 12
DOT_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")  # 12.5: a lone dot not followed by exactly 3 digits
PLACEHOLDER = re.compile(r"^[\s.…_]*$")  # an untouched field: blank, dots or an ellipsis


def is_blank(text: str | None) -> bool:
    return text is None or bool(PLACEHOLDER.match(text))


def parse_number(text: str | None) -> Decimal | None:
    """The value, or None when the field was left blank ("not reported", not zero).

    Raises ValueError for anything else, so that a typo is refused rather than guessed.
    """
    if is_blank(text):
        return None
    compact = re.sub(r"[\s\u00a0]", "", text).removesuffix("%")
    if GROUPED.match(compact):
        return Decimal(compact.replace(".", "").replace(",", "."))
    if COMMA_DECIMAL.match(compact):
        return Decimal(compact.replace(",", "."))
    if DOT_DECIMAL.match(compact):
        return Decimal(compact)
    raise ValueError(text)
