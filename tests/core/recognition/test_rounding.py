"""recognition.md §4.5.1 round_rule (ADR 0503)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.errors import MicrocredError
from microcred.recognition.rounding import RoundRule


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(5, 2), "2"),
        (Fraction(26, 10), "3"),
        (Fraction(24, 10), "2"),
        (Fraction(4), "4"),
        (Fraction(2, 5), "0"),
    ],
)
def test_nearest_ties_down_rounds_half_to_the_lower_step(value: Fraction, expected: str) -> None:
    assert RoundRule().apply(value) == Decimal(expected)


def test_floor_and_half_steps_are_configurable() -> None:
    assert RoundRule("FLOOR").apply(Fraction(29, 10)) == Decimal(2)
    assert RoundRule("NEAREST_TIES_DOWN", Decimal("0.5")).apply(Fraction(192, 100)) == Decimal(2)
    assert RoundRule("NEAREST_TIES_DOWN", Decimal("0.5")).apply(Fraction(175, 100)) == Decimal("1.5")
    assert RoundRule("NEAREST_TIES_UP").apply(Fraction(5, 2)) == Decimal(3)


def test_an_unknown_mode_or_a_zero_step_is_refused() -> None:
    with pytest.raises(MicrocredError):
        RoundRule("BANKERS")
    with pytest.raises(MicrocredError):
        RoundRule(step=Decimal(0))


fractions = st.fractions(min_value=0, max_value=500, max_denominator=1000)
rules = st.sampled_from(
    [RoundRule(), RoundRule("FLOOR"), RoundRule(step=Decimal("0.5")), RoundRule("FLOOR", Decimal("0.5"))]
)


@given(rules, fractions, fractions)
def test_rounding_is_monotonic(rule: RoundRule, a: Fraction, b: Fraction) -> None:
    lo, hi = sorted((a, b))
    assert rule.apply(lo) <= rule.apply(hi)


@given(rules, fractions)
def test_rounding_stays_within_one_step_and_on_the_grid(rule: RoundRule, x: Fraction) -> None:
    r = Fraction(rule.apply(x))
    assert abs(r - x) <= Fraction(rule.step)
    assert (r / Fraction(rule.step)).denominator == 1
