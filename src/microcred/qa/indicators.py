"""The QA plan's indicators, their targets and traffic lights (issue 15 item 2; ADR 1502).

An indicator is a pure function of counts that the web layer's selectors take from the
database: a *count* (learners piloted), a *rate* (passed / assessed) or a *duration in days*
(median decision time). Each has a direction (higher or lower is better), a default target, and
the scopes where its target applies: a consortium-wide count (500 learners, 35
micro-credentials) is a target for the consortium, not for each course, whereas a rate or a
duration applies to every scope.

The traffic light (:func:`light`), one rule for every indicator:

* no value (nothing to count yet, e.g. no survey answered) -> ``no_data``;
* no target for the scope -> ``no_target``;
* higher is better: ``green`` at or above the target, ``amber`` at or above
  :data:`AMBER_SHARE` (80 %) of it, ``red`` below;
* lower is better: ``green`` at or below the target, ``amber`` at or below
  ``target / AMBER_SHARE`` (125 %), ``red`` above.

Values are ``Decimal`` (rates as fractions from 0 to 1, durations in days), never float.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

__all__ = [
    "AMBER_SHARE",
    "INDICATORS",
    "Direction",
    "Indicator",
    "Kind",
    "Light",
    "Scope",
    "TargetSource",
    "days_between",
    "definition",
    "light",
    "median",
    "rate",
]

AMBER_SHARE = Decimal("0.8")


class Kind(StrEnum):
    COUNT = "count"
    RATE = "rate"
    DAYS = "days"


class Direction(StrEnum):
    HIGHER = "higher_is_better"
    LOWER = "lower_is_better"


class Scope(StrEnum):
    MICRO_CREDENTIAL = "micro_credential"
    INSTITUTION = "institution"
    COUNTRY = "country"
    CONSORTIUM = "consortium"


class TargetSource(StrEnum):
    """Where a default target comes from (issue 15: each target names its source)."""

    CONSORTIUM_PLAN = "consortium_plan"  # the consortium's stated figures (work package 3)
    LISBON_2010 = "lisbon_recognition_2010"  # LRC Revised Recommendation (2010) §§ 40-41
    PLACEHOLDER = "placeholder"  # the platform's starting point, to be set by the QA role
    NONE = "none"  # no default target


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"


ALL_SCOPES = frozenset(Scope)
CONSORTIUM_ONLY = frozenset({Scope.CONSORTIUM})


@dataclass(frozen=True)
class Indicator:
    """One indicator of the QA plan. ``default_target`` is editable (the web layer stores the
    consortium's own); ``target_scopes`` are the scopes its target applies to; ``scopes`` are
    those where the indicator is measured at all (recognition is the host institution's)."""

    key: str
    kind: Kind
    direction: Direction
    default_target: Decimal | None
    target_scopes: frozenset[Scope]
    scopes: frozenset[Scope] = ALL_SCOPES
    target_source: TargetSource = TargetSource.PLACEHOLDER

    def __post_init__(self) -> None:
        if (self.default_target is None) != (self.target_source == TargetSource.NONE):
            raise ValueError(f"{self.key}: a default target names its source, and only a target has one")


INDICATORS: tuple[Indicator, ...] = (
    # The consortium's stated pilot: at least 500 learners (work package 3).
    Indicator(
        "learners_piloted",
        Kind.COUNT,
        Direction.HIGHER,
        Decimal(500),
        CONSORTIUM_ONLY,
        target_source=TargetSource.CONSORTIUM_PLAN,
    ),
    # The consortium's stated WP3 target: 35 micro-credentials developed (published).
    Indicator(
        "micro_credentials_developed",
        Kind.COUNT,
        Direction.HIGHER,
        Decimal(35),
        CONSORTIUM_ONLY,
        frozenset({Scope.INSTITUTION, Scope.COUNTRY, Scope.CONSORTIUM}),
        TargetSource.CONSORTIUM_PLAN,
    ),
    # Defaults below are the platform's starting points, not the consortium's figures: the QA
    # role sets its own (ADR 1502).
    Indicator("completion_rate", Kind.RATE, Direction.HIGHER, Decimal("0.70"), ALL_SCOPES),
    Indicator("pass_rate", Kind.RATE, Direction.HIGHER, Decimal("0.70"), ALL_SCOPES),
    Indicator("learner_satisfaction", Kind.RATE, Direction.HIGHER, Decimal("0.80"), ALL_SCOPES),
    Indicator(
        "employer_endorsements",
        Kind.COUNT,
        Direction.HIGHER,
        None,
        CONSORTIUM_ONLY,
        target_source=TargetSource.NONE,
    ),
    Indicator(
        "recognition_requests",
        Kind.COUNT,
        Direction.HIGHER,
        None,
        CONSORTIUM_ONLY,
        frozenset({Scope.INSTITUTION, Scope.COUNTRY, Scope.CONSORTIUM}),
        TargetSource.NONE,
    ),
    Indicator(
        "recognition_acceptance_rate",
        Kind.RATE,
        Direction.HIGHER,
        Decimal("0.60"),
        ALL_SCOPES,
        frozenset({Scope.INSTITUTION, Scope.COUNTRY, Scope.CONSORTIUM}),
    ),
    # The Lisbon Recognition Convention's subsidiary text (Revised Recommendation on Criteria and
    # Procedures for the Assessment of Foreign Qualifications, 2010, §§ 40-41) asks for a
    # decision within a reasonable time, at most four months: 120 days.
    Indicator(
        "recognition_median_decision_days",
        Kind.DAYS,
        Direction.LOWER,
        Decimal(120),
        ALL_SCOPES,
        frozenset({Scope.INSTITUTION, Scope.COUNTRY, Scope.CONSORTIUM}),
        TargetSource.LISBON_2010,
    ),
    Indicator("median_days_result_to_credential", Kind.DAYS, Direction.LOWER, Decimal(14), ALL_SCOPES),
    Indicator(
        "verifications",
        Kind.COUNT,
        Direction.HIGHER,
        None,
        CONSORTIUM_ONLY,
        frozenset({Scope.CONSORTIUM}),
        TargetSource.NONE,
    ),
)

_BY_KEY = {i.key: i for i in INDICATORS}


def definition(key: str) -> Indicator | None:
    return _BY_KEY.get(key)


_PLACES = Decimal("0.0001")


def rate(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` to four places (``None`` when nothing was counted)."""
    if denominator <= 0:
        return None
    if numerator < 0 or numerator > denominator:
        raise ValueError(f"a rate needs 0 <= {numerator} <= {denominator}")
    return (Decimal(numerator) / Decimal(denominator)).quantize(_PLACES, rounding=ROUND_HALF_EVEN)


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The median (mean of the two middle values for an even count); ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def days_between(seconds: float | int | Decimal) -> Decimal:
    """A duration in seconds as days, to two places (the database measures in seconds)."""
    return (Decimal(str(seconds)) / Decimal(86400)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def light(value: Decimal | None, target: Decimal | None, direction: Direction) -> Light:
    """The traffic light of ``value`` against ``target`` (the rule in the module docstring)."""
    if value is None:
        return Light.NO_DATA
    if target is None:
        return Light.NO_TARGET
    if direction == Direction.HIGHER:
        if value >= target:
            return Light.GREEN
        return Light.AMBER if value >= target * AMBER_SHARE else Light.RED
    if value <= target:
        return Light.GREEN
    return Light.AMBER if value * AMBER_SHARE <= target else Light.RED
