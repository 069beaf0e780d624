"""ADR 0520: the head of a case's chain, signed into its decision credential, lets ``microcred
replay`` detect truncation and re-chaining by an attacker who can write the log but not sign."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import main
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import issue_credential
from microcred.recognition import recognise
from microcred.recognition.anchor import (
    ANCHOR_TERM,
    AnchorError,
    ChainAnchor,
    anchor_of,
    check_anchor,
    verified_anchor,
)
from microcred.recognition.audit import AuditEvent, AuditLog, TamperError
from microcred.recognition.case import canonicalise, parse_case_doc
from tests.core.recognition._helpers import EXAMPLES, example

HOST = Ed25519KeyPair.from_seed(bytes(range(32)))  # a test key, named as one
OTHER = Ed25519KeyPair.from_seed(bytes(range(1, 33)))


def _clock() -> datetime:
    _clock.t += timedelta(seconds=1)  # type: ignore[attr-defined]
    return _clock.t  # type: ignore[attr-defined, no-any-return]


_clock.t = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)  # type: ignore[attr-defined]


def _log() -> AuditLog:
    """E2 with a decision by two officers, as the web records it, then the credential issued."""
    doc = canonicalise(parse_case_doc(example("E2")), base=EXAMPLES)
    log = AuditLog.open_case(doc, actor="user:7 (recognition_officer)", clock=_clock)
    log.record_decision(recognise(doc), actor="crm-engine")
    log.record_human_action(
        actor="user:7 (recognition_officer)",
        action="DECISION_FINAL",
        payload={"outcome": "FULL", "decided_by": "user:7", "second_approver": "user:9"},
    )
    return log


def _credential(anchor: ChainAnchor, *, case: str, key: Ed25519KeyPair = HOST) -> dict[str, Any]:
    unsigned = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:6f1c1f8e-8b9e-4b8e-9a39-0d7c5b0e2a11",
        "type": ["VerifiableCredential", "RecognitionDecisionCredential"],
        "issuer": key.did_key,
        "validFrom": "2026-10-01T08:00:10Z",
        "credentialSubject": {
            "type": "RecognitionDecision",
            "case": case,
            "outcome": "FULL",
            ANCHOR_TERM: anchor.to_json(),
        },
    }
    return issue_credential(
        unsigned,
        signer=KeyPairSigner(key, key.public_key.did_key_verification_method),
        suite="eddsa-jcs-2022",
    )


def _rechain(events: list[AuditEvent]) -> list[AuditEvent]:
    """What the attacker does after editing or removing events: renumber and recompute every hash."""
    log = AuditLog(clock=lambda: datetime(2026, 10, 1, tzinfo=UTC))
    out = []
    for e in events:
        new = log.append(actor=e.actor, action=e.action, payload=e.payload, hash_format=e.hash_format)
        out.append(replace(new, timestamp=e.timestamp, hash=""))
        out[-1] = replace(out[-1], hash=out[-1].computed_hash())
        log = AuditLog(out)
    return out


def _files(tmp_path: Path, events: list[AuditEvent] | tuple[AuditEvent, ...], credential: Any) -> list[str]:
    log = tmp_path / "case.jsonl"
    log.write_text(AuditLog(events).to_jsonl(), "utf-8")
    dc = tmp_path / "decision.json"
    dc.write_text(json.dumps(credential), "utf-8")
    return ["replay", str(log), "--decision-credential", str(dc)]


@pytest.fixture
def honest() -> tuple[AuditLog, dict[str, Any]]:
    log = _log()
    credential = _credential(ChainAnchor.of(log.events), case=example("E2")["case_id"])
    # events after the issue go on in the log (the anchor is not its last event)
    log.record_human_action(actor="user:7 (recognition_officer)", action="DECISION_ISSUED", payload={})
    return log, credential


def test_the_honest_log_reproduces_the_anchored_head_and_the_decision(
    honest: tuple[AuditLog, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, credential = honest
    assert main(_files(tmp_path, log.events, credential)) == 0
    out = capsys.readouterr().out
    assert "anchor reproduced" in out and f"seq {len(log.events) - 1}" in out and "IDENTICAL" in out


def test_events_removed_from_the_end_are_detected_and_named(
    honest: tuple[AuditLog, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, credential = honest
    truncated = log.events[:2]  # DECISION_FINAL (anchored) and DECISION_ISSUED removed
    assert main(_files(tmp_path, truncated, credential)) == 1
    err = capsys.readouterr().err
    assert "[audit.truncated]" in err and "anchors seq 3" in err and "audit event seq 3" in err


def test_an_event_removed_from_the_middle_and_the_chain_recomputed_is_detected(
    honest: tuple[AuditLog, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, credential = honest
    events = list(log.events)
    del events[1]  # the proposal, so that nobody sees the officer overrode it
    assert main(_files(tmp_path, _rechain(events), credential)) == 1
    err = capsys.readouterr().err
    assert "[audit.anchor_mismatch]" in err and "event seq 3 (DECISION_ISSUED)" in err


def test_a_rechained_log_with_a_changed_approver_is_detected_at_the_anchored_event(
    honest: tuple[AuditLog, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, credential = honest
    events = list(log.events)
    payload = {**events[2].payload, "second_approver": "user:7"}  # the same person twice: no four eyes
    events[2] = replace(events[2], payload=payload)
    forged = _rechain(events)
    AuditLog(forged)  # the forged chain is internally consistent
    from microcred.recognition.audit import verify_chain

    verify_chain(forged)
    assert main(_files(tmp_path, forged, credential)) == 1
    err = capsys.readouterr().err
    assert "[audit.anchor_mismatch]" in err and "event seq 3 (DECISION_FINAL)" in err


def test_an_anchor_changed_in_the_credential_breaks_its_signature(
    honest: tuple[AuditLog, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, credential = honest
    forged_log = _rechain([*log.events[:1], *log.events[2:]])
    credential["credentialSubject"][ANCHOR_TERM] = ChainAnchor.of(forged_log[:2]).to_json()
    assert main(_files(tmp_path, forged_log, credential)) == 1
    assert "audit.anchor_signature_invalid" in capsys.readouterr().out


def test_a_credential_signed_by_someone_else_for_the_rechained_log_is_not_the_issuers() -> None:
    log = _log()
    forged = _rechain(list(log.events[:1]) + list(log.events[2:]))
    credential = _credential(ChainAnchor.of(forged), case=example("E2")["case_id"], key=OTHER)
    anchored = verified_anchor(credential)
    # signed, but by OTHER's did:key: whoever checks it compares the issuer with the host it expects
    assert anchored.issuer == OTHER.did_key != HOST.did_key


def test_a_decision_credential_of_another_case_is_refused() -> None:
    log = _log()
    anchored = verified_anchor(_credential(ChainAnchor.of(log.events), case="OTHER-CASE"))
    with pytest.raises(AnchorError) as caught:
        check_anchor(log.events, anchored)
    assert caught.value.code == "audit.anchor_other_case"


@pytest.mark.parametrize(
    "raw",
    [None, {"seq": 0, "hash": "0" * 64}, {"seq": 1, "hash": "XYZ"}, {"seq": "1", "hash": "0" * 64}, "x"],
)
def test_a_missing_or_malformed_anchor_is_named(raw: Any) -> None:
    credential = {"credentialSubject": {} if raw is None else {ANCHOR_TERM: raw}}
    with pytest.raises(AnchorError) as caught:
        anchor_of(credential)
    assert caught.value.code in {"audit.anchor_missing", "audit.anchor_malformed"}


def test_check_anchor_passes_on_the_log_it_was_taken_from_and_fails_one_event_short() -> None:
    log = _log()
    anchor = ChainAnchor.of(log.events)
    check_anchor(log.events, anchor)
    with pytest.raises(TamperError) as caught:
        check_anchor(log.events[:-1], anchor)
    assert caught.value.code == "audit.truncated" and caught.value.params["anchored_seq"] == 3
