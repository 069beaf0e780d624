"""The decision as a credential signed by the host (ADR 0520, 0601, 0803): issued, revoked by hand,
or revoked because the decision it states changed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from microcred.recognition.anchor import ANCHOR_TERM, ChainAnchor
from microcred.recognition.audit import (
    canonical_json,
    sha256_hex,
)
from microcred.recognition.lifecycle import StepName
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.case_events import actor_of, can_take, event, locked
from microcred_web.recognition.models import (
    DecisionCredential,
    RecognitionCase,
)
from microcred_web.recognition.permissions import (
    can_handle,
    require_handle,
    require_revoke_decision,
)
from microcred_web.recognition.service_messages import err

DECISION_SUITE = "eddsa-jcs-2022"


def decision_credential_document(case: RecognitionCase, *, salt: str, issued_at: Any) -> dict[str, Any]:
    """The final decision as a VCDM 2.0 credential (unsigned): what was decided, by whom, under
    which agreement, bound to the applicant by a hashed e-mail (ADR 0601); no name, no learner id."""
    from microcred.standards.ob3.identity import identity_hash, normalise_email
    from microcred_web.credentials.identity import institution_did

    host = case.host
    target = case.target_doc
    proposal = case.proposed
    subject: dict[str, Any] = {
        "type": "RecognitionDecision",
        "case": case.reference,
        "purpose": case.purpose,
        "outcome": case.final_outcome,
        "credits": None if case.final_credits is None else format(case.final_credits.normalize(), "f"),
        "creditSystem": case.final_credit_system,
        "targetComponent": {
            "id": target.id if target is not None else "",
            "title": target.title if target is not None else "",
            "institution": host.slug,
        },
        "microCredentials": case.credential_codes.split(),
        "agreement": case.agreement_ref,
        "decisionDate": case.decided_at.date().isoformat() if case.decided_at else None,
        "appealDeadline": case.appeal_deadline.isoformat() if case.appeal_deadline else None,
        "decisionSha256": sha256_hex(canonical_json(proposal.to_json() if proposal is not None else {})),
        "override": case.is_override,
    }
    # The head of the case's hash chain when the decision is issued, signed with it so that an
    # attacker who can write the database cannot truncate or re-chain the log unseen (ADR 0520,
    # docs/recognition-case-format.md "Anchored audit head"; checked by ``microcred replay``).
    last = case.events.order_by("-seq").first()
    if last is not None:
        subject[ANCHOR_TERM] = ChainAnchor(last.seq, last.hash).to_json()
    if case.applicant is not None and case.applicant.email:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": identity_hash(normalise_email(case.applicant.email), salt),
            }
        ]
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "RecognitionDecisionCredential"],
        "issuer": {"id": institution_did(host.slug), "name": host.display_name("en")},
        "validFrom": issued_at.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "name": f"Recognition decision {case.reference}: {case.final_outcome}",
        "credentialSubject": subject,
    }


@transaction.atomic
def recognition_decision_issue(*, case: RecognitionCase, by: Any) -> RecognitionCase:
    """Issue the final decision as a credential signed by the host institution (the core's
    ``issue_credential`` through ``credentials.signing``: validate, sign, verify what was signed),
    so the learner holds it; eddsa-jcs-2022, because the decision's terms are not in a pinned
    JSON-LD context that RDF canonicalization could use. It carries a ``BitstringStatusListEntry``
    in the host's revocation list (Bitstring Status List v1.0 §2.1, ADR 0803), so a decision
    changed later (an upheld appeal) revokes it."""
    from microcred.standards.ob3.identity import new_salt
    from microcred_web.credentials.models import CredentialIdSource, StatusPurpose
    from microcred_web.credentials.services import credential_id_claim, status_entry_allocate
    from microcred_web.credentials.signing import sign_credential

    require_handle(by, case)
    case = locked(case)
    if not can_take(case, StepName.ISSUE_DECISION):
        raise RecognitionInputError(err("service.issue.not_final"), where=f"case {case.reference}")
    if case.decision_credential:
        raise RecognitionInputError(err("service.issue.already"), where=f"case {case.reference}")
    salt = new_salt()
    unsigned = decision_credential_document(case, salt=salt, issued_at=timezone.now())
    row = DecisionCredential(case=case, credential_id=unsigned["id"], salt=salt, outcome=case.final_outcome)
    # One id, one credential across the platform (ADR 0607), taken before anything is written.
    credential_id_claim(
        credential_id=row.credential_id,
        source=CredentialIdSource.RECOGNITION_DECISION,
        record_uuid=row.uuid,
    )
    status_list, index, entry = status_entry_allocate(institution=case.host, purpose=StatusPurpose.REVOCATION)
    unsigned["credentialStatus"] = entry
    signed = sign_credential(institution=case.host, credential=unsigned, suite=DECISION_SUITE)
    anchored = ANCHOR_TERM in unsigned["credentialSubject"]
    case.save(update_fields=["updated_at"])
    row.document, row.status_list, row.status_index = signed.document, status_list, index
    row.save()
    previous = case.decision_credentials.filter(revoked_at__isnull=False).order_by("-pk").first()
    event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="DECISION_ISSUED",
        payload={
            "credential_id": signed.document["id"],
            "suite": DECISION_SUITE,
            "sha256": sha256_hex(canonical_json(_float_free(signed.document))),
            "status": {"list": entry["statusListCredential"], "index": index},
            **({"anchored_head": signed.document["credentialSubject"][ANCHOR_TERM]} if anchored else {}),
            **({"supersedes": previous.credential_id} if previous is not None else {}),
        },
    )
    security_event(
        SecurityEvent.CREDENTIAL_ISSUED,
        credential=row.credential_id,
        institution=case.host.slug,
        case=case.reference,
        suite=DECISION_SUITE,
        via="recognition",
        actor=by.pk,
    )
    return case


MIN_REVOCATION_REASON = 10


@transaction.atomic
def recognition_decision_credential_revoke(*, case: RecognitionCase, by: Any, reason: str) -> RecognitionCase:
    """Revoke the case's current decision credential by hand, e.g. one issued in error (ADR 0803,
    addendum): a recognition officer or an institution administrator of the host, with a reason.
    The decision itself stands; the bit is set in the host's list (the verifiers say revoked),
    ``DECISION_CREDENTIAL_REVOKED`` records who and why (the event the appeal path writes), the
    learner sees it, and the officer may issue the decision again as a new credential."""
    require_revoke_decision(by, case)
    case = locked(case)
    if not case.decision_credential:
        raise RecognitionInputError(err("service.revoke.nothing_current"), where=f"case {case.reference}")
    if len(reason.strip()) < MIN_REVOCATION_REASON:
        raise RecognitionInputError(
            err("service.revoke.reason_short", min=MIN_REVOCATION_REASON),
            where="reason",
        )
    role = "recognition_officer" if can_handle(by, case) else "institution_admin"
    revoke_decision_credential(case, actor=actor_of(by, role), reason=reason.strip(), by_hand=True)
    return case


def revoke_decision_credential(
    case: RecognitionCase, *, actor: str, reason: str, by_hand: bool = False
) -> None:
    """Revoke the case's current decision credential (set its revocation bit, sign the host's list
    again) because the decision it states changed; the officer issues the new decision anew."""
    from microcred_web.credentials.services import status_entry_set

    row = (
        case.decision_credentials.select_for_update().filter(revoked_at__isnull=True).order_by("-pk").first()
    )
    if row is None:
        return
    listed = row.status_list is not None and row.status_index is not None
    if listed:
        status_entry_set(status_list=row.status_list, index=row.status_index, value=1)
    row.revoked_at = timezone.now()
    row.revocation_reason = reason
    row.save(update_fields=["revoked_at", "revocation_reason"])
    case.save(update_fields=["updated_at"])
    event(
        case,
        actor=actor,
        action="DECISION_CREDENTIAL_REVOKED",
        payload={
            "credential_id": row.credential_id,
            "status": {"list_id": row.status_list.list_id, "index": row.status_index} if listed else None,
            "reason": reason,
            **({"by_hand": True} if by_hand else {}),
        },
    )
    security_event(
        SecurityEvent.CREDENTIAL_REVOKED,
        credential=row.credential_id,
        institution=case.host.slug,
        case=case.reference,
        via="recognition",
        actor=actor,
    )


def _float_free(value: Any) -> Any:
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, dict):
        return {k: _float_free(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_float_free(v) for v in value]
    return value
