"""The case format at the edge: schema without drift, errors that name the path, evidence kinds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from microcred.cli import main
from microcred.recognition import recognise
from microcred.recognition.case import (
    CaseDoc,
    VerificationDoc,
    canonicalise,
    case_json_schema,
    parse_case_doc,
)
from microcred.recognition.evidence import payload_sha256, verify_signed_credentials
from tests.core.recognition._helpers import EXAMPLES, ROOT, example

SCHEMA = ROOT / "schemas" / "recognition-case.schema.json"


def test_the_committed_schema_is_generated_from_the_models_without_drift() -> None:
    committed = json.loads(SCHEMA.read_text("utf-8"))
    assert committed == case_json_schema(), (
        "regenerate: microcred recognize --schema > schemas/recognition-case.schema.json"
    )


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_example_case_validates_against_the_schema(path: Path) -> None:
    jsonschema.Draft202012Validator(case_json_schema()).validate(json.loads(path.read_text("utf-8")))


def test_an_invalid_case_exits_2_with_a_message_naming_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example("E1")
    data["credentials"][0]["record"]["workload"]["credits"] = "five"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    assert main(["recognize", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "credentials[0].record.workload.credits" in err


def test_an_unreadable_case_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recognize", str(tmp_path / "nope.json")]) == 2
    assert "nope.json" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", "utf-8")
    assert main(["recognize", str(broken)]) == 2


def test_an_unknown_purpose_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = example("E1")
    data["purpose"] = "GIFT"
    p = tmp_path / "p.json"
    p.write_text(json.dumps(data), "utf-8")
    assert main(["recognize", str(p)]) == 2
    assert "purpose" in capsys.readouterr().err


def test_the_text_output_shows_each_standard_and_the_arithmetic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recognize", str(EXAMPLES / "E1.json")]) == 0
    out = capsys.readouterr().out
    assert "Case E1: FULL (EXEMPTION)" in out
    assert "2.5 -> NEAREST_TIES_DOWN step 1 = 2 VN-TC" in out
    assert "S11 " in out and "Versions: crm-engine" in out


def test_a_register_entry_can_name_its_spec_by_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example("X10-register-entry-by-path")
    entry = data["credentials"][0]
    entry.pop("spec_path")
    entry["spec_code"] = "MUNI-ECON-R"
    p = tmp_path / "c.json"
    p.write_text(json.dumps(data), "utf-8")
    assert main(["recognize", str(p), "--format", "json", "--register", str(EXAMPLES / "specs")]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "FULL"
    assert main(["recognize", str(p)]) == 2
    assert "MUNI-ECON-R" in capsys.readouterr().err


class _FakeVerifier:
    name = "test-verifier"
    version = "0"

    def __init__(self, outcome: str) -> None:
        self.outcome = outcome

    def verify(self, fmt: str, document: dict[str, Any] | str) -> VerificationDoc:
        return VerificationDoc(
            method="ob3_signature", outcome=self.outcome, checked_at="2026-09-30T12:00:00Z"
        )


@pytest.mark.parametrize(("outcome", "expected"), [("valid", "FULL"), ("invalid", "NOT_RECOGNISED")])
def test_a_signed_credential_is_decided_on_the_verifier_result_recorded_at_intake(
    outcome: str, expected: str
) -> None:
    doc = canonicalise(parse_case_doc(example("X09-signed-credential-awaiting-verifier")), base=EXAMPLES)
    verified = verify_signed_credentials(doc, _FakeVerifier(outcome))
    v = verified.credentials[0].verification[0]  # type: ignore[union-attr]
    assert v.checker == "test-verifier 0"
    assert v.payload_sha256 == payload_sha256(verified.credentials[0].document)  # type: ignore[union-attr]
    assert recognise(verified).report["outcome"] == expected


def test_the_canonical_document_round_trips_through_json() -> None:
    doc = canonicalise(parse_case_doc(example("E2")), base=EXAMPLES)
    again = CaseDoc.model_validate(json.loads(json.dumps(doc.model_dump(mode="json"))))
    assert recognise(again).report == recognise(doc).report


def test_an_unknown_credit_system_is_an_invalid_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example("E1")
    data["target"]["credit_system"] = "XX-CR"
    p = tmp_path / "x.json"
    p.write_text(json.dumps(data), "utf-8")
    assert main(["recognize", str(p)]) == 2
    err = capsys.readouterr().err
    assert "XX-CR" in err and str(p) in err


def test_the_cli_suggests_outcome_pairs_without_deciding(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["recognize", str(EXAMPLES / "X11-unconfirmed-suggestions-pending.json"), "--suggest-lo"]) == 0
    )
    matrix = json.loads(capsys.readouterr().out)
    assert matrix["rows"] == [] and matrix["complete"] is False
    pairs = {(s["target_lo"], s["source"]) for s in matrix["suggestions"]}
    assert ("LO2", "MU-MC-2025-0620#LO2") in pairs
    assert {s["backend"] for s in matrix["suggestions"]} == {"lexical-tfidf"}
