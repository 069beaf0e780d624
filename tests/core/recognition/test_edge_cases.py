"""Edge cases beyond §7: caps, ledger, authenticity, missing data, fast path, overrides, remedies."""

from __future__ import annotations

import copy

import pytest

from microcred.errors import MicrocredError
from microcred.recognition.values import Outcome
from tests.core.recognition._helpers import decide, example, findings, record


def test_an_elective_over_the_cap_is_reduced_to_the_remaining_credits() -> None:
    rec = decide(example("X01-cap-reached-elective-partial"))
    r = rec.report
    assert (r["outcome"], r["credits_awarded"], r["award"]["reasons"]) == ("PARTIAL", "3", ["POLICY_CAP"])
    assert r["award"]["remainder"]["type"] == "NOT_AWARDED"
    assert r["award"]["remainder"]["credits"] == "2"


def test_an_indivisible_exemption_over_the_cap_is_refused_on_policy_grounds() -> None:
    rec = decide(example("X02-cap-exceeded-exemption-refused"))
    assert rec.decision.outcome is Outcome.NOT_RECOGNISED
    assert rec.report["refusal_grounds"] == ["POLICY"]
    assert findings(rec) >= {"CAP_EXCEEDED"}


def test_a_credential_already_consumed_in_the_programme_is_refused() -> None:
    rec = decide(example("X03-already-consumed"))
    assert rec.decision.outcome is Outcome.NOT_RECOGNISED
    assert "ALREADY_CONSUMED" in findings(rec)


def test_an_invalid_seal_refuses_with_an_integrity_flag_before_anything_else() -> None:
    data = example("X04-authenticity-failure")
    record(data).pop("level")  # missing data does not delay an integrity refusal
    rec = decide(data)
    assert rec.decision.outcome is Outcome.NOT_RECOGNISED
    assert rec.report["refusal_grounds"] == ["AUTHENTICITY_FAILED"]
    assert rec.report["integrity_flag"] is True


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda r: r.update(revoked=True), "REVOKED"),
        (lambda r: r["learner"].update(holder_matches=False), "HOLDER_MISMATCH"),
    ],
)
def test_revocation_and_a_holder_mismatch_are_authenticity_failures(change, code) -> None:  # type: ignore[no-untyped-def]
    data = example("E1")
    change(record(data))
    rec = decide(data)
    assert rec.report["refusal_grounds"] == ["AUTHENTICITY_FAILED"]
    assert code in findings(rec)


def test_missing_data_gives_pending_information_listing_each_item_and_who_supplies_it() -> None:
    rec = decide(example("X05-missing-information"))
    r = rec.report
    assert r["outcome"] == "PENDING_INFORMATION"
    wheres = [m["where"] for m in r["missing_information"]]
    assert wheres == [
        "MU-MC-2025-0620.workload",
        "MU-MC-2025-0620.level",
        "lo_matrix",
        "MU-MC-2025-0620.result.passed",
    ]
    assert r["information_deadline"] == "2026-10-31"
    assert {m["supplier"] for m in r["missing_information"]} == {
        "applicant or issuer",
        "academic_reviewer",
        "issuer",
    }


def test_a_pre_approved_equivalence_skips_s5_to_s8_but_assesses_the_learner_individually() -> None:
    rec = decide(example("X06-pre-approved-fast-path"))
    r = rec.report
    assert (r["outcome"], r["credits_awarded"], r["credit_system"]) == ("FULL", "6", "IT-CFU")
    results = {s["standard"]: s["result"] for s in r["standards"]}
    assert all(results[s] == "NOT_APPLICABLE" for s in ("S5", "S6", "S7", "S8"))
    assert all(results[s] == "PASS" for s in ("S1", "S3", "S4", "S9", "S10", "S11"))
    assert "TV-UEH-BANK-OPS-UNISI-BFI-6" in r["conversion"]["steps"][0]["expression"]


def test_the_fast_path_still_refuses_a_learner_who_did_not_pass() -> None:
    data = example("X06-pre-approved-fast-path")
    record(data)["result"]["passed"] = False
    rec = decide(data)
    assert rec.decision.outcome is Outcome.NOT_RECOGNISED
    assert "NOT_PASSED" in findings(rec)


def test_an_expired_pre_approved_equivalence_falls_back_to_the_full_assessment() -> None:
    data = example("X06-pre-approved-fast-path")
    data["decision_date"] = "2028-06-15"
    rec = decide(data)
    s7 = next(s for s in rec.report["standards"] if s["standard"] == "S7")
    assert s7["result"] == "UNKNOWN"  # the full path needs the LO matrix again
    assert rec.decision.outcome is Outcome.PENDING_INFORMATION


