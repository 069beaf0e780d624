"""recognition.md §6: hash-chained audit log, tamper detection, replay bit for bit."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.cli import main
from microcred.errors import MicrocredError
from microcred.recognition import recognise
from microcred.recognition.audit import AuditLog, TamperError, canonical_json, replay, verify_chain
from microcred.recognition.case import canonicalise, parse_case_doc
from tests.core.recognition._helpers import EXAMPLES, example


def _clock() -> datetime:
    _clock.t += timedelta(seconds=1)  # type: ignore[attr-defined]
    return _clock.t  # type: ignore[attr-defined, no-any-return]


_clock.t = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)  # type: ignore[attr-defined]


def _log(name: str = "E2") -> AuditLog:
    doc = canonicalise(parse_case_doc(example(name)), base=EXAMPLES)
    log = AuditLog.open_case(doc, actor="officer-1", clock=_clock)
    log.record_human_action(
        actor="reviewer-3", action="LO_ROW_CONFIRMED", payload={"target_lo": "LO1", "coverage": "FULL"}
    )
    log.record_decision(recognise(doc), actor="crm-engine")
    return log


def test_a_fresh_log_verifies_and_links_each_event_to_the_previous_one() -> None:
    log = _log()
    verify_chain(log.events, expected_head=log.head)
    assert [e.seq for e in log.events] == [1, 2, 3]
    assert log.events[1].prev_hash == log.events[0].hash
    assert log.events[0].timestamp.endswith("Z")


def test_the_inputs_snapshot_carries_its_sha256() -> None:
    opened = _log().events[0].payload
    from microcred.recognition.audit import sha256_hex

    assert opened["inputs_sha256"] == sha256_hex(canonical_json(opened["inputs"]))


@pytest.mark.parametrize("name", ["E1", "E2", "E3", "E4", "E5", "E6", "X06-pre-approved-fast-path"])
def test_replay_reproduces_the_decision_bit_for_bit(name: str) -> None:
    result = replay(_log(name))
    assert result.matches, result.reason
    assert result.recorded_sha256 == result.replayed_sha256


def test_an_edited_payload_is_detected_at_its_seq() -> None:
    events = list(_log().events)
    events[1] = replace(events[1], payload={"target_lo": "LO1", "coverage": "NONE"})
    with pytest.raises(TamperError) as exc:
        verify_chain(events)
    assert exc.value.seq == 2


def test_reordered_events_are_detected() -> None:
    events = list(_log().events)
    events[1], events[2] = events[2], events[1]
    with pytest.raises(TamperError) as exc:
        verify_chain(events)
    assert exc.value.seq == 2


def test_a_removed_event_is_detected() -> None:
    events = list(_log().events)
    del events[1]
    with pytest.raises(TamperError) as exc:
        verify_chain(events)
    assert exc.value.seq == 2


def test_truncation_at_the_end_is_detected_against_the_recorded_head() -> None:
    log = _log()
    with pytest.raises(TamperError, match="head"):
        verify_chain(log.events[:-1], expected_head=log.head)


def test_a_recomputed_hash_after_an_edit_still_breaks_the_next_link() -> None:
    from microcred.recognition.audit import sha256_hex

    events = list(_log().events)
    edited = replace(events[0], actor="someone-else")
    events[0] = replace(edited, hash=sha256_hex(canonical_json(edited.body())))
    with pytest.raises(TamperError) as exc:
        verify_chain(events)
    assert exc.value.seq == 2


def test_a_changed_recorded_decision_does_not_replay() -> None:
    log = _log()
    events = list(log.events)
    payload = json.loads(json.dumps(events[2].payload))
    payload["decision"]["credits_awarded"] = "6"
    from microcred.recognition.audit import sha256_hex

    body = {**events[2].body(), "payload": payload}
    events[2] = replace(events[2], payload=payload, hash=sha256_hex(canonical_json(body)))
    result = replay(AuditLog(events))
    assert not result.matches


def test_replay_reports_a_change_of_rule_versions() -> None:
    log = _log()
    events = list(log.events)
    payload = json.loads(json.dumps(events[2].payload))
    payload["versions"]["engine"] = "crm-engine 0.9.0"
    from microcred.recognition.audit import sha256_hex

    body = {**events[2].body(), "payload": payload}
    events[2] = replace(events[2], payload=payload, hash=sha256_hex(canonical_json(body)))
    result = replay(AuditLog(events))
    assert not result.matches and "versions differ" in result.reason


def test_floats_are_refused_in_audit_payloads() -> None:
    with pytest.raises(MicrocredError, match="floats"):
        canonical_json({"credits": 2.5})


def test_a_naive_clock_is_refused() -> None:
    log = AuditLog(clock=lambda: datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(MicrocredError, match="timezone"):
        log.append(actor="a", action="B", payload={})


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.integers(0, 2),
    st.sampled_from(["timestamp", "actor", "action", "prev_hash"]),
    st.text(min_size=1, max_size=8),
)
def test_any_change_to_any_event_is_detected(index: int, field: str, text: str) -> None:
    events = list(_log().events)
    original = getattr(events[index], field)
    if text == original:
        text += "x"
    events[index] = replace(events[index], **{field: text})  # type: ignore[arg-type]
    with pytest.raises(TamperError):
        verify_chain(events)


def test_the_cli_writes_a_log_that_replays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log_path = tmp_path / "E6.jsonl"
    assert main(["recognize", str(EXAMPLES / "E6.json"), "--audit-log", str(log_path)]) == 0
    capsys.readouterr()
    assert main(["replay", str(log_path)]) == 0
    assert "IDENTICAL" in capsys.readouterr().out
    lines = log_path.read_text("utf-8").splitlines()
    tampered = json.loads(lines[0])
    tampered["actor"] = "intruder"
    lines[0] = json.dumps(tampered)
    log_path.write_text("\n".join(lines) + "\n", "utf-8")
    assert main(["replay", str(log_path)]) == 1
    assert "seq 1" in capsys.readouterr().err


def test_replaying_an_unreadable_log_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(tmp_path / "missing.jsonl")]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", "utf-8")
    assert main(["replay", str(bad)]) == 2
    assert "line 1" in capsys.readouterr().err
