"""An officer reclassifies a finding of the proposal with a justification (the core's
``overrides``); under a four-eyes agreement the engine waits for a second officer; the new
proposal applies it and replays like any other."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.findings import recognition_finding_reclassify
from microcred_web.recognition.models import Status
from microcred_web.recognition.replay_check import recognition_case_replay
from tests.web.recognition.conftest import client_for, imported_case

WHY = "The learner's bachelor-level course is followed by a bridging module at R7 that we offer."


def test_a_level_gap_judged_remediable_gives_a_conditional_decision_after_a_second_approval(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E5", "unidu", consortium, officers)
    assert case.proposal["outcome"] == "NOT_RECOGNISED"
    subject = next(f["subject"] for f in case.proposal["findings"] if f["code"] == "LEVEL_BELOW_TARGET")
    first, second = client_for(officers["unidu"]), client_for(officers.second("unidu"))
    first.post(
        reverse("recognition:reclassify", args=[case.uuid]),
        {
            "finding": f"S5|LEVEL_BELOW_TARGET|{subject}",
            "materiality": "REMEDIABLE",
            "justification": WHY,
            "remedy_type": "BRIDGING_MODULE",
            "remedy_description": "pass the R7 bridging module in destination management",
        },
    )
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW and len(case.finding_overrides) == 1

    first.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.proposal["outcome"] == "PENDING_INFORMATION"  # the engine waits for four eyes
    assert case.status == Status.UNDER_REVIEW  # the desk waits for itself, not for the learner
    assert not case.events.filter(action="INFORMATION_REQUESTED").exists()

    first.post(reverse("recognition:reclassify_approve", args=[case.uuid, 0]))  # not by the same officer
    case.refresh_from_db()
    assert case.finding_overrides[0]["approved_by"] is None
    second.post(reverse("recognition:reclassify_approve", args=[case.uuid, 0]))
    first.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.proposal["outcome"] == "CONDITIONAL"
    assert (
        case.case_input["overrides"][0]["approved_by"]
        == f"user:{officers.second('unidu').pk} (recognition_officer)"
    )
    level = next(f for f in case.proposal["findings"] if f["code"] == "LEVEL_BELOW_TARGET")
    assert level["materiality"] == "REMEDIABLE" and level["override"]["justification"] == WHY
    assert recognition_case_replay(case=case, by=officers["unidu"]).matches
    actions = list(case.events.values_list("action", flat=True))
    assert "FINDING_RECLASSIFIED" in actions and "FINDING_RECLASSIFICATION_APPROVED" in actions


def test_a_reclassification_without_a_justification_is_refused(consortium: Any, officers: Any) -> None:
    case = imported_case("E5", "unidu", consortium, officers)
    subject = next(f["subject"] for f in case.proposal["findings"] if f["code"] == "LEVEL_BELOW_TARGET")
    with pytest.raises(RecognitionInputError) as exc:
        recognition_finding_reclassify(
            case=case,
            by=officers["unidu"],
            standard="S5",
            code="LEVEL_BELOW_TARGET",
            subject=subject,
            materiality="NON_SUBSTANTIAL",
            justification="fine",
        )
    assert exc.value.where == "justification"
    case.refresh_from_db()
    assert case.finding_overrides == []


def test_an_authenticity_finding_cannot_be_reclassified(consortium: Any, officers: Any) -> None:
    case = imported_case("E3", "buh", consortium, officers)
    subject = next(f["subject"] for f in case.proposal["findings"] if f["standard"] == "S1")
    with pytest.raises(RecognitionInputError, match="authenticity"):
        recognition_finding_reclassify(
            case=case,
            by=officers["buh"],
            standard="S1",
            code="UNSIGNED_URL_MATCH",
            subject=subject,
            materiality="SUBSTANTIAL",
            justification=WHY,
        )


def test_an_officer_records_the_level_of_a_credential_that_states_none(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E3", "buh", consortium, officers)
    s5 = next(s for s in case.proposal["standards"] if s["standard"] == "S5")
    assert s5["result"] != "PASS"
    credential_id = case.evidence[0]["record"]["credential_id"]
    officer = client_for(officers["buh"])
    officer.post(
        reverse("recognition:level", args=[case.uuid]),
        {"credential_id": credential_id, "level": "EQF:6", "justification": WHY},
    )
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.case_input["level_assessments"][0]["level"] == "EQF:6"
    s5 = next(s for s in case.proposal["standards"] if s["standard"] == "S5")
    assert s5["result"] in ("PASS", "PASS_WITH_NOTE")
    assert case.proposal["outcome"] == "NOT_RECOGNISED"  # quality and workload still differ substantially
    assert case.events.filter(action="LEVEL_RECORDED").exists()