def test_a_bilateral_hours_factor_overrides_the_profile_and_says_so() -> None:
    rec = decide(example("X07-bilateral-hours-override"))
    r = rec.report
    assert r["agreement"]["overrides"] == {"hours_per_credit.ECTS": "MU-NEU@1"}
    assert "5 ECTS x 30 h (MU-NEU@1 hours_per_credit.ECTS)" in r["conversion"]["steps"][0]["expression"]
    assert r["conversion"]["converted_value"] == "3"
    assert r["outcome"] == "FULL"


def test_a_bilateral_threshold_override_can_turn_full_into_partial() -> None:
    r = decide(example("X08-bilateral-threshold-override")).report
    assert (r["outcome"], r["credits_awarded"], r["award"]["reasons"]) == ("PARTIAL", "2", ["LO_COVERAGE"])
    assert r["award"]["remainder"]["scope"] == ["LO5"]


def test_a_signed_credential_without_a_verifier_waits_for_verification_rather_than_failing() -> None:
    r = decide(example("X09-signed-credential-awaiting-verifier")).report
    assert r["outcome"] == "PENDING_INFORMATION"
    assert r["missing_information"][0]["item"].startswith("verification of the signed credential")


def test_a_register_entry_read_from_a_spec_file_decides_like_the_record() -> None:
    assert decide(example("X10-register-entry-by-path")).report["outcome"] == "FULL"


def test_unconfirmed_suggestions_leave_the_case_pending_and_never_refuse() -> None:
    r = decide(example("X11-unconfirmed-suggestions-pending")).report
    assert r["outcome"] == "PENDING_INFORMATION"
    assert r["missing_information"][0]["supplier"] == "academic_reviewer"


def test_an_exam_without_identity_check_makes_an_exemption_conditional() -> None:
    r = decide(example("X12-unsupervised-exam-conditional")).report
    assert r["outcome"] == "CONDITIONAL"
    assert r["conditions"][0]["type"] == "SUPERVISED_REASSESSMENT"
    assert (r["on_condition_met"]["outcome"], r["on_condition_met"]["credits_awarded"]) == ("FULL", "3")


def test_weak_quality_assurance_is_remediable_by_an_rpl_assessment() -> None:
    r = decide(example("X13-weak-qa-conditional-rpl")).report
    assert r["outcome"] == "CONDITIONAL"
    assert r["conditions"][0]["type"] == "RPL_ASSESSMENT"


def test_an_attendance_certificate_is_refused_as_no_assessment() -> None:
    data = example("E1")
    record(data)["assessment"]["type"] = "none_attendance"
    rec = decide(data)
    assert rec.report["refusal_grounds"] == ["QUALITY"]
    assert "NO_ASSESSMENT" in findings(rec)


def test_accreditation_by_an_unlisted_agency_asks_the_officer_instead_of_refusing() -> None:
    data = example("E1")
    record(data)["qa"][0]["registry"] = "NATIONAL-OTHER"
    r = decide(data).report
    assert r["outcome"] == "PENDING_INFORMATION"
    assert r["missing_information"][0]["supplier"] == "recognition_officer"


def test_a_stack_larger_than_allowed_is_refused_on_policy_grounds() -> None:
    data = example("E6")
    extra = copy.deepcopy(data["credentials"][1])
    for n in (2, 3):
        c = copy.deepcopy(extra)
        c["record"]["credential_id"] = f"UEH-MC-2026-EXTRA-{n}"
        data["credentials"].append(c)
    rec = decide(data)
    assert rec.decision.outcome is Outcome.NOT_RECOGNISED
    assert "STACK_TOO_LARGE" in findings(rec)


def test_the_bloom_gate_counts_a_lower_level_match_as_partial() -> None:
    data = example("E1")
    record(data)["learning_outcomes"][3]["bloom_level"] = "remember"  # LO4 evaluate <- remember
    r = decide(data).report
    s7 = next(s for s in r["standards"] if s["standard"] == "S7")
    assert s7["indicators"]["kappa"] == "0.7"
    assert any("Bloom gate" in n for n in s7["notes"])
    assert r["outcome"] == "PARTIAL"


def test_an_expired_agreement_pinned_by_the_case_falls_back_to_the_profile_with_a_note() -> None:
    data = example("X07-bilateral-hours-override")
    data["agreement_ref"] = "MU-NEU@1"
    data["decision_date"] = "2029-03-01"
    record(data)["issued_on"] = "2025-06-20"
    r = decide(data).report
    assert r["agreement"]["id"] == "M4A-DEFAULT"
    assert r["agreement"]["notes"][0].startswith("AGREEMENT_NOT_IN_FORCE")


