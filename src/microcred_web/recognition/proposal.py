"""The engine's proposal (recognition.md §4.5 step 9): the case document as it stands, with the
agreements that may govern it, run through the core engine; a proposal that waits for
information asks the learner and the issuer for what only they can supply (ADR 0810).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from microcred.recognition.case import parse_case_doc, to_core
from microcred.recognition.engine import ENGINE_VERSION
from microcred.recognition.lifecycle import StepName
from microcred.recognition.proposal import Proposal
from microcred_web.accounts.permissions import Action
from microcred_web.recognition import adapters, information
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.case_events import (
    actor_of,
    append_event,
    event,
    locked,
    require_step,
    set_status,
)
from microcred_web.recognition.columns import CaseProcedure, StoredCase, evidence_json
from microcred_web.recognition.information import INTERNAL_SUPPLIERS
from microcred_web.recognition.mail import notify_information_request
from microcred_web.recognition.models import (
    LedgerEntry,
    Outcome,
    RecognitionCase,
    Status,
)
from microcred_web.recognition.permissions import (
    require_handle,
)
from microcred_web.recognition.service_messages import err


def _ledger(case: RecognitionCase, programme_id: str) -> dict[str, Any]:
    entries = LedgerEntry.objects.filter(learner_ref=case.learner_ref, programme_id=programme_id).exclude(
        case=case
    )
    prior: dict[str, Decimal] = {}
    consumed: list[str] = []
    for e in entries:
        if e.credential_id:
            consumed.append(e.credential_id)
        if e.cap_category and e.credits is not None:
            prior[e.cap_category] = prior.get(e.cap_category, Decimal(0)) + e.credits
    return {
        "learner_id": case.learner_ref,
        "programme_id": programme_id,
        "prior_credits": {k: format(v.normalize(), "f") for k, v in sorted(prior.items())},
        "consumed": sorted(set(consumed)),
    }


def case_document(case: RecognitionCase, *, decision_date: date) -> dict[str, Any]:
    """The case in the core's format as it stands (recognition.md §4.1)."""
    target = case.target_component
    if target is None:
        raise RecognitionInputError(err("service.target.first"), where="target")
    stored = case.imported_case
    imported = stored.to_json() if stored is not None else None
    if imported:
        doc = imported
    else:
        doc = {
            "format": "microcred-recognition-case",
            "format_version": "1.0",
            "case_id": case.reference,
            "purpose": case.purpose,
            "decision_date": decision_date.isoformat(),
            "ledger": _ledger(case, target.doc.programme.id),
            "agreements": [],
        }
    # The member issuers' QA standing from its one source (not for a case file, which is its
    # own source), then the values the answers to requests for information gave (ADR 0810).
    evidence = case.credential_evidence
    if not imported:
        evidence = information.with_institution_qa(evidence)
    doc["credentials"] = evidence_json(information.with_supplied(evidence, information.supplied_values(case)))
    doc["target"] = target.to_json()
    if levels := case.levels:
        doc["level_assessments"] = [
            *(imported or {}).get("level_assessments", []),
            *(a.to_json() for a in levels),
        ]
    if overrides := case.overrides:
        doc["overrides"] = [
            *(imported or {}).get("overrides", []),
            *(o.to_doc() for o in overrides),
        ]
    matrix = adapters.lo_matrix_doc(case.suggestions, case.matrix_actions, (imported or {}).get("lo_matrix"))
    if matrix is not None:
        doc["lo_matrix"] = matrix
    return doc


def _with_agreements(data: dict[str, Any], case: RecognitionCase) -> dict[str, Any]:
    """The case with the agreements of the database that may govern it, inline (ADR 0802). A
    case file that brings its own agreements (or pins one) keeps them as they are."""
    if data.get("agreements") or data.get("agreement_ref"):
        return data
    from microcred_web.agreements.services import case_agreements

    core = to_core(parse_case_doc(data, source=f"case {case.reference}"), source=f"case {case.reference}")
    issuers = list(dict.fromkeys(c.issuer.id for c in core.credentials if c.issuer and c.issuer.id))
    if not issuers:
        return data
    docs, pinned = case_agreements(
        issuer_ids=issuers,
        host_id=case.host.slug,
        programme_id=target.programme.id if (target := case.target_doc) is not None else "",
        on=date.fromisoformat(str(data["decision_date"])),
        purpose=case.purpose,
    )
    out = {**data, "agreements": docs}
    if pinned:
        out["agreement_ref"] = pinned
    return out


@transaction.atomic
def recognition_case_propose(*, case: RecognitionCase, by: Any) -> RecognitionCase:
    """Run the core engine and store its proposed decision with every version (§4.5 step 9)."""
    require_handle(by, case, Action.PROPOSE_DECISION)
    case = locked(case)
    require_step(case, StepName.PROPOSE, err("service.doing.propose"))
    data = _with_agreements(case_document(case, decision_date=timezone.localdate()), case)
    doc = parse_case_doc(data, source=f"case {case.reference}")
    rec = adapters.decide(data, source=f"case {case.reference}")
    actor = actor_of(by, "recognition_officer")
    event(case, actor=actor, action="CASE_INPUTS", payload=adapters.inputs_payload(doc))
    append_event(case, lambda log: log.record_decision(rec, actor=f"{ENGINE_VERSION} for {actor}"))
    case.canonical_input = StoredCase.from_json(doc.model_dump(mode="json", by_alias=True))
    case.proposed = Proposal.from_json(rec.report)
    case.proposed_at = timezone.now()
    case.agreement_ref = rec.agreement.ref
    case.procedure_terms = CaseProcedure.from_json(rec.agreement.procedure.model_dump(mode="json"))
    case.pending_signature = None
    case.decision_date = doc.decision_date
    if rec.report["outcome"] == Outcome.PENDING_INFORMATION:
        _request_information(case, actor=actor, report=rec.report)
    else:
        set_status(case, StepName.PROPOSE, Status.PROPOSED)
        case.save()
    return case


def _request_information(case: RecognitionCase, *, actor: str, report: dict[str, Any]) -> None:
    """Ask the learner and the issuer for what the proposal misses (ADR 0810). Only items no one
    has answered yet are asked; the same open request is not sent twice. When nothing is left to
    ask of others, the case waits for the desk itself (its own items, an answer that did not
    settle an item, a second approval): the officer records, overrides or closes."""
    missing = list(report["missing_information"])
    answered = information.answers_of(case)
    ask = [
        m
        for m in missing
        if m["supplier"] not in INTERNAL_SUPPLIERS and str(m.get("where", "")) not in answered
    ]
    if not ask:
        set_status(case, StepName.PROPOSE, Status.UNDER_REVIEW)
        case.save()
        return
    last = information.information_request_of(case)
    same = (
        case.status == Status.INFORMATION_REQUESTED
        and last is not None
        and [
            (m.where, m.supplier)
            for m in last.items
            if not m.answered and m.supplier not in INTERNAL_SUPPLIERS
        ]
        == [(str(m.get("where", "")), m["supplier"]) for m in ask]
    )
    set_status(case, StepName.PROPOSE, Status.INFORMATION_REQUESTED)
    case.save()
    if same:
        return
    event(
        case,
        actor=actor,
        action="INFORMATION_REQUESTED",
        payload={
            "missing": missing,
            "asked": [str(m.get("where", "")) for m in ask],
            "deadline": report["information_deadline"],
        },
    )
    notify_information_request(case)  # e-mail to whoever must answer (ADR 1110)
