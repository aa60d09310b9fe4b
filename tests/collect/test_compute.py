"""Change, verdicts and ranks against a plain reference on random values."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from generator.collect.compute import change_result, level_met, ranks
from generator.pact.model import Change, Level

counts = st.integers(min_value=0, max_value=100_000)
percents = st.integers(min_value=1, max_value=100)


@given(counts, counts, st.sampled_from(["decrease", "increase"]), percents, st.one_of(st.none(), percents))
def test_change_against_plain_fractions(baseline, current, direction, low, high):
    if high is not None and high < low:
        low, high = high, low
    change = Change(direction=direction, baseline_year=2023, min_percent=low, max_percent=high)
    result = change_result(change, Decimal(baseline), Decimal(current))
    if baseline == 0:
        assert (result.percent, result.met, result.reached_max) == (None, None, None)
        return
    exact = Fraction(current - baseline, baseline) * 100
    signed = -exact if direction == "decrease" else exact
    assert result.met == (signed >= low)
    assert result.reached_max == (None if high is None else signed >= high)
    assert abs(Fraction(result.rounded) - exact) <= Fraction(1, 20)


def test_verdict_on_the_exact_value_not_the_rounded_one():
    change = Change(direction="decrease", baseline_year=2023, min_percent=5)
    result = change_result(change, Decimal(10000), Decimal(9501))  # −4.99 %, printed −5,0 %
    assert str(result.rounded) == "-5.0" and result.met is False


def test_blank_values_give_no_verdict():
    change = Change(direction="increase", baseline_year=2023, min_percent=5)
    assert change_result(change, None, Decimal(3)).met is None
    assert level_met(Level(at_least=85), None) is None


def test_level():
    assert level_met(Level(at_least=85), Decimal("85")) is True
    assert level_met(Level(at_least=85), Decimal("84.9")) is False
    assert level_met(Level(at_most=3), Decimal("3.5")) is False


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 20), min_size=1))
def test_ties_share_a_rank(totals):
    decimal = {k: Decimal(v) for k, v in totals.items()}
    got = ranks(decimal)
    for member, total in totals.items():
        assert got[member] == 1 + sum(1 for other in totals.values() if other > total)
