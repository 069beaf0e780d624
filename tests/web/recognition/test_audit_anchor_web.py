"""ADR 0520 on the platform: the decision credential carries the head of the case's chain, the
notice prints it, and an attacker who rewrites the event rows *and* the head kept on the case (one
database) is still caught by the replay, against the signed head."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from microcred.cli import main
from microcred.recognition.anchor import ANCHOR_TERM, check_anchor, verified_anchor
from microcred.recognition.audit import AuditLog, TamperError, replay, verify_chain
from microcred.trust.signed import demo_anchor
from microcred_web.credentials import services as credential_services
from microcred_web.credentials.trust import trust_registry
from microcred_web.recognition import adapters, selectors
from microcred_web.recognition.decision_credential import recognition_decision_issue
from microcred_web.recognition.models import CaseEvent
from microcred_web.recognition.replay_check import recognition_case_replay
from tests.web.recognition.conftest import client_for, decided_case


@pytest.fixture
def issued_case(consortium: Any, officers: Any, learner: Any) -> Any:
    credential_services.institution_key_create(institution=consortium["unisi"])
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    case = recognition_decision_issue(case=case, by=officers["unisi"])
    case.refresh_from_db()
    return case


def _rewrite(case: Any, rows: list[Any]) -> None:
    """The database attacker: replace the case's event rows by ``rows`` re-chained, and the head."""
    log = AuditLog()
    CaseEvent.objects.filter(case=case)._raw_delete(CaseEvent.objects.db)
    for row in rows:
        event = log.append(actor=row.actor, action=row.action, payload=row.payload)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=case,
                    seq=event.seq,
                    timestamp=event.timestamp,
                    actor=event.actor,
                    action=event.action,
                    payload=event.payload,
                    prev_hash=event.prev_hash,
                    hash=event.hash,
                    hash_format=event.hash_format,
                    visible_to_learner=row.visible_to_learner,
                )
            ]
        )
    type(case).objects.filter(pk=case.pk).update(head_hash=log.head)
    case.refresh_from_db()


def test_the_decision_credential_anchors_the_head_and_the_notice_prints_it(
    issued_case: Any, learner: Any
) -> None:
    case = issued_case
    anchor = case.decision_credential["credentialSubject"][ANCHOR_TERM]
    issued = case.events.get(action="DECISION_ISSUED")
    assert anchor == {"seq": issued.seq - 1, "hash": issued.prev_hash}
    assert issued.payload["anchored_head"] == anchor
    page = client_for(learner).get(reverse("recognition:notice", args=[case.uuid])).content.decode()
    assert f"seq {anchor['seq']}" in page and anchor["hash"][:16] in page
    pdf = client_for(learner).get(reverse("recognition:notice_pdf", args=[case.uuid]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_exported_log_and_the_credential_replay_offline(issued_case: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("recognition_audit_export", issued_case.reference, stdout=out)
    log = AuditLog.from_jsonl(out.getvalue())
    check_anchor(log.events, verified_anchor(issued_case.decision_credential, trust=trust_registry()))
    assert replay(log).matches
    recognition_case_replay(case=issued_case, by=issued_case.decided_by)


def test_microcred_replay_checks_the_exported_log_against_the_downloaded_credential_offline(
    issued_case: Any, learner: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What an auditor does: the log from the export, the credential the applicant downloaded,
    the registry the platform serves (signed with the DEMO key here), and the command line."""
    out = io.StringIO()
    call_command("recognition_audit_export", issued_case.reference, stdout=out)
    (tmp_path / "case.jsonl").write_text(out.getvalue(), "utf-8")
    url = reverse("recognition:decision_credential", args=[issued_case.uuid])
    (tmp_path / "decision.json").write_bytes(client_for(learner).get(url).content)
    (tmp_path / "registry.json").write_bytes(Client().get("/trust/registry.json").content)
    args = ["replay", str(tmp_path / "case.jsonl"), "--decision-credential", str(tmp_path / "decision.json")]
    trust = ["--trust", str(tmp_path / "registry.json"), "--trust-anchor", demo_anchor().did]
    assert main([*args, *trust]) == 0
    assert "anchor reproduced" in capsys.readouterr().out
    assert main(args) == 3  # without the registry the did:web key cannot be resolved offline
    lines = out.getvalue().splitlines(keepends=True)
    (tmp_path / "case.jsonl").write_text("".join(lines[:-3]), "utf-8")
    assert main([*args, *trust]) == 1
    assert "[audit.truncated]" in capsys.readouterr().err


def test_truncation_with_the_head_rewritten_fools_the_database_check_but_not_the_anchor(
    issued_case: Any,
) -> None:
    case = issued_case
    rows = list(case.events.order_by("seq"))
    _rewrite(case, rows[:-2])  # DECISION_FINAL and DECISION_ISSUED gone, head rewritten to match
    verify_chain(adapters.audit_events(case.events.order_by("seq")), expected_head=case.head_hash)  # fooled
    check = selectors.chain_check(case)  # the case page: against the signed head as well
    assert not check.ok and "[audit.truncated]" in check.message
    with pytest.raises(TamperError) as caught:
        recognition_case_replay(case=case, by=case.decided_by)
    assert caught.value.code == "audit.truncated"


def test_a_rechained_log_with_a_changed_approver_is_caught_at_the_anchored_event(issued_case: Any) -> None:
    case = issued_case
    rows = list(case.events.order_by("seq"))
    final = next(r for r in rows if r.action == "DECISION_FINAL")
    final.payload = {**final.payload, "decided_by": "user:999 (recognition_officer)"}
    _rewrite(case, rows)
    verify_chain(adapters.audit_events(case.events.order_by("seq")), expected_head=case.head_hash)  # fooled
    assert "[audit.anchor_mismatch]" in selectors.chain_check(case).message
    with pytest.raises(TamperError) as caught:
        recognition_case_replay(case=case, by=case.decided_by)
    anchored = json.loads(json.dumps(case.decision_credential))["credentialSubject"][ANCHOR_TERM]
    assert caught.value.code == "audit.anchor_mismatch" and caught.value.seq == anchored["seq"]
    assert adapters.audit_events(case.events.order_by("seq"))[anchored["seq"] - 1].hash != anchored["hash"]
