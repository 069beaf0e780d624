"""The case's event log is append-only and hash-chained (recognition.md §6.1); a row changed in
the database is found by the chain check; replay reproduces the proposal bit for bit (§6.7)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.urls import reverse

from microcred.recognition.audit import TamperError
from microcred_web.recognition import selectors
from microcred_web.recognition.decision import recognition_case_decide
from microcred_web.recognition.models import CaseEvent, ImmutableEventError
from microcred_web.recognition.replay_check import ReplayMismatchError, recognition_case_replay
from tests.web.recognition.conftest import client_for, decided_case, imported_case


def test_every_event_links_to_the_previous_one(consortium: Any, officers: Any) -> None:
    case = decided_case("E1", "neu", consortium, officers)
    events = list(case.events.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == "0" * 64
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert case.head_hash == events[-1].hash
    assert selectors.chain_check(case).ok


def test_an_event_row_cannot_be_saved_again_or_deleted(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    event = case.events.first()
    event.actor = "someone else"
    with pytest.raises(ImmutableEventError):
        event.save()
    with pytest.raises(ImmutableEventError):
        event.delete()


def test_a_tampered_event_row_is_detected_by_the_chain_check_and_shown_on_the_page(
    consortium: Any, officers: Any
) -> None:
    case = decided_case("E1", "neu", consortium, officers)
    final = case.events.get(action="DECISION_FINAL")
    CaseEvent.objects.filter(pk=final.pk).update(payload={**final.payload, "credits": "30"})
    check = selectors.chain_check(case)
    assert not check.ok
    assert f"seq {final.seq}" in check.message and "edited" in check.message
    html = client_for(officers["neu"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "Chain broken" in html


def test_a_removed_last_event_is_detected_against_the_head_kept_on_the_case(
    consortium: Any, officers: Any
) -> None:
    case = decided_case("E1", "neu", consortium, officers)
    last = case.events.order_by("-seq").first()
    CaseEvent.objects.filter(pk=last.pk)._raw_delete(CaseEvent.objects.db)  # behind the model's back
    assert not selectors.chain_check(case).ok


def test_no_further_step_is_written_on_a_tampered_log(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    first = case.events.first()
    CaseEvent.objects.filter(pk=first.pk).update(actor="user:0 (nobody)")
    count = case.events.count()
    with pytest.raises(TamperError):
        recognition_case_decide(case=case, by=officers["neu"], confirm=True)
    case.refresh_from_db()
    assert case.events.count() == count and case.final_outcome == ""


def test_replay_reproduces_the_stored_proposal_bit_for_bit(consortium: Any, officers: Any) -> None:
    case = decided_case("E6", "unisi", consortium, officers)
    result = recognition_case_replay(case=case, by=officers["unisi"])
    assert result.matches and result.reason == "identical"
    from microcred.recognition.audit import canonical_json, sha256_hex

    assert result.replayed_sha256 == sha256_hex(canonical_json(case.proposal))
    assert case.events.order_by("-seq").first().action == "REPLAY_CHECKED"


def test_replay_through_the_page_says_it_matched(consortium: Any, officers: Any) -> None:
    case = imported_case("E4", "muni", consortium, officers)
    officer = client_for(officers["muni"])
    response = officer.post(reverse("recognition:replay", args=[case.uuid]), follow=True)
    assert "bit for bit" in response.content.decode()


def test_replay_refuses_a_tampered_inputs_snapshot(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    snapshot = case.events.get(action="CASE_INPUTS")
    payload = snapshot.payload
    payload["inputs"]["ledger"]["prior_credits"] = {"recognised_total": "59"}
    CaseEvent.objects.filter(pk=snapshot.pk).update(payload=payload)
    with pytest.raises(TamperError):
        recognition_case_replay(case=case, by=officers["neu"])


def test_a_replay_that_does_not_reproduce_the_proposal_is_an_error(
    consortium: Any, officers: Any, monkeypatch: Any
) -> None:
    import microcred.recognition.report as report

    case = imported_case("E1", "neu", consortium, officers)
    monkeypatch.setattr(report, "ENGINE_VERSION", "crm-engine 9.9.9 (changed since the decision)")
    with pytest.raises(ReplayMismatchError, match="versions differ"):
        recognition_case_replay(case=case, by=officers["neu"])
    assert not case.events.filter(action="REPLAY_CHECKED").exists()


def test_a_case_log_written_before_the_jcs_hash_format_still_verifies_replays_and_continues(
    consortium: Any, officers: Any
) -> None:
    # ADR 0510: rows written before the change have hash_format 1 (the column's default) and
    # hashes over sorted json.dumps; re-chain a decided case that way, behind the model's back.
    from dataclasses import replace

    from microcred.recognition.audit import GENESIS, HASH_FORMAT_JCS, HASH_FORMAT_LEGACY
    from microcred_web.recognition import adapters

    case = decided_case("E6", "unisi", consortium, officers)
    prev = GENESIS
    for row, event in zip(
        case.events.order_by("seq"), adapters.audit_events(case.events.order_by("seq")), strict=True
    ):
        legacy = replace(event, prev_hash=prev, hash_format=HASH_FORMAT_LEGACY)
        legacy = replace(legacy, hash=legacy.computed_hash())
        CaseEvent.objects.filter(pk=row.pk).update(prev_hash=prev, hash=legacy.hash, hash_format=1)
        prev = legacy.hash
    type(case).objects.filter(pk=case.pk).update(head_hash=prev)
    case.refresh_from_db()
    assert selectors.chain_check(case).ok
    result = recognition_case_replay(case=case, by=officers["unisi"])
    assert result.matches and result.reason == "identical"
    rows = list(case.events.order_by("seq"))
    assert rows[-1].action == "REPLAY_CHECKED" and rows[-1].hash_format == HASH_FORMAT_JCS
    assert {r.hash_format for r in rows[:-1]} == {HASH_FORMAT_LEGACY}
    case.refresh_from_db()
    assert selectors.chain_check(case).ok
