"""Workload estimator: learning activities -> notional hours -> credits in four systems.

Notional hours are the sum of every activity (ECTS Users' Guide 2015, §3.2: "workload ... all
learning activities", including self-study and the assessment). An activity is given either as
``hours`` in total or as ``per_week`` hours over ``weeks``. The hours are shown in ECTS,
Vietnamese credits (VN-TC), Lao credits (LA-CR) and Italian CFU (IT-CFU) with each system's
factor, range and source from the credit-systems table (``microcred.reference``) — the same
table and arithmetic (``conversion.credits``) the register and recognition use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import get_args

from microcred.conversion.credits import hours_to_credits
from microcred.errors import ConversionError
from microcred.model.spec import ActivityKind, WorkloadActivity
from microcred.reference import ReferenceData, reference_data

# Kinds of learning activity: the spec model's vocabulary (docs/spec-format.md, Workload).
ACTIVITY_KINDS: tuple[str, ...] = get_args(ActivityKind)
SYSTEMS = ("ECTS", "VN-TC", "LA-CR", "IT-CFU")
MAX_ACTIVITY_HOURS = Decimal(10_000)
MAX_ACTIVITIES = 40
_PLACES = Decimal("0.01")


def _q(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, rounding=ROUND_HALF_EVEN).normalize() + Decimal(0)


@dataclass(frozen=True)
class Activity:
    """One learning activity: total ``hours``, or ``per_week`` hours for ``weeks`` weeks."""

    kind: str
    hours: Decimal | None = None
    per_week: Decimal | None = None
    weeks: int | None = None

    @classmethod
    def of(cls, activity: WorkloadActivity) -> Activity:
        """The activity recorded on a specification (``workload.activities``)."""
        return cls(activity.kind, activity.hours, activity.per_week, activity.weeks)

    @property
    def total(self) -> Decimal:
        if self.hours is not None:
            return self.hours
        if self.per_week is not None and self.weeks is not None:
            return self.per_week * self.weeks
        return Decimal(0)


@dataclass(frozen=True)
class CreditFigure:
    """The hours in one credit system, with the factor, range and source behind the figure."""

    system: str
    credits: Decimal
    credits_range: tuple[Decimal, Decimal]
    hours_per_credit: Decimal
    hours_range: tuple[Decimal, Decimal]
    source: str
    assumption: bool


@dataclass(frozen=True)
class WorkloadEstimate:
    activities: tuple[Activity, ...]
    hours: Decimal
    figures: tuple[CreditFigure, ...]
    table_version: str
    codes: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()


def _check(activity: Activity, index: int) -> None:
    where = f"activity {index + 1}"
    if activity.kind not in ACTIVITY_KINDS:
        raise ConversionError(f"unknown activity kind {activity.kind!r}", where=where)
    for value in (activity.hours, activity.per_week):
        if value is not None and (not value.is_finite() or value < 0 or value > MAX_ACTIVITY_HOURS):
            raise ConversionError(f"hours must be between 0 and {MAX_ACTIVITY_HOURS}", where=where)
    if activity.weeks is not None and not 0 <= activity.weeks <= 520:
        raise ConversionError("weeks must be between 0 and 520", where=where)
    if activity.total > MAX_ACTIVITY_HOURS:
        raise ConversionError(f"an activity cannot exceed {MAX_ACTIVITY_HOURS} hours", where=where)


def estimate_workload(
    activities: list[Activity] | tuple[Activity, ...],
    *,
    stated_credits: Decimal | None = None,
    stated_system: str | None = None,
    data: ReferenceData | None = None,
) -> WorkloadEstimate:
    """Total the activities and express the hours in each system; compare with stated credits.

    Code ``workload.credits_disagree`` when the stated credits fall outside what the hours give
    in the stated system (using the system's hour range, so 150 h is 5-6 ECTS and both agree).
    Raises ``ConversionError`` for an impossible activity (negative, too large, unknown kind).
    """
    data = data or reference_data()
    if len(activities) > MAX_ACTIVITIES:
        raise ConversionError(f"at most {MAX_ACTIVITIES} activities", where="activities")
    for i, a in enumerate(activities):
        _check(a, i)
    hours = sum((a.total for a in activities), Decimal(0))
    figures = []
    for code in SYSTEMS:
        cs = data.credit_system(code)
        figures.append(
            CreditFigure(
                system=code,
                credits=_q(hours_to_credits(hours, code, data=data)),
                credits_range=(_q(hours / cs.hours_range[1]), _q(hours / cs.hours_range[0])),
                hours_per_credit=cs.hours_per_credit,
                hours_range=cs.hours_range,
                source=cs.source,
                assumption=cs.assumption,
            )
        )
    codes: list[str] = []
    params: list[tuple[str, str]] = []
    if not activities or hours == 0:
        codes.append("workload.no_hours")
    elif stated_credits is not None and stated_system:
        cs = data.credit_system(stated_system)
        low, high = hours / cs.hours_range[1], hours / cs.hours_range[0]
        # Half a credit of slack either side: credits are usually stated in halves or wholes.
        if not (low - Decimal("0.5") <= stated_credits <= high + Decimal("0.5")):
            codes.append("workload.credits_disagree")
            params += [
                ("stated", format(stated_credits.normalize(), "f")),
                ("system", stated_system),
                ("low", format(_q(low), "f")),
                ("high", format(_q(high), "f")),
                ("hours", format(_q(hours), "f")),
            ]
    return WorkloadEstimate(
        tuple(activities), _q(hours), tuple(figures), data.credit_systems_version, tuple(codes), tuple(params)
    )
