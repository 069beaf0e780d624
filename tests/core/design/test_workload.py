"""The workload estimator: activities -> notional hours -> ECTS, VN-TC, LA-CR, IT-CFU."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from microcred.conversion.credits import convert_credits
from microcred.design import Activity, estimate_workload
from microcred.errors import ConversionError
from microcred.model.spec import WorkloadActivity


def _figures(estimate: object) -> dict[str, object]:
    return {f.system: f for f in estimate.figures}  # type: ignore[attr-defined]


def test_a_six_ects_course_is_totalled_and_shown_in_four_systems() -> None:
    # A realistic 6-ECTS course: 2 h lectures and 1 h seminar a week for 13 weeks, 8 lab
    # sessions of 3 h, self-study, a project, exam preparation and the 2-hour exam.
    activities = [
        Activity("lecture", per_week=D(2), weeks=13),
        Activity("seminar", per_week=D(1), weeks=13),
        Activity("lab", hours=D(24)),
        Activity("self_study", hours=D(55)),
        Activity("project", hours=D(30)),
        Activity("assessment_preparation", hours=D(20)),
        Activity("exam", hours=D(2)),
    ]
    estimate = estimate_workload(activities, stated_credits=D(6), stated_system="ECTS")
    assert estimate.hours == D(170)
    figures = _figures(estimate)
    assert figures["ECTS"].credits == D("6.8") and figures["ECTS"].credits_range == (D("5.67"), D("6.8"))
    assert figures["VN-TC"].credits == D("3.4")
    assert figures["IT-CFU"].credits == D("6.8")
    assert figures["LA-CR"].assumption is True
    assert "17/2021" in figures["VN-TC"].source and estimate.table_version
    assert estimate.codes == ()  # 6 lies within 5.67-6.8


def test_the_figures_agree_with_the_cores_conversion_tables() -> None:
    estimate = estimate_workload([Activity("other", hours=D(150))])
    for f in estimate.figures:
        # 6 ECTS = 150 h; the estimator and convert_credits read the same table.
        assert f.credits == convert_credits(6, "ECTS", f.system).result.quantize(D("0.01")).normalize()


@pytest.mark.parametrize(
    ("hours", "credits", "system", "disagree"),
    [
        (D(150), D(3), "VN-TC", False),  # Vietnamese 3-credit course: 150 standard hours
        (D(150), D(5), "VN-TC", True),
        (D(75), D(3), "ECTS", False),
        (D(75), D(6), "ECTS", True),
        (D(144), D(3), "LA-CR", False),  # 48 h default, 32-96 h range
    ],
)
def test_stated_credits_that_the_hours_do_not_support_are_flagged(
    hours: D, credits: D, system: str, disagree: bool
) -> None:
    estimate = estimate_workload(
        [Activity("other", hours=hours)], stated_credits=credits, stated_system=system
    )
    assert ("workload.credits_disagree" in estimate.codes) is disagree
    if disagree:
        assert dict(estimate.params)["system"] == system


def test_no_activities_asks_for_hours() -> None:
    assert estimate_workload([]).codes == ("workload.no_hours",)


@pytest.mark.parametrize(
    "activity",
    [
        Activity("lecture", hours=D(-1)),
        Activity("lecture", hours=D("NaN")),
        Activity("lecture", hours=D("1e9")),
        Activity("lecture", per_week=D(100), weeks=520),
        Activity("party", hours=D(1)),
        Activity("lecture", per_week=D(1), weeks=-3),
    ],
)
def test_an_impossible_activity_is_refused_with_where(activity: Activity) -> None:
    with pytest.raises(ConversionError) as info:
        estimate_workload([Activity("exam", hours=D(2)), activity])
    assert info.value.where == "activity 2"


def test_too_many_activities_are_refused() -> None:
    with pytest.raises(ConversionError):
        estimate_workload([Activity("lecture", hours=D(1))] * 41)


def test_an_activity_recorded_on_a_specification_is_read_back() -> None:
    recorded = WorkloadActivity(kind="lab", per_week=D(3), weeks=8)
    assert Activity.of(recorded).total == D(24)
