"""ADR 0530 (supersedes the "revocation unknown → pass with a note" part of ADR 0509): a revoked or
suspended credential is refused on authenticity, one whose status could not be checked waits for
it, and no path yields credits with a status that is revoked, suspended or unknown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.cli import main
from microcred.recognition import render_text
from tests.core.recognition._helpers import EXAMPLES, decide, example, record
from tests.core.recognition.test_signed_credential_cases import (
    LIST_URL,
    _case_with_status_entry,
    _status_list_file,
)

CASES = sorted(p.stem for p in EXAMPLES.glob("*.json") if p.stem[0] in "EX")
NO_CREDITS = {"NOT_RECOGNISED", "PENDING_INFORMATION"}


def _with_status(data: dict[str, Any], result: str) -> dict[str, Any]:
    """The case with a recorded status check on its first credential, wherever its kind keeps it."""
    check = {
        "result": result,
        "source": LIST_URL,
        "checked_at": "2026-09-30T08:00:00Z",
        "checker": "officer-7",
    }
    ev = data["credentials"][0]
    target = ev if ev["kind"] == "signed_credential" else ev.get("record") or ev.get("award")
    target["status"] = [check]
    return data


@pytest.mark.parametrize("result", ["revoked", "suspended", "not_checked"])
@pytest.mark.parametrize("name", CASES)
def test_no_case_earns_credits_on_a_revoked_suspended_or_unchecked_status(name: str, result: str) -> None:
    report = decide(_with_status(example(name), result)).report
    assert report["outcome"] in NO_CREDITS
    assert report["credits_awarded"] is None and report["on_condition_met"] is None
    s1 = [s for s in report["standards"] if s["standard"] == "S1"]
    assert s1[0]["result"] in ("FAIL", "UNKNOWN")


@pytest.mark.parametrize("result", ["revoked", "suspended"])
def test_a_revoked_or_suspended_credential_is_refused_on_authenticity_with_its_reason(result: str) -> None:
    report = decide(_with_status(example("E1"), result)).report
    assert report["outcome"] == "NOT_RECOGNISED" and report["refusal_grounds"] == ["AUTHENTICITY_FAILED"]
    assert report["gate"]["code"] == result.upper() and LIST_URL in report["gate"]["observed"]
    assert report["not_relied_on"] == [f"S{i}" for i in range(2, 12)]
    assert report["conversion"]["steps"] == [] and report["conversion"]["converted_value"] is None


def test_an_unchecked_status_asks_for_the_list_naming_the_issuer() -> None:
    report = decide(_with_status(example("E1"), "not_checked")).report
    assert report["outcome"] == "PENDING_INFORMATION"
    (item,) = report["missing_information"]
    assert item["code"] == "S1.STATUS_NOT_CHECKED" and item["supplier"] == "recognition_officer"
    assert item["params"] == {
        "credential": "MU-MC-2025-0620",
        "issuer": "Masaryk University",
        "list": LIST_URL,
    }
    assert "Masaryk University's status list" in item["item"]


def test_an_active_status_recorded_by_the_officer_lets_the_case_through_unchanged() -> None:
    before = decide(example("E1")).report
    after = decide(_with_status(example("E1"), "active")).report
    assert (after["outcome"], after["credits_awarded"]) == (before["outcome"], before["credits_awarded"])


def test_a_case_file_of_format_1_0_without_status_reads_as_before() -> None:
    data = example("E1")
    assert data["format_version"] == "1.0" and "status" not in record(data)
    assert decide(data).report["outcome"] == "FULL"


# ------------------------------------------------------------------- the command line


def _recognize(tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any], *args: str) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc), "utf-8")
    assert main(["recognize", str(path), "--trust", "demo", *args]) == 0  # any outcome is exit 0
    return capsys.readouterr().out


def test_recognize_with_the_revoked_list_at_hand_refuses_and_leads_with_the_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    revoked = _status_list_file(tmp_path, revoked=True)
    text = _recognize(tmp_path, capsys, _case_with_status_entry(), "--status-list", revoked)
    lines = text.splitlines()
    assert lines[0].endswith("NOT_RECOGNISED (EXEMPTION)")
    assert lines[1].startswith("  refused at S1 Authenticity & integrity (MU-MC-2025-0620): REVOKED")
    assert "(not relied on)" in text and "credits if" not in text and "Conversion:" not in text
    assert "credits awarded" not in text


def test_recognize_reads_status_lists_embedded_in_the_case_as_it_reads_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _case_with_status_entry()
    doc["status_lists"] = [json.loads(Path(_status_list_file(tmp_path, revoked=True)).read_text("utf-8"))]
    out = _recognize(tmp_path, capsys, doc, "--format", "json")
    report = json.loads(out)
    assert report["outcome"] == "NOT_RECOGNISED" and report["gate"]["code"] == "REVOKED"


def test_recognize_without_the_list_is_pending_with_the_item_and_its_deadline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _recognize(tmp_path, capsys, _case_with_status_entry())
    assert "PENDING_INFORMATION" in text.splitlines()[0]
    assert (
        f"missing: the revocation status of MU-MC-2025-0620 on Masaryk University's status list {LIST_URL}"
        in text
    )
    assert "  information deadline: 2026-10-31" in text and "credits awarded" not in text


# ------------------------------------------------------------------- rationale that reads right


def test_a_failed_seal_is_not_also_called_impossible_to_verify() -> None:
    text = render_text(decide(example("X04-authenticity-failure")).report)
    assert "VERIFICATION_FAILED" in text and "none possible" not in text
    assert text.splitlines()[1].startswith("  refused at S1")


def test_kappa_is_printed_with_its_sum_in_brackets() -> None:
    text = render_text(decide(example("E1")).report)
    assert "LO coverage κ: (1×1 + 1×1 + 1×1 + 1×1 + 1×0) / 5 = 0.8" in text


def test_a_conditional_exemption_shows_only_the_credits_that_follow_the_condition() -> None:
    report = decide(example("X12-unsupervised-exam-conditional")).report
    assert report["outcome"] == "CONDITIONAL"
    labels = [s["label"] for s in report["conversion"]["steps"]]
    assert f"credits if {report['on_condition_met']['outcome']}" in labels
    assert not any(
        label.startswith("credits if ")
        and label.endswith(("FULL", "PARTIAL"))
        and label != f"credits if {report['on_condition_met']['outcome']}"
        for label in labels
    )
    assert report["ledger_effects"]["applies_when"].startswith("the conditions are met")


def test_partly_matched_outcomes_are_named_partly_covered() -> None:
    data = example("E2")
    rows = data["lo_matrix"]["rows"]
    rows[3] = {**rows[3], "coverage": "NONE", "sources": []}
    rows[4] = {**rows[4], "coverage": "PARTIAL", "sources": ["UEH-MC-2026-0415#LO4"]}
    text = render_text(decide(data).report)
    assert "not covered: LO4, LO6; partly covered: LO5" in text


def test_a_missing_qa_standing_names_the_agency_not_only_the_registry_code() -> None:
    data = example("E1")
    record(data)["qa"] = [
        {
            "kind": "accreditation",
            "registry": "NAB",
            "agency": "National Accreditation Bureau (CZ)",
            "scope": "institution",
        }
    ]
    items = [m["item"] for m in decide(data).report["missing_information"]]
    assert any("National Accreditation Bureau (CZ) (NAB)" in i for i in items)


# ------------------------------------------------------------------- remedies in the host's terms


def _partial_exemption(host_country: str) -> str:
    data = example("E2")
    data["target"]["institution"]["country"] = host_country
    data["agreements"] = []
    report = decide(data).report
    return str(report["award"]["remainder"]["description"] if report["award"] else report)


def test_a_remedy_is_named_in_neutral_terms_for_a_host_whose_profile_names_none() -> None:
    assert _partial_exemption("VN").startswith("supplementary assessment on LO5, LO6")


def test_an_italian_host_names_its_supplementary_exam_prova_integrativa() -> None:
    assert _partial_exemption("IT").startswith("supplementary exam (prova integrativa) on LO5, LO6")


def test_an_agreement_names_a_remedy_in_its_own_terms() -> None:
    data = example("E2")
    agreement = json.loads((EXAMPLES / "agreements" / "UEH-UNISI.v1.json").read_text("utf-8"))
    agreement["parameters"]["remedies"] = {"SUPPLEMENTARY_EXAM": "esame integrativo"}
    data["agreements"] = [agreement]
    report = decide(data).report
    assert report["award"]["remainder"]["description"] == "esame integrativo on LO5, LO6"
    assert report["agreement"]["overrides"]["remedies.SUPPLEMENTARY_EXAM"] == "UEH-UNISI@1"


def test_a_verifier_that_could_not_confirm_is_not_reported_as_no_verifier() -> None:
    data = example("X09-signed-credential-awaiting-verifier")
    data["credentials"][0]["verification"] = [
        {"method": "ob3_signature", "outcome": "not_checked", "checker": "microcred.verification 0.1.0"}
    ]
    report = decide(data).report
    assert report["outcome"] == "PENDING_INFORMATION"
    s1 = next(s for s in report["standards"] if s["standard"] == "S1")
    assert s1["indicators"]["verification"] == "ob3_signature not confirmed by microcred.verification 0.1.0"
    assert not any("no verifier has checked" in m["item"] for m in report["missing_information"])


OTHER_LIST = "https://other.example/status/1"
status_checks = st.lists(
    st.fixed_dictionaries(
        {
            "result": st.sampled_from(["active", "no_entry", "revoked", "suspended", "not_checked"]),
            "source": st.sampled_from([LIST_URL, OTHER_LIST, None]),
        }
    ),
    max_size=3,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    checks=status_checks,
    revoked=st.sampled_from([None, False, True]),
    outcome=st.sampled_from(["valid", "not_checked", "invalid"]),
)
def test_credits_only_ever_follow_a_status_that_was_checked_and_clear(
    checks: list[dict[str, Any]], revoked: bool | None, outcome: str
) -> None:
    data = example("E1")
    rec = record(data)
    rec["status"], rec["revoked"] = checks, revoked
    rec["verification"][0]["outcome"] = outcome
    report = decide(data).report
    if report["outcome"] not in ("FULL", "PARTIAL", "CONDITIONAL"):
        return
    assert revoked is not True and outcome == "valid"
    assert not any(c["result"] in ("revoked", "suspended") for c in checks)
    confirmed = {c["source"] for c in checks if c["result"] in ("active", "no_entry")}
    for c in checks:
        if c["result"] == "not_checked":
            assert None in confirmed or c["source"] in confirmed


def test_the_x15_example_waits_for_the_status_list_it_could_not_fetch() -> None:
    report = decide(example("X15-status-not-checked-pending")).report
    assert report["outcome"] == "PENDING_INFORMATION" and report["credits_awarded"] is None
    assert [m["code"] for m in report["missing_information"]] == ["S1.STATUS_NOT_CHECKED"]
    assert report["missing_information"][0]["params"]["list"] == "https://muni.example/status/revocation-1"
