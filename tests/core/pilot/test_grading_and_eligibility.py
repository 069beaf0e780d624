"""Grades are read in the specification's own scheme, pass/fail comes from the scheme, and only a
pass with an identity check that keeps the specification's supervision promise (Annex I O2)
makes a learner eligible."""

from __future__ import annotations

import pytest

from microcred.pilot import GradeError, eligibility, read_grade, scheme_named, supervision_satisfies

VN = "10-point scale with letter grades A-F"


@pytest.mark.parametrize(
    ("scheme", "raw", "grade", "passed"),
    [
        (VN, "8.5", "8.5", True),
        (VN, "7,0", "7", True),  # a decimal comma, as Vietnamese spreadsheets write it
        (VN, "4", "4", True),
        (VN, "3.99", "3.99", False),
        (VN, "b", "B", True),
        (VN, "F", "F", False),
        ("Letter grades A-F", "D+", "D+", True),
        ("Letter grades A-F", "F", "F", False),
        ("0-20 scale", "10", "10", True),
        ("0-20 scale", "9.5", "9.5", False),
        ("Croatian grading scale 1-5", "2", "2", True),
        ("Croatian grading scale 1-5", "1", "1", False),
        ("ECTS grading scale A-F", "E", "E", True),
        ("ECTS grading scale A-F", "FX", "FX", False),
        ("Italian university scale 18-30 e lode", "30 e lode", "30 e lode", True),
        ("Italian university scale 18-30 e lode", "17", "17", False),
    ],
)
def test_a_grade_is_read_in_its_scheme_and_the_scheme_says_whether_it_passes(
    scheme: str, raw: str, grade: str, passed: bool
) -> None:
    reading = read_grade(raw, scheme_named(scheme))
    assert reading is not None
    assert (reading.grade, reading.passed) == (grade, passed)


@pytest.mark.parametrize("raw", ["11", "-1", "7.5.1", "NaN", "1e1", '=HYPERLINK("x")', "A+", ""])
def test_a_grade_outside_the_scheme_is_refused_with_its_code(raw: str) -> None:
    with pytest.raises(GradeError) as caught:
        read_grade(raw, scheme_named(VN))
    assert caught.value.code == "grade.not_in_scheme"
    assert caught.value.params == {"grade": raw, "scheme": VN}


def test_an_unknown_scheme_reads_no_grade_so_the_result_must_say_whether_it_passed() -> None:
    assert scheme_named("Pass/fail by portfolio") is None
    assert scheme_named(None) is None
    assert read_grade("excellent", None) is None


def test_a_stronger_identity_check_keeps_a_weaker_promise_and_never_the_reverse() -> None:
    assert supervision_satisfies("supervised_with_id", "supervised_no_id")
    assert supervision_satisfies("supervised_with_id", "supervised_with_id")
    assert not supervision_satisfies("supervised_no_id", "supervised_with_id")
    assert not supervision_satisfies(None, "unsupervised_no_id")
    assert not supervision_satisfies("proctored", "supervised_no_id")
    assert supervision_satisfies(None, None)  # the specification promises nothing


def test_only_a_pass_with_a_sufficient_identity_check_is_eligible_and_each_obstacle_is_named() -> None:
    assert eligibility(passed=True, applied="supervised_with_id", required="supervised_with_id").eligible
    failed = eligibility(passed=False, applied="supervised_no_id", required="supervised_with_id")
    assert not failed.eligible
    assert failed.reasons == ("eligibility.not_passed", "eligibility.supervision_short")
    assert eligibility(passed=None, applied=None, required=None).reasons == ("eligibility.no_result",)
