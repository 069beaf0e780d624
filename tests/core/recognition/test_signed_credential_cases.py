"""A case that starts from a signed credential is verified at intake with the platform's verifier
(recognition.md §4.3 S1); the decision then reads the recorded result."""

import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import main
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof
from microcred.crypto.signer import KeyPairSigner
from microcred.standards.status_list import Bitstring, build_status_list_credential

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


# Issue 10 / ADR 0606: a credential that carries a status entry earns nothing until its status is
# checked; `recognize --status-list` supplies the list, as `verify --status-list` does.
LIST_URL = "https://micro4asia.example/status/muni/revocation-1"
DEMO_MUNI = Ed25519KeyPair.from_seed(hashlib.sha256(b"microcred DEMO key - never trust - muni").digest())
DEMO_MUNI_SIGNER = KeyPairSigner(
    DEMO_MUNI, f"did:web:micro4asia.example:institutions:muni#{DEMO_MUNI.public_key.public_key_multibase}"
)
SIGNED_AT = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def _case_with_status_entry() -> dict[str, Any]:
    """X14 with its credential re-signed by Masaryk's DEMO key with a revocation entry at index 7."""
    doc = json.loads(CASE.read_text("utf-8"))
    credential = {k: v for k, v in doc["credentials"][0]["document"].items() if k != "proof"}
    credential["credentialStatus"] = {
        "id": f"{LIST_URL}#7",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": LIST_URL,
    }
    doc["credentials"][0]["document"] = add_proof(
        credential, DEMO_MUNI_SIGNER, cryptosuite="eddsa-rdfc-2022", options=ProofOptions(created=SIGNED_AT)
    )
    return doc


def _status_list_file(tmp_path: Path, *, revoked: bool) -> str:
    bits = Bitstring()
    if revoked:
        bits.set(7, 1)
    listing = build_status_list_credential(
        id=LIST_URL,
        issuer="did:web:micro4asia.example:institutions:muni",
        bitstring=bits,
        status_purpose="revocation",
        valid_from=SIGNED_AT,
    )
    signed = add_proof(
        listing, DEMO_MUNI_SIGNER, cryptosuite="eddsa-jcs-2022", options=ProofOptions(created=SIGNED_AT)
    )
    path = tmp_path / ("revoked.json" if revoked else "list.json")
    path.write_text(json.dumps(signed), "utf-8")
    return str(path)


def test_a_credential_whose_status_was_not_checked_earns_no_credits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _decide(tmp_path, capsys, _case_with_status_entry(), "--trust", "demo")
    assert _s1(report) != "PASS"
    assert report["outcome"] == "PENDING_INFORMATION"
    assert report["credits_awarded"] in (None, "0")


def test_a_revoked_credential_fails_authenticity_once_its_status_list_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    revoked = _status_list_file(tmp_path, revoked=True)
    report = _decide(tmp_path, capsys, _case_with_status_entry(), "--trust", "demo", "--status-list", revoked)
    assert _s1(report) == "FAIL"
    assert report["outcome"] == "NOT_RECOGNISED"


def test_a_credential_not_revoked_on_its_status_list_is_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = _status_list_file(tmp_path, revoked=False)
    report = _decide(tmp_path, capsys, _case_with_status_entry(), "--trust", "demo", "--status-list", listing)
    assert _s1(report) == "PASS"
    assert report["outcome"] == "FULL"
    assert report["credits_awarded"] == "3"
