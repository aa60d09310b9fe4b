"""Vietnamese administrative conventions (Nghị định 30/2020/NĐ-CP): dates,
numbers, upper case and the ASCII forms used in document ids."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


def date_words(date: dt.date) -> str:
    """'ngày 05 tháng 01 năm 2024': days below 10 and months 1–2 take a leading zero."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def dateline(place: str, date: dt.date) -> str:
    return f"{place}, {date_words(date)}"


def short_date(date: dt.date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # Indochina Time, no daylight saving


def moment(when: dt.datetime) -> str:
    """A point in time as a clerk reads it, in Vietnam time: '26/03/2024 09:15'."""
    local = when.astimezone(VIETNAM) if when.tzinfo else when
    return f"{short_date(local)} {local.hour:02d}:{local.minute:02d}"


def two_digits(count: int) -> str:
    """Counts and numbers below 10 take a leading zero ('06 bản', 'Số: 05')."""
    return f"{count:02d}"


def upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


def number(value: float, decimals: int = 0) -> str:
    """1234.5 → '1.234,5': thousands dot, decimal comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def plain_number(value: float) -> str:
    """A number as a clerk writes it: no trailing ',0' for whole values."""
    if float(value).is_integer():
        return number(value)
    return number(value, 2).rstrip("0").rstrip(",")


def roman(value: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for amount, letters in numerals:
        count, value = divmod(value, amount)
        text += letters * count
    return text


def slug(text: str, max_length: int = 40, max_words: int = 6) -> str:
    """'Sơ kết 6 tháng' → 'so-ket-6-thang': a code made from a text, in the pact file's
    id alphabet, cut at a whole word."""
    words = ascii_upper(text).lower().split("-")[:max_words]
    while len(words) > 1 and len("-".join(words)) > max_length:
        words.pop()
    return "-".join(words)[:max_length].strip("-")


def ascii_upper(text: str) -> str:
    """'CTĐ12' → 'CTD12', 'an-giang' → 'AN-GIANG': ids must survive any channel (and QR
    alphanumeric mode), so diacritics go and anything else becomes '-'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]+", "-", stripped.upper()).strip("-")
