"""recognition.md §7: the worked examples E1-E6 are acceptance tests, run through the CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest

from microcred.cli import main
from tests.core.recognition._helpers import EXAMPLES


def _run(capsys: pytest.CaptureFixture[str], name: str) -> dict[str, Any]:
    code = main(["recognize", str(EXAMPLES / f"{name}.json"), "--format", "json"])
    assert code == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def test_e1_is_a_full_exemption_of_3_vietnamese_credits(capsys: pytest.CaptureFixture[str]) -> None:
    r = _run(capsys, "E1")
    assert (r["outcome"], r["recognition_type"], r["credits_awarded"], r["credit_system"]) == (
        "FULL",
        "EXEMPTION",
        "3",
        "VN-TC",
    )
    assert r["conversion"]["converted_value"] == "2"
    assert {f["code"] for f in r["non_substantial_differences"]} >= {"WORKLOAD_LOWER"}
    assert "17 % lower" in json.dumps(r["non_substantial_differences"])
    assert r["substantial_differences"] == []
    assert r["agreement"]["notes"][0].startswith("NO_AGREEMENT")


def test_e2_is_partial_4_cfu_with_a_supplementary_exam_on_lo5_and_lo6(
    capsys: pytest.CaptureFixture[str],
) -> None:
    r = _run(capsys, "E2")
    assert (r["outcome"], r["credits_awarded"], r["credit_system"]) == ("PARTIAL", "4", "IT-CFU")
    assert r["award"]["reasons"] == ["LO_COVERAGE"]
    assert r["award"]["remainder"]["scope"] == ["LO5", "LO6"]
    assert r["award"]["remainder"]["credits"] == "2"
    assert "-> 26 (IT-30)" in r["grade"]["UEH-MC-2026-0415"]
    assert "illustrative" in r["grade"]["UEH-MC-2026-0415"]
    assert r["agreement"]["id"] == "UEH-UNISI"
    assert r["agreement"]["chain"] == ["UEH-UNISI@1", "M4A-DEFAULT@1"]


def test_e3_refuses_a_non_quality_assured_mooc_for_quality_level_and_workload(
    capsys: pytest.CaptureFixture[str],
) -> None:
    r = _run(capsys, "E3")
    assert r["outcome"] == "NOT_RECOGNISED"
    assert r["credits_awarded"] is None
    assert r["refusal_grounds"] == ["LEVEL", "QUALITY", "WORKLOAD"]
    codes = {f["code"] for f in r["substantial_differences"]}
    assert codes == {"QA_NONE", "LEVEL_NOT_REFERENCED", "BELOW_MIN_CREDITABLE_UNIT"}
    assert any("RPL" in a for a in r["alternatives"])
    assert any("challenge exam" in a for a in r["alternatives"])


def test_e4_is_conditional_on_a_currency_assessment_then_4_ects_elective_credit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    r = _run(capsys, "E4")
    assert r["outcome"] == "CONDITIONAL"
    assert r["credits_awarded"] is None
    assert [c["type"] for c in r["conditions"]] == ["CURRENCY_ASSESSMENT"]
    o = r["on_condition_met"]
    assert (o["outcome"], o["recognition_type"], o["credits_awarded"], o["credit_system"]) == (
        "FULL",
        "ELECTIVE_CREDIT",
        "4",
        "ECTS",
    )


def test_e5_refuses_for_level_r5_against_r7_despite_a_good_content_match(
    capsys: pytest.CaptureFixture[str],
) -> None:
    r = _run(capsys, "E5")
    assert r["outcome"] == "NOT_RECOGNISED"
    assert r["refusal_grounds"] == ["LEVEL"]
    [diff] = r["substantial_differences"]
    assert (diff["observed"], diff["required"]) == ("R5 (LA-NQF:5)", "R7 (CROQF:7.1)")
    results = {s["standard"]: s["result"] for s in r["standards"]}
    assert results["S6"] == "PASS" and results["S7"] == "PASS_WITH_NOTE"


def test_e6_stacks_two_credentials_into_a_full_8_cfu_exemption_and_consumes_both(
    capsys: pytest.CaptureFixture[str],
) -> None:
    r = _run(capsys, "E6")
    assert (r["outcome"], r["recognition_type"], r["credits_awarded"], r["credit_system"]) == (
        "FULL",
        "EXEMPTION",
        "8",
        "IT-CFU",
    )
    assert r["ledger_effects"]["consume"] == ["NEU-MC-2026-0211", "UEH-MC-2026-0388"]
    s7 = next(s for s in r["standards"] if s["standard"] == "S7")
    assert s7["indicators"]["kappa"] == "1"
    s6 = next(s for s in r["standards"] if s["standard"] == "S6")
    assert s6["indicators"]["rho"] == "1"
    per_credential = [s["subject"] for s in r["standards"] if s["standard"] == "S1"]
    assert per_credential == ["NEU-MC-2026-0211", "UEH-MC-2026-0388"]
