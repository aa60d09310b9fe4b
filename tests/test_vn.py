"""Vietnamese conventions of Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import vn
from generator.documents.context import legal_basis_line, normalise_number


@pytest.mark.parametrize(
    "date, words",
    [
        (dt.date(2024, 3, 26), "ngày 26 tháng 3 năm 2024"),
        (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (dt.date(2024, 12, 9), "ngày 09 tháng 12 năm 2024"),
        (dt.date(2024, 10, 10), "ngày 10 tháng 10 năm 2024"),
    ],
)
def test_date_words(date, words):
    assert vn.date_words(date) == words


def test_dateline():
    assert vn.dateline("Kiên Giang", dt.date(2024, 3, 26)) == "Kiên Giang, ngày 26 tháng 3 năm 2024"


@pytest.mark.parametrize("value, decimals, text", [(1234.5, 1, "1.234,5"), (1250, 0, "1.250"),
                                                    (8, 1, "8,0"), (1234567.891, 2, "1.234.567,89")])
def test_numbers(value, decimals, text):
    assert vn.number(value, decimals) == text


def test_plain_numbers_drop_trailing_zeros():
    assert [vn.plain_number(v) for v in (10.0, 2.5, 0.25, 1500.0)] == ["10", "2,5", "0,25", "1.500"]


def test_document_numbers_take_a_leading_zero():
    assert normalise_number("5/GƯ-CTĐ12") == "05/GƯ-CTĐ12"
    assert normalise_number("12/GƯ-CTĐ12") == "12/GƯ-CTĐ12"
    assert normalise_number(None) is None


def test_legal_basis_lines_lose_their_own_prefix_and_punctuation():
    assert legal_basis_line("Căn cứ Luật Thi đua, khen thưởng năm 2022;") == "Luật Thi đua, khen thưởng năm 2022"
    assert legal_basis_line("Luật A.") == "Luật A"


def test_ascii_ids():
    assert vn.ascii_upper("CTĐ12") == "CTD12"
    assert vn.ascii_upper("Cụm đặc biệt 3") == "CUM-DAC-BIET-3"
    assert vn.upper("cụm thi đua số 12") == "CỤM THI ĐUA SỐ 12"
    assert [vn.roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
