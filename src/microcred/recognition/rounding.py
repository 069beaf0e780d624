"""Rounding of awarded credits (recognition.md §4.5.1 ``round_rule``; ADR 0503).

Arithmetic is exact (``Fraction``) until the one rounding step at the end, so 6 x 2/3 is 4 and
not 3.9999. ``NEAREST_TIES_DOWN`` with step 1 is the consortium default: ECTS credits are
normally whole numbers, and a tie (2.5) goes to the learner's disadvantage only by half a
step, never silently upwards. ``FLOOR`` and other steps (0.5) are agreement keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from microcred.errors import MicrocredError

MODES = ("NEAREST_TIES_DOWN", "NEAREST_TIES_UP", "FLOOR")


def to_fraction(value: Decimal | Fraction | int) -> Fraction:
    if isinstance(value, Fraction):
        return value
    return Fraction(value)


def to_decimal(value: Fraction, places: int = 4) -> Decimal:
    """Exact Fraction to Decimal, rounded half-even to ``places`` (display only), no exponent."""
    q = Decimal(value.numerator) / Decimal(value.denominator)
    out = q.quantize(Decimal(1).scaleb(-places)).normalize()
    return out + Decimal(0)


def fmt(value: Decimal | Fraction | int | None) -> str:
    """Plain decimal text without exponent or trailing zeros (``3``, ``2.5``, ``0.8333``)."""
    if value is None:
        return "none"
    if isinstance(value, Fraction):
        value = to_decimal(value)
    text = format(Decimal(value).normalize(), "f")
    return text


@dataclass(frozen=True)
class RoundRule:
    """``round_rule`` of the agreement: a mode and a step (1 or 0.5 credits)."""

    mode: str = "NEAREST_TIES_DOWN"
    step: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise MicrocredError(
                f"unknown rounding mode {self.mode!r}; use one of {', '.join(MODES)}", where="round_rule.mode"
            )
        if self.step <= 0:
            raise MicrocredError("the rounding step must be positive", where="round_rule.step")

    def apply(self, value: Fraction) -> Decimal:
        """Round ``value`` (credits, >= 0) to a multiple of ``step``."""
        step = to_fraction(self.step)
        q = value / step
        if self.mode == "FLOOR":
            n = math.floor(q)
        elif self.mode == "NEAREST_TIES_DOWN":
            n = math.ceil(q - Fraction(1, 2))
        else:
            n = math.floor(q + Fraction(1, 2))
        n = max(n, 0)
        result = Fraction(n) * step
        return to_decimal(result)

    def __str__(self) -> str:
        return f"{self.mode} step {fmt(self.step)}"
