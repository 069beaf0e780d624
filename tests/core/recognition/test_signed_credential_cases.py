"""A case that starts from a signed credential is verified at intake with the platform's verifier
(recognition.md §4.3 S1); the decision then reads the recorded result."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import main

CASE = (
    Path(__file__).resolve().parents[3] / "examples" / "recognition" / "X14-signed-credential-verified.json"
)


def _decide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any], *trust: str
) -> dict[str, Any]:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert main(["recognize", str(path), "--format", "json", *trust]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def _s1(report: dict[str, Any]) -> str:
    return next(s["result"] for s in report["standards"] if s["standard"] == "S1")


def test_a_verified_signed_credential_passes_authenticity_and_is_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _decide(tmp_path, capsys, json.loads(CASE.read_text("utf-8")), "--trust", "demo")
    assert _s1(report) == "PASS"
    assert report["outcome"] == "FULL"
    assert report["credits_awarded"] == "3"


def test_without_a_trust_registry_the_signed_credential_waits_for_verification(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _decide(tmp_path, capsys, json.loads(CASE.read_text("utf-8")))
    assert report["outcome"] == "PENDING_INFORMATION"


def test_a_tampered_signed_credential_is_refused_for_authenticity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(CASE.read_text("utf-8"))
    tampered = copy.deepcopy(doc)
    tampered["credentials"][0]["document"]["credentialSubject"]["achievement"]["name"] = (
        "Econometrics in Excel"
    )
    report = _decide(tmp_path, capsys, tampered, "--trust", "demo")
    assert _s1(report) == "FAIL"
    assert report["outcome"] == "NOT_RECOGNISED"
