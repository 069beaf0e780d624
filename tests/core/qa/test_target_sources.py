"""Every default target of the QA plan names its source (issue 15; ADR 1542): the consortium's
stated figures, the Lisbon Recognition Convention's subsidiary text, or a placeholder the QA
role replaces; an indicator without a target has none."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microcred.qa.indicators import CONSORTIUM_ONLY, INDICATORS, Direction, Indicator, Kind, TargetSource


def test_every_default_target_names_where_it_comes_from() -> None:
    sources = {i.key: i.target_source for i in INDICATORS}
    assert (
        sources["learners_piloted"] == sources["micro_credentials_developed"] == TargetSource.CONSORTIUM_PLAN
    )
    assert sources["recognition_median_decision_days"] == TargetSource.LISBON_2010
    assert sources["completion_rate"] == TargetSource.PLACEHOLDER
    assert all((i.default_target is None) == (i.target_source == TargetSource.NONE) for i in INDICATORS)


def test_a_target_without_a_source_or_a_source_without_a_target_is_refused() -> None:
    with pytest.raises(ValueError, match="names its source"):
        Indicator("x", Kind.COUNT, Direction.HIGHER, None, CONSORTIUM_ONLY)  # placeholder without a target
    with pytest.raises(ValueError, match="names its source"):
        Indicator(
            "y", Kind.COUNT, Direction.HIGHER, Decimal(3), CONSORTIUM_ONLY, target_source=TargetSource.NONE
        )