def test_an_officer_recorded_level_replaces_a_platform_label() -> None:
    data = example("E3")
    data["level_assessments"] = [
        {
            "credential_id": "MOOC-PY-77341",
            "level": "EQF:6",
            "justification": "syllabus and assessment reviewed against the EQF 6 descriptors",
            "actor": "buh-officer-2",
        }
    ]
    rec = decide(data)
    assert "LEVEL_NOT_REFERENCED" not in findings(rec)
    assert rec.report["refusal_grounds"] == ["QUALITY", "WORKLOAD"]


def test_admission_grants_no_credits_and_ignores_workload() -> None:
    data = example("E1")
    data["purpose"] = "ADMISSION"
    r = decide(data).report
    assert (r["outcome"], r["credits_awarded"]) == ("FULL", None)
    assert r["ledger_effects"]["consume"] == []


def _override(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "standard": "S5",
        "code": "LEVEL_BELOW_TARGET",
        "materiality": "NON_SUBSTANTIAL",
        "justification": "the course is a bridging unit open to bachelor graduates; level difference judged not substantial",
        "actor": "unidu-officer-1",
    }
    base.update(kw)
    return base


def test_an_officer_override_waits_for_a_second_approver_under_four_eyes() -> None:
    data = example("E5")
    data["overrides"] = [_override()]
    r = decide(data).report
    assert r["outcome"] == "PENDING_INFORMATION"
    assert "second approval" in r["missing_information"][0]["item"]


def test_an_approved_override_downgrades_the_difference_and_is_recorded() -> None:
    data = example("E5")
    data["overrides"] = [_override(approved_by="unidu-vice-dean")]
    r = decide(data).report
    assert (r["outcome"], r["credits_awarded"]) == ("FULL", "5")
    [f] = [f for f in r["findings"] if f["code"] == "LEVEL_BELOW_TARGET"]
    assert f["override"]["previous_materiality"] == "SUBSTANTIAL"
    assert f["override"]["approved_by"] == "unidu-vice-dean"


def test_authenticity_findings_cannot_be_overridden() -> None:
    data = example("X04-authenticity-failure")
    data["overrides"] = [_override(standard="S1", code="VERIFICATION_FAILED", approved_by="x")]
    with pytest.raises(MicrocredError, match="authenticity"):
        decide(data)


def test_an_override_that_matches_nothing_is_an_input_error() -> None:
    data = example("E1")
    data["overrides"] = [_override(approved_by="x")]
    with pytest.raises(MicrocredError, match="matches no finding"):
        decide(data)


def test_partial_outcome_coverage_does_not_make_an_admission_partial() -> None:
    data = example("E2")
    data["purpose"] = "ADMISSION"
    r = decide(data).report
    assert (r["outcome"], r["credits_awarded"]) == ("FULL", None)
    s7 = next(s for s in r["standards"] if s["standard"] == "S7")
    assert s7["result"] == "PASS_WITH_NOTE"


def test_a_stack_toward_a_component_is_assessed_like_an_exemption_of_it() -> None:
    data = example("E6")
    data["purpose"] = "STACK_COMPONENT"
    r = decide(data).report
    assert (r["outcome"], r["recognition_type"], r["credits_awarded"]) == ("FULL", "STACK_COMPONENT", "8")


def test_one_forged_component_sinks_the_whole_stack() -> None:
    data = example("E6")
    record(data, 1)["verification"][0]["outcome"] = "invalid"
    r = decide(data).report
    assert r["refusal_grounds"] == ["AUTHENTICITY_FAILED"]


def test_a_level_recorded_by_the_officer_completes_a_credential_that_states_none() -> None:
    data = example("E1")
    del data["credentials"][0]["record"]["level"]
    waiting = decide(copy.deepcopy(data)).report
    assert waiting["outcome"] == "PENDING_INFORMATION"
    assert any(m["where"].endswith(".level") for m in waiting["missing_information"])
    data["level_assessments"] = [
        {
            "credential_id": "MU-MC-2025-0620",
            "level": "EQF:6",
            "justification": "syllabus and assessment reviewed against the EQF 6 descriptors",
            "actor": "unisi-officer-1",
        }
    ]
    decided = decide(data).report
    assert (decided["outcome"], decided["credits_awarded"]) == (
        decide(example("E1")).report["outcome"],
        decide(example("E1")).report["credits_awarded"],
    )
    assert not any(m["where"].endswith(".level") for m in decided["missing_information"])
