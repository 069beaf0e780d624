"""The QA plan's indicators (ADR 1502): the traffic-light rule at its thresholds, rates and
medians from counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.qa.indicators import INDICATORS, Direction, Light, Scope, light, median, rate

D = Decimal


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (D(500), D(500), Light.GREEN),
        (D(501), D(500), Light.GREEN),
        (D(400), D(500), Light.AMBER),  # exactly 80 %
        (D("399.99"), D(500), Light.RED),
        (D(0), D(35), Light.RED),
        (None, D(35), Light.NO_DATA),
        (D(3), None, Light.NO_TARGET),
    ],
)
def test_higher_is_better_lights(value: Decimal | None, target: Decimal | None, expected: Light) -> None:
    assert light(value, target, Direction.HIGHER) == expected


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (D(120), D(120), Light.GREEN),
        (D(10), D(120), Light.GREEN),
        (D(150), D(120), Light.AMBER),  # exactly 125 %
        (D("150.01"), D(120), Light.RED),
        (None, D(120), Light.NO_DATA),
    ],
)
def test_lower_is_better_lights(value: Decimal | None, target: Decimal | None, expected: Light) -> None:
    assert light(value, target, Direction.LOWER) == expected


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_better_value_never_gets_a_worse_light(a: int, target: int) -> None:
    order = [Light.RED, Light.AMBER, Light.GREEN]
    t = D(target)
    assert order.index(light(D(a + 1), t, Direction.HIGHER)) >= order.index(light(D(a), t, Direction.HIGHER))
    assert order.index(light(D(a), t, Direction.LOWER)) >= order.index(light(D(a + 1), t, Direction.LOWER))


def test_rates_and_medians_from_counts() -> None:
    assert rate(2, 3) == D("0.6667") and rate(0, 0) is None
    with pytest.raises(ValueError):
        rate(4, 3)
    assert median([D(3), D(1), D(2)]) == D(2)
    assert median([D(1), D(4)]) == D("2.5")
    assert median([]) is None


def test_the_stated_targets_are_the_defaults_and_count_targets_are_the_consortiums() -> None:
    by_key = {i.key: i for i in INDICATORS}
    assert by_key["learners_piloted"].default_target == 500
    assert by_key["micro_credentials_developed"].default_target == 35
    assert by_key["learners_piloted"].target_scopes == {Scope.CONSORTIUM}
    assert by_key["learner_satisfaction"].default_target is not None  # a target, data to come
