"""Numbers written the Vietnamese way or plainly."""

from decimal import Decimal

import pytest

from generator.collect.numbers import parse_number


@pytest.mark.parametrize(
    "text, value",
    [("1.250", "1250"), ("1.250.000", "1250000"), ("12,5", "12.5"), ("12.5", "12.5"), ("1.250,75", "1250.75"),
     ("12", "12"), ("-3,5", "-3.5"), (" 1 250 ", "1250"), ("0", "0"), ("87%", "87"), ("1.25", "1.25"),
     ("12.5000", "12.5")],
)
def test_numbers(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "   ", "……………", "...", None])
def test_blank_is_not_reported_not_zero(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["mười hai", "12a", "1,2,3", "1.2.3", "12,", "--1"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)
