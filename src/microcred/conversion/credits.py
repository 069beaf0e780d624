"""Credit conversion through notional hours (reference data ``credit-systems``).

Rule (recognition spec §4.6): two systems of the "60 credits a year" family (ECTS, IT-CFU,
BE-FWB, ACTS) convert 1:1; otherwise ``hours = credits x hours_per_credit(source)`` and
``result = hours / hours_per_credit(target)``. The result is shown with its range, because
ECTS allows 25-30 hours per credit and one factor would hide that.
Values are kept exact to four decimal places (half-even); rounding to whole credits is a
recognition decision, not a conversion.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from microcred.errors import ConversionError
from microcred.reference import CreditSystem, ReferenceData, reference_data

_PLACES = Decimal("0.0001")


def _q(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, rounding=ROUND_HALF_EVEN).normalize() + Decimal(0)


def fmt(value: Decimal) -> str:
    """Plain decimal notation without exponent or trailing zeros (``6``, ``2.5``)."""
    text = format(value.normalize(), "f")
    return text


@dataclass(frozen=True)
class CreditConversion:
    """The arithmetic of one conversion, kept so that it can be shown and replayed."""

    amount: Decimal
    source: CreditSystem
    target: CreditSystem
    method: str
    hours: Decimal
    hours_range: tuple[Decimal, Decimal]
    result: Decimal
    result_range: tuple[Decimal, Decimal]
    table_version: str

    @property
    def assumption(self) -> bool:
        return self.source.assumption or self.target.assumption

    def explain(self) -> list[str]:
        """Lines a person can follow, in the order the arithmetic happens."""
        s, t = self.source, self.target
        lines = [
            f"{fmt(self.amount)} {s.code} -> {t.code}",
            f"hours: {fmt(self.amount)} x {fmt(s.hours_per_credit)} h = {fmt(self.hours)} h"
            f" (range {fmt(self.hours_range[0])}-{fmt(self.hours_range[1])} h)",
        ]
        if self.method == "same-family":
            lines.append(f"factor: 1 {s.code} = 1 {t.code} (both count 60 credits for a full-time year)")
        else:
            lines.append(
                f"factor: {fmt(t.hours_per_credit)} h per {t.code} credit"
                f" (range {fmt(t.hours_range[0])}-{fmt(t.hours_range[1])} h)"
            )
        lines.append(
            f"result: {fmt(self.result)} {t.code}"
            + (
                f" (range {fmt(self.result_range[0])}-{fmt(self.result_range[1])})"
                if self.result_range[0] != self.result_range[1]
                else ""
            )
        )
        for cs in (s, t) if s.code != t.code else (s,):
            mark = "ASSUMPTION" if cs.assumption else f"confidence {cs.confidence}"
            lines.append(f"source {cs.code}: {cs.source} [{mark}]")
        lines.append(f"table: credit-systems {self.table_version}")
        return lines

    def as_dict(self) -> dict[str, object]:
        return {
            "amount": fmt(self.amount),
            "from": self.source.code,
            "to": self.target.code,
            "method": self.method,
            "hours": fmt(self.hours),
            "hours_range": [fmt(v) for v in self.hours_range],
            "factor_from_hours_per_credit": fmt(self.source.hours_per_credit),
            "factor_to_hours_per_credit": fmt(self.target.hours_per_credit),
            "factor_to_range": [fmt(v) for v in self.target.hours_range],
            "result": fmt(self.result),
            "result_range": [fmt(v) for v in self.result_range],
            "assumption": self.assumption,
            "sources": {
                c.code: {"source": c.source, "confidence": c.confidence, "assumption": c.assumption}
                for c in (self.source, self.target)
            },
            "table": "credit-systems",
            "table_version": self.table_version,
        }


def convert_credits(
    amount: Decimal | int | str,
    source: str,
    target: str,
    *,
    data: ReferenceData | None = None,
) -> CreditConversion:
    """Convert ``amount`` credits of ``source`` into ``target`` credits."""
    data = data or reference_data()
    try:
        value = Decimal(str(amount))
    except ArithmeticError:
        raise ConversionError(f"{amount!r} is not a number of credits", where="amount") from None
    if not value.is_finite() or value < 0:
        raise ConversionError(f"credits must be zero or more, got {amount}", where="amount")
    src = data.credit_system(source)
    dst = data.credit_system(target)
    hours = value * src.hours_per_credit
    hours_range = (value * src.hours_range[0], value * src.hours_range[1])
    if src.family == "annual-60" and dst.family == "annual-60":
        method = "same-family"
        result = value
        result_range = (value, value)
    else:
        method = "via-hours"
        result = hours / dst.hours_per_credit
        result_range = (hours_range[0] / dst.hours_range[1], hours_range[1] / dst.hours_range[0])
    return CreditConversion(
        amount=value,
        source=src,
        target=dst,
        method=method,
        hours=_q(hours),
        hours_range=(_q(hours_range[0]), _q(hours_range[1])),
        result=_q(result),
        result_range=(_q(result_range[0]), _q(result_range[1])),
        table_version=data.credit_systems_version,
    )


def hours_to_credits(hours: Decimal, system: str, *, data: ReferenceData | None = None) -> Decimal:
    """Credits of ``system`` for ``hours`` notional hours at the system's default factor."""
    data = data or reference_data()
    cs = data.credit_system(system)
    return _q(hours / cs.hours_per_credit)
