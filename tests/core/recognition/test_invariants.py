"""What must hold by construction (recognition.md §1.1 implications, §4.3 design notes)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from microcred.errors import MicrocredError
from microcred.recognition.policy import AllOf, AnyOf, Profile
from microcred.recognition.values import CheckResult, Element, Finding, Materiality, Outcome, Result
from tests.core.recognition._helpers import decide, example


def test_a_refusal_without_a_substantial_difference_cannot_be_built() -> None:
    refused = decide(example("E5")).decision
    stripped = tuple(replace(s, findings=()) for s in refused.standards)
    with pytest.raises(MicrocredError, match="substantial difference"):
        replace(refused, standards=stripped)


def test_a_conditional_decision_needs_its_on_condition_met() -> None:
    conditional = decide(example("E4")).decision
    with pytest.raises(MicrocredError, match="on_condition_met"):
        replace(conditional, on_condition_met=None)


def test_a_pending_decision_must_list_what_it_waits_for() -> None:
    pending = decide(example("X05-missing-information")).decision
    with pytest.raises(MicrocredError, match="missing information"):
        replace(pending, missing=())


def test_a_full_decision_must_carry_its_award() -> None:
    full = decide(example("E1")).decision
    with pytest.raises(MicrocredError, match="award"):
        replace(full, award=None)


def test_a_substantial_finding_must_say_why_it_matters() -> None:
    with pytest.raises(MicrocredError, match="explanation"):
        Finding("S5", "S5.x", "1", Element.LEVEL, "X", "R5", "R7", Materiality.SUBSTANTIAL, "  ")


def test_a_remediable_finding_must_offer_a_remedy() -> None:
    with pytest.raises(MicrocredError, match="remedy"):
        Finding("S9", "S9.x", "1", Element.QUALITY, "X", "old", "new", Materiality.REMEDIABLE, "dated")


def test_an_empty_all_of_is_an_error_not_a_pass() -> None:
    with pytest.raises(MicrocredError, match="empty AllOf"):
        AllOf()


def test_an_empty_any_of_is_an_error() -> None:
    with pytest.raises(MicrocredError, match="empty AnyOf"):
        AnyOf(otherwise=lambda s: CheckResult(Result.UNKNOWN))


def test_an_empty_profile_is_an_error() -> None:
    with pytest.raises(MicrocredError, match="at least one standard"):
        Profile()


def test_every_refusal_among_the_examples_names_its_substantial_differences() -> None:
    for name in (
        "E3",
        "E5",
        "X02-cap-exceeded-exemption-refused",
        "X03-already-consumed",
        "X04-authenticity-failure",
    ):
        d = decide(example(name)).decision
        assert d.outcome is Outcome.NOT_RECOGNISED
        assert d.substantial, name
        assert all(f.explanation for f in d.substantial)


def test_no_standard_result_is_a_number() -> None:
    report = decide(example("E2")).report
    for s in report["standards"]:
        assert s["result"] in {r.value for r in Result}
    assert "score" not in str(sorted(report))
