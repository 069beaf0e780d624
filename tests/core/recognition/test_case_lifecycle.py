"""The case life cycle as a table (ADR 0850): what each step may do, and the check ``microcred
replay`` makes that a log's events only make moves the table allows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from microcred.cli import main
from microcred.recognition import lifecycle, recognise
from microcred.recognition.audit import AuditLog
from microcred.recognition.case import canonicalise, parse_case_doc
from microcred.recognition.lifecycle import NEW, CaseStatus, LifecycleError, StepName, check_events
from tests.core.recognition._helpers import EXAMPLES, example

S = CaseStatus


def _clock() -> datetime:
    _clock.t += timedelta(seconds=1)  # type: ignore[attr-defined]
    return _clock.t  # type: ignore[attr-defined, no-any-return]


_clock.t = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)  # type: ignore[attr-defined]


def _log(*after: str) -> AuditLog:
    """E2 opened and proposed as ``microcred recognize`` logs it, then ``after`` events."""
    doc = canonicalise(parse_case_doc(example("E2")), base=EXAMPLES)
    log = AuditLog.open_case(doc, actor="officer-1", clock=_clock)
    log.record_decision(recognise(doc), actor="crm-engine")
    for action in after:
        log.append(actor="officer-1", action=action, payload={})
    return log


def _events(log: AuditLog) -> list[tuple[str, object]]:
    return [(e.action, e.payload) for e in log.events]


def test_every_status_but_the_closed_ones_has_a_step_that_leaves_it() -> None:
    for status in CaseStatus:
        leaving = [s for s in lifecycle.possible_steps(status) if lifecycle.STEPS[s].targets - {status}]
        assert bool(leaving) == (status not in (S.CLOSED, S.CLOSED_INCOMPLETE)), status


def test_a_case_is_only_opened_from_nothing_and_only_appealed_once_decided() -> None:
    assert lifecycle.possible_steps(NEW) == [StepName.FILE_REQUEST, StepName.OPEN_CASE, StepName.IMPORT_CASE]
    with pytest.raises(LifecycleError) as refused:
        lifecycle.require_step(StepName.APPEAL, S.PROPOSED)
    assert refused.value.code == "lifecycle.step_not_allowed"
    assert refused.value.params == {"step": "appeal", "status": "proposed"}
    lifecycle.require_step(StepName.APPEAL, S.DECIDED)


def test_a_move_outside_the_table_is_refused_even_from_an_allowed_status() -> None:
    lifecycle.check_move(StepName.DECIDE, S.PROPOSED, S.PROPOSED)  # first signature: waits
    lifecycle.check_move(StepName.DECIDE, S.PROPOSED, S.DECIDED)
    with pytest.raises(LifecycleError) as refused:
        lifecycle.check_move(StepName.APPROVE, S.PROPOSED, S.PROPOSED)  # a countersignature decides
    assert refused.value.code == "lifecycle.move_not_allowed"
    with pytest.raises(LifecycleError):
        lifecycle.check_move(StepName.CLOSE, S.INFORMATION_REQUESTED, S.DECIDED)


def test_the_log_of_a_recognize_run_and_of_a_full_desk_case_pass() -> None:
    assert check_events(_events(_log())) == {S.PROPOSED}
    desk = [
        ("REQUEST_FILED", {}),
        ("TARGET_SET", {}),
        ("LO_CONFIRMED", {}),
        ("LO_SIGNED_OFF", {}),
        ("CASE_INPUTS", {}),
        ("DECISION_PROPOSED", {"outcome": "PENDING_INFORMATION"}),
        ("INFORMATION_REQUESTED", {}),
        ("LEARNER_RESPONDED", {}),
        ("CASE_INPUTS", {}),
        ("DECISION_PROPOSED", {"outcome": "NOT_RECOGNISED"}),
        ("DECISION_SIGNED", {}),
        ("DECISION_FINAL", {}),
        ("DECISION_ISSUED", {}),
        ("APPEAL_LODGED", {}),
        ("APPEAL_DECIDED", {}),
        ("DECISION_CREDENTIAL_REVOKED", {}),
        ("CASE_CLOSED", {"incomplete": False}),
        ("REPLAY_CHECKED", {}),
    ]
    assert check_events(desk) == {S.CLOSED}


def test_a_pending_proposal_leaves_the_case_waiting_or_at_the_desk() -> None:
    events = [("CASE_OPENED", {}), ("DECISION_PROPOSED", {"outcome": "PENDING_INFORMATION"})]
    assert check_events(events) == {S.INFORMATION_REQUESTED, S.UNDER_REVIEW}
    # closing incomplete is only possible while waiting for information
    assert check_events([*events, ("CASE_CLOSED", {"incomplete": True})]) == {S.CLOSED_INCOMPLETE}
    with pytest.raises(LifecycleError):
        check_events([*events, ("DECISION_FINAL", {}), ("CASE_CLOSED", {"incomplete": True})])
    with pytest.raises(LifecycleError):
        check_events([*events, ("CASE_CLOSED", {"incomplete": False})])


@pytest.mark.parametrize(
    ("after", "code", "where"),
    [
        (["APPEAL_LODGED"], "lifecycle.event_not_allowed", "event 3"),  # no decision yet
        (["DECISION_FINAL", "DECISION_FINAL"], "lifecycle.event_not_allowed", "event 4"),
        (["DECISION_FINAL", "CASE_CLOSED", "TARGET_SET"], "lifecycle.event_not_allowed", "event 5"),
        (["CASE_OPENED"], "lifecycle.event_not_allowed", "event 3"),  # opened twice
        (["LO_ROW_MOVED"], "lifecycle.unknown_event", "event 3"),
    ],
)
def test_a_log_that_skips_or_repeats_a_step_is_refused_at_its_event(
    after: list[str], code: str, where: str
) -> None:
    with pytest.raises(LifecycleError) as refused:
        check_events(_events(_log(*after)))
    assert (refused.value.code, refused.value.where) == (code, where)


def test_microcred_replay_refuses_a_well_chained_log_that_breaks_the_life_cycle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(_log("DECISION_FINAL", "APPEAL_LODGED").to_jsonl(), "utf-8")
    bad.write_text(_log("APPEAL_LODGED").to_jsonl(), "utf-8")  # chained correctly, appealed undecided
    assert main(["replay", str(good)]) == 0
    assert "IDENTICAL" in capsys.readouterr().out
    assert main(["replay", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "NOT A LIFE CYCLE OF THE DESK" in out
    assert "event 3: APPEAL_LODGED is not allowed while the case is proposed" in out
