"""The rules an officer's judgment keeps, in the core (ADR 0852): override, reclassification,
four eyes on a decision, appeals. The web's services only word the refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from microcred.recognition import desk_rules as rules

REASON = "the outcomes were assessed again in full"


def test_no_override_awards_credits_without_authenticity_but_any_may_refuse() -> None:
    award = {"credits": Decimal(6), "justification": REASON, "authenticity": False}
    for outcome in ("FULL", "PARTIAL", "CONDITIONAL"):
        refusal = rules.override_refusal(outcome=outcome, **award)  # type: ignore[arg-type]
        assert refusal is not None and refusal.code == "decide.authenticity"
    refusal = rules.override_refusal(
        outcome="NOT_RECOGNISED", credits=None, justification=REASON, authenticity=False
    )
    assert refusal is None
    assert (
        rules.override_refusal(outcome="FULL", credits=Decimal(6), justification=REASON, authenticity=True)
        is None
    )


@pytest.mark.parametrize(
    ("outcome", "credits", "justification", "code", "where"),
    [
        ("PENDING_INFORMATION", None, REASON, "decide.outcome_needed", "outcome"),
        ("", None, REASON, "decide.outcome_needed", "outcome"),
        ("FULL", Decimal(6), "too short", "decide.justification_short", "justification"),
        ("PARTIAL", None, REASON, "decide.credits_needed", "credits"),
    ],
)
def test_an_override_names_what_it_lacks(
    outcome: str, credits: Decimal | None, justification: str, code: str, where: str
) -> None:
    refusal = rules.override_refusal(
        outcome=outcome, credits=credits, justification=justification, authenticity=True
    )
    assert refusal is not None and (refusal.code, refusal.where) == (code, where)


def test_a_proposal_waiting_for_information_is_never_confirmed() -> None:
    assert rules.confirm_refusal("PENDING_INFORMATION") == rules.Refusal("decide.confirm_pending", "decision")
    assert rules.confirm_refusal("CONDITIONAL") is None


def test_authenticity_is_established_only_when_every_s1_result_passes() -> None:
    assert rules.authenticity_established(
        [{"standard": "S1", "result": "PASS"}, {"standard": "S4", "result": "FAIL"}]
    )
    assert not rules.authenticity_established(
        [{"standard": "S1", "result": "PASS"}, {"standard": "S1", "result": "FAIL"}]
    )
    assert not rules.authenticity_established(
        [{"standard": "S2", "result": "PASS"}]
    )  # no S1: not established


def _reclassify(**given: object) -> rules.Refusal | None:
    args: dict[str, object] = {
        "standard": "S7",
        "materiality": "REMEDIABLE",
        "current": "SUBSTANTIAL",
        "justification": REASON,
        "remedy_type": "exam",
        "remedy_description": "a supplementary exam on LO3",
        "finding_has_remedy": False,
        "already": False,
    }
    return rules.reclassification_refusal(**{**args, **given})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ({"standard": "S1"}, "reclassify.authenticity"),
        ({"materiality": "SUBSTANTIAL"}, "reclassify.same_materiality"),
        ({"materiality": "MINOR"}, "reclassify.same_materiality"),
        ({"justification": "short"}, "reclassify.justification_short"),
        ({"remedy_description": " "}, "reclassify.remedy_incomplete"),
        ({"remedy_type": "", "remedy_description": ""}, "reclassify.remedy_needed"),
        ({"already": True}, "reclassify.already"),
    ],
)
def test_a_reclassification_keeps_the_rules(given: dict[str, object], code: str) -> None:
    refusal = _reclassify(**given)
    assert refusal is not None and refusal.code == code
    assert _reclassify() is None
    assert _reclassify(remedy_type="", remedy_description="", finding_has_remedy=True) is None


def test_four_eyes_on_a_decision_is_the_core_rule() -> None:
    assert rules.needs_second_signature(agreement_asks=True, outcome="NOT_RECOGNISED", override=False)
    assert rules.needs_second_signature(agreement_asks=True, outcome="FULL", override=True)
    assert not rules.needs_second_signature(agreement_asks=True, outcome="FULL", override=False)
    assert not rules.needs_second_signature(agreement_asks=False, outcome="NOT_RECOGNISED", override=True)


def test_an_appeal_is_lodged_in_time_with_grounds_and_decided_with_reasons() -> None:
    deadline = date(2026, 11, 1)
    assert rules.appeal_refusal(today=deadline, deadline=deadline, grounds="the outcomes match") is None
    late = rules.appeal_refusal(today=date(2026, 11, 2), deadline=deadline, grounds="the outcomes match")
    assert late == rules.Refusal("appeal.deadline_passed", "appeal", {"value": "2026-11-01"})
    short = rules.appeal_refusal(today=deadline, deadline=None, grounds="unfair")
    assert short is not None and short.code == "appeal.grounds_short"
    assert rules.appeal_decision_refusal(result="upheld", reasons=REASON) is None
    assert rules.appeal_decision_refusal(result="maybe", reasons=REASON) == rules.Refusal(
        "appeal_decide.result", "result"
    )


def test_a_decision_changes_when_its_outcome_or_credits_do_not_their_spelling() -> None:
    def decision(outcome: str, credits: str) -> rules.Decision:
        return rules.Decision(outcome, credits, "ECTS", override=False, justification="")

    before = decision("PARTIAL", "3.0")
    assert not rules.decision_changed(before, decision("PARTIAL", "3"))
    assert rules.decision_changed(before, decision("PARTIAL", "4"))
    assert rules.decision_changed(before, decision("FULL", "3"))


def test_a_decision_reads_back_as_it_was_written() -> None:
    written = rules.Decision("CONDITIONAL", "4.5", "ECTS", override=True, justification=REASON)
    assert rules.Decision.from_json(written.to_json()) == written
    assert rules.Decision.from_json({"outcome": "NOT_RECOGNISED", "credits": None}).amount is None
