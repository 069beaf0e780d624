"""ADR 0510: audit hashes are RFC 8785 JCS, versioned by ``hash_format``; chains written before
(sorted ``json.dumps``, no ``hash_format``) still verify and replay."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from microcred.cli import main
from microcred.crypto.jcs import canonicalize
from microcred.errors import InputError
from microcred.recognition.audit import (
    HASH_FORMAT_JCS,
    HASH_FORMAT_LEGACY,
    AuditEvent,
    AuditLog,
    TamperError,
    replay,
    verify_chain,
)
from tests.core.recognition._helpers import ASSETS

GOLDEN = ASSETS / "audit-E6-before-jcs.jsonl"
# Keys that sort differently by code point (json.dumps) and by UTF-16 code unit (RFC 8785 §3.2.3):
# U+1F600 is the surrogate pair D83D DE00, which comes before U+E000 in UTF-16.
ORDER_SENSITIVE = {"\ue000": "private use", "\U0001f600": "emoji"}


def _legacy_bytes(value: object) -> bytes:
    """The serialisation audit hashes used before ADR 0510, written out here independently."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _clock() -> datetime:
    _clock.t += timedelta(seconds=1)  # type: ignore[attr-defined]
    return _clock.t  # type: ignore[attr-defined, no-any-return]


_clock.t = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)  # type: ignore[attr-defined]


def _legacy_event(seq: int, prev: str, payload: object) -> AuditEvent:
    body = {
        "seq": seq,
        "timestamp": f"2026-01-01T00:00:0{seq}Z",
        "actor": "officer",
        "action": "NOTE",
        "payload": payload,
        "prev_hash": prev,
    }
    return AuditEvent(**body, hash=hashlib.sha256(_legacy_bytes(body)).hexdigest())  # type: ignore[arg-type]


def test_a_log_written_before_the_change_still_verifies_and_replays(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = AuditLog.from_jsonl(GOLDEN.read_text("utf-8"))
    assert {e.hash_format for e in log.events} == {HASH_FORMAT_LEGACY}
    verify_chain(log.events, expected_head=log.head)
    result = replay(log)
    assert result.matches, result.reason
    assert main(["replay", str(GOLDEN)]) == 0
    assert "IDENTICAL" in capsys.readouterr().out


def test_a_legacy_chain_is_checked_with_the_legacy_serialisation_not_with_jcs() -> None:
    first = _legacy_event(1, "0" * 64, ORDER_SENSITIVE)
    second = _legacy_event(2, first.hash, {"n": 1})
    verify_chain([first, second], expected_head=second.hash)
    # the two formats really differ on this payload, so the check above used the old one
    assert canonicalize(first.body()) != _legacy_bytes(first.body())
    with pytest.raises(TamperError, match="seq 1"):
        verify_chain([replace(first, hash_format=HASH_FORMAT_JCS), second])


def test_new_events_are_hashed_as_rfc8785_with_their_format_inside_the_hash() -> None:
    log = AuditLog(clock=_clock)
    event = log.append(actor="officer", action="NOTE", payload=ORDER_SENSITIVE)
    assert event.hash_format == HASH_FORMAT_JCS
    body = event.body()
    assert body["hash_format"] == HASH_FORMAT_JCS
    assert event.hash == hashlib.sha256(canonicalize(body)).hexdigest()
    assert event.hash != hashlib.sha256(_legacy_bytes(body)).hexdigest()
    # passing the event off as a legacy one changes what is hashed, so the chain breaks
    with pytest.raises(TamperError, match="edited"):
        verify_chain([replace(event, hash_format=HASH_FORMAT_LEGACY)])


def test_a_legacy_chain_continued_after_the_upgrade_verifies_and_round_trips_through_jsonl() -> None:
    first = _legacy_event(1, "0" * 64, ORDER_SENSITIVE)
    log = AuditLog([first], clock=_clock)
    later = log.append(actor="officer", action="NOTE", payload=ORDER_SENSITIVE)
    assert (first.hash_format, later.hash_format) == (HASH_FORMAT_LEGACY, HASH_FORMAT_JCS)
    verify_chain(log.events, expected_head=log.head)
    lines = log.to_jsonl().splitlines()
    assert "hash_format" not in json.loads(lines[0])
    assert json.loads(lines[1])["hash_format"] == HASH_FORMAT_JCS
    again = AuditLog.from_jsonl(log.to_jsonl())
    assert again.events == log.events
    verify_chain(again.events, expected_head=log.head)


def test_a_jcs_event_followed_by_a_legacy_one_is_refused_as_a_downgrade() -> None:
    log = AuditLog(clock=_clock)
    first = log.append(actor="officer", action="NOTE", payload={"n": 1})
    downgraded = _legacy_event(2, first.hash, {"n": 2})
    with pytest.raises(TamperError, match="never go back") as caught:
        verify_chain([first, downgraded])
    assert caught.value.seq == 2


@pytest.mark.parametrize("bad", ['"2"', "3", "true", "null"])
def test_an_unknown_hash_format_in_a_log_file_is_an_input_error(bad: str) -> None:
    line = json.loads(GOLDEN.read_text("utf-8").splitlines()[0])
    text = json.dumps(line)[:-1] + f', "hash_format": {bad}}}'
    with pytest.raises(InputError, match="line 1"):
        AuditLog.from_jsonl(text)


def test_a_replayed_legacy_log_rewritten_by_the_cli_keeps_replaying(tmp_path: Path) -> None:
    # the file keeps its events' formats when it is read and written again
    log = AuditLog.from_jsonl(GOLDEN.read_text("utf-8"))
    copy = tmp_path / "copy.jsonl"
    copy.write_text(log.to_jsonl(), "utf-8")
    assert copy.read_text("utf-8") == GOLDEN.read_text("utf-8")


def test_the_evidence_hash_is_over_rfc8785_so_it_equals_the_hash_of_the_stored_jcs_text() -> None:
    from microcred.crypto.errors import JcsError
    from microcred.recognition.evidence import payload_sha256

    document = {"b": [5.0, 1e16], **ORDER_SENSITIVE, "a": "Lan"}
    text = canonicalize(document).decode("utf-8")
    assert text.startswith('{"a":"Lan","b":[5,10000000000000000]')  # RFC 8785 §3.2.2.3 numbers
    assert payload_sha256(document) == payload_sha256(text) == hashlib.sha256(text.encode()).hexdigest()
    with pytest.raises(JcsError, match="2\\*\\*53"):
        payload_sha256({"n": 2**60})  # no I-JSON form: refused, never hashed some other way
