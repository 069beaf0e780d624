"""Writes of the recognition desk (recognition.md §4-§6). Each service checks who acts, runs in
one transaction and appends at least one event to the case's hash-chained log; bad input raises
``RecognitionInputError`` naming what and where, and nothing is written then.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from pydantic import ValidationError

from microcred.errors import MicrocredError
from microcred.recognition.anchor import ANCHOR_TERM, ChainAnchor
from microcred.recognition.audit import (
    AuditEvent,
    AuditLog,
    ReplayResult,
    canonical_json,
    sha256_hex,
    verify_chain,
)
from microcred.recognition.case import TargetDoc, agreement_docs, parse_case_doc, to_core
from microcred.recognition.engine import ENGINE_VERSION
from microcred.recognition.values import Coverage
from microcred.verification import HolderEvidence
from microcred_web.accounts.permissions import Action
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.catalogue.models import Status as SpecStatus
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.credentials.models import IssuedCredential
from microcred_web.institutions.models import Institution
from microcred_web.recognition import adapters, information
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.information import INTERNAL_SUPPLIERS
from microcred_web.recognition.models import (
    Appeal,
    CaseEvent,
    DecisionCredential,
    LedgerEntry,
    Outcome,
    Purpose,
    RecognitionCase,
    Status,
)
from microcred_web.recognition.permissions import (
    FourEyesRefused,
    can_handle,
    require_follow,
    require_four_eyes,
    require_handle,
    require_officer_at,
    require_revoke_decision,
)
from microcred_web.recognition.service_messages import err, supplier_text

# Events a learner sees on their own case page; the rest is the officers' working record.
LEARNER_VISIBLE = frozenset(
    {
        "REQUEST_FILED",
        "CASE_OPENED",
        "INFORMATION_REQUESTED",
        "DECISION_FINAL",
        "APPEAL_LODGED",
        "APPEAL_DECIDED",
        "CASE_CLOSED",
        "DECISION_ISSUED",
        "CONDITIONS_MET",
        "LEARNER_RESPONDED",
        "DECISION_CREDENTIAL_REVOKED",
        "INFORMATION_SUPPLIED",
    }
)
MIN_JUSTIFICATION = 20
MAX_REPLY = 2000
SYSTEM_ACTOR = "system"
NOTICE_LANGUAGES = ("vi", "lo")


class ReplayMismatchError(MicrocredError):
    """Replaying the case does not reproduce the recorded proposal (recognition.md §6.7)."""


def learner_ref_of(user: Any) -> str:
    """The internal learner id used in case documents and the log (no personal data, §6.10)."""
    return f"learner-{user.pk}"


def actor_of(user: Any, role: str) -> str:
    return f"user:{user.pk} ({role})"


# ------------------------------------------------------------------------------ event log


def _append(case: RecognitionCase, write: Callable[[AuditLog], AuditEvent]) -> CaseEvent:
    """Append one event with the core's ``AuditLog`` after checking the chain so far."""
    events = adapters.audit_events(case.events.order_by("seq"))
    verify_chain(events, expected_head=case.head_hash or None)
    log = AuditLog(events, clock=timezone.now)
    event = write(log)
    row = CaseEvent.objects.create(
        case=case,
        seq=event.seq,
        timestamp=event.timestamp,
        actor=event.actor,
        action=event.action,
        payload=event.payload,
        prev_hash=event.prev_hash,
        hash=event.hash,
        hash_format=event.hash_format,
        visible_to_learner=event.action in LEARNER_VISIBLE,
    )
    case.head_hash = event.hash
    case.save(update_fields=["head_hash", "updated_at"])
    return row


def _event(case: RecognitionCase, *, actor: str, action: str, payload: dict[str, Any]) -> CaseEvent:
    return _append(case, lambda log: log.append(actor=actor, action=action, payload=payload))


def _locked(case: RecognitionCase) -> RecognitionCase:
    return RecognitionCase.objects.select_for_update().get(pk=case.pk)


def _require_status(case: RecognitionCase, allowed: set[str], doing: str) -> None:
    if case.status not in allowed:
        raise RecognitionInputError(
            err("service.status.wrong_for_action", value=case.get_status_display(), doing=doing),
            where=f"case {case.reference}",
        )


# ------------------------------------------------------------------------------ opening


def _purpose(purpose: str) -> str:
    if purpose not in Purpose.values:
        raise RecognitionInputError(
            err("service.purpose.unknown", purpose=purpose, value=", ".join(Purpose.values)), where="purpose"
        )
    return purpose


def _language(language: str, *, issuer_country: str = "", host: Institution | None = None) -> str:
    """The applicant's language for the notice: theirs if it is Vietnamese or Lao, else the
    language of the sending or host country where that is Vietnam or Laos, else English."""
    if language in NOTICE_LANGUAGES:
        return language
    by_country = {"VN": "vi", "LA": "lo"}
    for country in (issuer_country, host.country if host else ""):
        if country in by_country:
            return by_country[country]
    return "en"


def _intake(
    *,
    applicant: Any,
    issued: IssuedCredential | None,
    register_version: MicroCredentialVersion | None,
    uploaded: str,
    proof_code: str,
) -> adapters.Intake:
    given = [x for x in (issued, register_version, uploaded.strip() or None) if x is not None]
    if len(given) != 1:
        raise RecognitionInputError(
            err("service.intake.one_credential"),
            where="credential",
        )
    ref = learner_ref_of(applicant)
    if issued is not None:
        holder = HolderEvidence(email=applicant.email, salt=issued.email_salt) if applicant.email else None
        return adapters.verify_signed(
            issued.jws or issued.document,
            learner_ref=ref,
            holder=holder,
            holder_by_account=issued.learner_id == applicant.pk,
        )
    if register_version is not None:
        if register_version.status != SpecStatus.PUBLISHED:
            raise RecognitionInputError(err("service.intake.register_unpublished"), where="register entry")
        return adapters.register_entry_evidence(
            register_version.spec,
            credential_id=f"register:{register_version.uuid}:{ref}",
            learner_ref=ref,
        )
    from microcred_web.credentials.verifying import parse_submission

    document, jws, problem = parse_submission(uploaded)
    if problem is not None or document is None:
        detail = problem.detail or problem.summary if problem else "no credential"
        raise RecognitionInputError(
            err("service.intake.not_a_credential", detail=detail), where="credential file"
        )
    if not proof_code.strip() or not applicant.email:
        raise RecognitionInputError(
            err("service.intake.proof_code_needed"),
            where="proof code",
        )
    return adapters.verify_signed(
        jws or document,
        learner_ref=ref,
        holder=HolderEvidence(email=applicant.email, salt=proof_code.strip()),
    )


def _new_case(
    *,
    applicant: Any,
    host: Institution,
    purpose: str,
    intake: adapters.Intake,
    status: str,
    language: str,
    target_request: dict[str, str],
    note: str = "",
) -> RecognitionCase:
    sla = _decision_sla_days(
        issuer_ids=[intake.source_institution] if intake.source_institution else [],
        host=host,
        programme_id="",
        purpose=_purpose(purpose),
    )
    ident = uuid.uuid4()
    return RecognitionCase.objects.create(
        uuid=ident,
        reference=f"{host.slug.upper()}-{timezone.localdate():%Y}-{ident.hex[:8].upper()}",
        applicant=applicant,
        learner_ref=learner_ref_of(applicant),
        host=host,
        purpose=_purpose(purpose),
        status=status,
        notice_language=_language(language, host=host, issuer_country=_issuer_country(intake)),
        learner_note=note.strip(),
        target_request=target_request,
        evidence=[intake.evidence],
        verification_reports=[intake.report],
        decision_deadline=timezone.localdate() + timedelta(days=sla),
        source_institutions=intake.source_institution,
        credential_codes=intake.code,
        credential_titles=intake.title,
    )


def _decision_sla_days(
    *,
    issuer_ids: list[str],
    host: Institution,
    programme_id: str,
    purpose: str,
    carried: list[Any] | None = None,
    pinned: str | None = None,
) -> int:
    """Days to decide a case filed today, from the agreement that governs it (the profile in
    force, or the bilateral or institutional agreement's own ``procedure`` where it sets one)."""
    from microcred_web.recognition.agreement_services import governing_procedure

    return governing_procedure(
        issuer_ids=issuer_ids,
        host_id=host.slug,
        programme_id=programme_id,
        on=timezone.localdate(),
        purpose=purpose,
        carried=carried,
        pinned=pinned,
    ).decision_sla_days


def _issuer_country(intake: adapters.Intake) -> str:
    inst = Institution.objects.filter(slug=intake.source_institution).first()
    return inst.country if inst else ""


def _evidence_summary(intake: adapters.Intake) -> dict[str, Any]:
    ev = intake.evidence
    checks = {c["check"]: c["state"] for c in intake.report.get("checks", [])}
    return {
        "kind": ev["kind"],
        "credential_code": intake.code,
        "source_institution": intake.source_institution,
        "payload_sha256": next((v.get("payload_sha256") for v in ev.get("verification", [])), None),
        "checks": checks,
        "holder_binding": intake.report.get("holder_binding"),
    }


def _target_request(
    host: Institution, title: str, code: str, entry: MicroCredentialVersion | None
) -> dict[str, str]:
    """The course the learner asked for; a published register entry of the host is named by its
    version, so the officer's target form starts from it (ADR 0810)."""
    request = {"title": title.strip(), "code": code.strip()}
    if entry is None:
        return request
    if entry.status != SpecStatus.PUBLISHED or entry.micro_credential.institution_id != host.pk:
        raise RecognitionInputError(
            gettext("the course must be a published entry of the host's register"), where="target_entry"
        )
    return {**request, "register_version": str(entry.uuid)}


@transaction.atomic
def recognition_request_create(
    *,
    applicant: Any,
    host: Institution,
    purpose: str,
    target_title: str,
    target_code: str = "",
    target_entry: MicroCredentialVersion | None = None,
    issued: IssuedCredential | None = None,
    register_version: MicroCredentialVersion | None = None,
    uploaded: str = "",
    proof_code: str = "",
    note: str = "",
    language: str = "en",
) -> RecognitionCase:
    """A learner asks the host institution to recognise one of their credentials (§4.1)."""
    if applicant is None or not applicant.is_authenticated:
        raise RecognitionInputError(err("service.request.sign_in"), where="applicant")
    if not target_title.strip():
        raise RecognitionInputError(err("service.request.target_needed"), where="target_title")
    if issued is not None and issued.learner_id != applicant.pk:
        raise RecognitionInputError(err("service.credential.not_yours"), where="credential")
    intake = _intake(
        applicant=applicant,
        issued=issued,
        register_version=register_version,
        uploaded=uploaded,
        proof_code=proof_code,
    )
    case = _new_case(
        applicant=applicant,
        host=host,
        purpose=purpose,
        intake=intake,
        status=Status.REQUESTED,
        language=language,
        target_request=_target_request(host, target_title, target_code, target_entry),
        note=note,
    )
    _event(
        case,
        actor=actor_of(applicant, "learner"),
        action="REQUEST_FILED",
        payload={
            "case_id": case.reference,
            "host": host.slug,
            "purpose": case.purpose,
            "target_requested": case.target_request,
            "evidence": _evidence_summary(intake),
        },
    )
    return case


@transaction.atomic
def recognition_case_open_from_credential(
    *,
    by: Any,
    host: Institution,
    applicant: Any,
    purpose: str,
    issued: IssuedCredential | None = None,
    register_version: MicroCredentialVersion | None = None,
    uploaded: str = "",
    proof_code: str = "",
    language: str = "",
) -> RecognitionCase:
    """An officer opens a case from a credential the applicant handed in; it is verified first."""
    require_officer_at(by, host)
    if applicant is None:
        raise RecognitionInputError(err("service.open.applicant_needed"), where="applicant")
    intake = _intake(
        applicant=applicant,
        issued=issued,
        register_version=register_version,
        uploaded=uploaded,
        proof_code=proof_code,
    )
    case = _new_case(
        applicant=applicant,
        host=host,
        purpose=purpose,
        intake=intake,
        status=Status.UNDER_REVIEW,
        language=language,
        target_request={},
    )
    _event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="CASE_OPENED",
        payload={
            "case_id": case.reference,
            "host": host.slug,
            "purpose": case.purpose,
            "evidence": _evidence_summary(intake),
        },
    )
    return case


@transaction.atomic
def recognition_case_import(
    *, by: Any, host: Institution, document: Any, applicant: Any = None, language: str = ""
) -> RecognitionCase:
    """Open a case from a case file in the core's format (``docs/recognition-case-format.md``),
    e.g. prepared with the ``microcred recognize`` tools or sent by another system."""
    require_officer_at(by, host)
    doc = parse_case_doc(document, source="case file")
    for i, ev in enumerate(doc.credentials):
        if ev.kind == "register_entry" and ev.spec is None:
            raise RecognitionInputError(
                err("service.import.paths_left"),
                where=f"case file: credentials[{i}]",
            )
    if any(not hasattr(a, "agreement_id") for a in doc.agreements):
        raise RecognitionInputError(
            err("service.import.agreement_path"),
            where="case file: agreements",
        )
    if doc.target.institution.id != host.slug:
        raise RecognitionInputError(
            err("service.import.other_host", id=doc.target.institution.id, slug=host.slug),
            where="case file: target.institution.id",
        )
    if RecognitionCase.objects.filter(reference=doc.case_id).exists():
        raise RecognitionInputError(
            err("service.import.case_exists", case_id=doc.case_id), where="case file: case_id"
        )
    data = doc.model_dump(mode="json", by_alias=True)
    core = to_core(doc, source="case file")
    issuers = [c.issuer for c in core.credentials if c.issuer]
    case = RecognitionCase.objects.create(
        reference=doc.case_id,
        applicant=applicant,
        learner_ref=learner_ref_of(applicant) if applicant else doc.ledger.learner_id,
        host=host,
        purpose=doc.purpose,
        status=Status.UNDER_REVIEW,
        notice_language=_language(language, issuer_country=issuers[0].country if issuers else "", host=host),
        imported_input=data,
        evidence=data["credentials"],
        verification_reports=[
            {"note": "imported case file; verification as recorded in it", "note_code": "imported"}
        ],
        target=data["target"],
        decision_deadline=timezone.localdate()
        + timedelta(
            days=_decision_sla_days(
                issuer_ids=[i.id for i in issuers],
                host=host,
                programme_id=core.target.programme.id,
                purpose=doc.purpose,
                carried=list(agreement_docs(doc)),
                pinned=doc.agreement_ref,
            )
        ),
        source_institutions=" ".join(dict.fromkeys(i.id for i in issuers)),
        credential_codes=" ".join(c.spec_id for c in core.credentials if c.spec_id),
        credential_titles=" · ".join(c.title for c in core.credentials if c.title),
    )
    if core.target.learning_outcomes:
        case.lo_suggestions = adapters.suggestions_json(
            adapters.target_outcomes(data["target"]), adapters.source_outcomes(data["credentials"])
        )
        case.save(update_fields=["lo_suggestions"])
    _event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="CASE_OPENED",
        payload={
            "case_id": case.reference,
            "host": host.slug,
            "purpose": case.purpose,
            "imported": True,
            "file_sha256": sha256_hex(canonical_json(data)),
        },
    )
    return case


# ------------------------------------------------------------------------------ target and LOs

_OPEN = {Status.REQUESTED, Status.UNDER_REVIEW, Status.PROPOSED, Status.INFORMATION_REQUESTED}


def _reopen(case: RecognitionCase) -> None:
    """A change to the inputs makes an earlier proposal stale: propose again."""
    if case.status in (Status.PROPOSED, Status.INFORMATION_REQUESTED, Status.REQUESTED):
        case.status = Status.UNDER_REVIEW
    case.pending_decision = None


@transaction.atomic
def recognition_case_set_target(*, case: RecognitionCase, by: Any, target: dict[str, Any]) -> RecognitionCase:
    """Set the target component (course or programme, credits, level, learning outcomes, §4.1)."""
    require_handle(by, case)
    case = _locked(case)
    _require_status(case, _OPEN, err("service.doing.change_target"))
    host = case.host
    data = {
        **target,
        "institution": {"id": host.slug, "name": host.display_name("en"), "country": host.country},
    }
    try:
        doc = TargetDoc.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "target." + ".".join(str(p) for p in first["loc"])
        raise RecognitionInputError(
            err("service.target.invalid", value=len(exc.errors()), value2=first["msg"]), where=where
        ) from None
    ids = [lo.id for lo in doc.learning_outcomes]
    if len(set(ids)) != len(ids):
        raise RecognitionInputError(err("service.target.duplicate_lo"), where="target.learning_outcomes")
    case.target = doc.model_dump(mode="json")
    case.lo_suggestions = adapters.suggestions_json(
        adapters.target_outcomes(case.target), adapters.source_outcomes(case.evidence)
    )
    case.lo_actions = []
    _reopen(case)
    case.save()
    _event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="TARGET_SET",
        payload={
            "target": case.target,
            "suggestions": len(case.lo_suggestions.get("suggestions", [])),
            "backend": case.lo_suggestions.get("backend"),
        },
    )
    return case


def _now_text() -> str:
    return timezone.now().isoformat().replace("+00:00", "Z")


def _lo_action(
    case: RecognitionCase, by: Any, action: dict[str, Any], check: Callable[[Any], Any]
) -> RecognitionCase:
    require_handle(by, case)
    case = _locked(case)
    _require_status(case, _OPEN, err("service.doing.change_matrix"))
    if not case.lo_suggestions and action["action"] != "EDITED":
        raise RecognitionInputError(err("service.lo.no_suggestions"), where="lo matrix")
    matrix = adapters.lo_matrix(case.lo_suggestions, case.lo_actions)
    try:
        check(matrix)
    except MicrocredError as exc:
        raise RecognitionInputError(exc.message, where=exc.where or "lo matrix") from None
    case.lo_actions = [*case.lo_actions, action]
    _reopen(case)
    case.save()
    _event(case, actor=action["actor"], action=f"LO_{action['action']}", payload=action)
    return case


def _target_lo_ids(case: RecognitionCase) -> set[str]:
    return {str(lo["id"]) for lo in case.target.get("learning_outcomes", [])}


def _check_target_lo(case: RecognitionCase, target_lo: str) -> None:
    if target_lo not in _target_lo_ids(case):
        raise RecognitionInputError(
            err("service.lo.unknown_target_lo", target_lo=target_lo), where="target_lo"
        )


@transaction.atomic
def recognition_lo_pair_confirm(
    *, case: RecognitionCase, by: Any, target_lo: str, source: str, note: str = ""
) -> RecognitionCase:
    """A person confirms a suggested pair (§8.2 step 6); only confirmed pairs reach S7."""
    ref = adapters.source_ref(source, where="source")
    at = _now_text()
    actor = actor_of(by, "recognition_officer")
    matrix = adapters.lo_matrix(case.lo_suggestions, case.lo_actions)
    coverage = next(
        (
            s.proposed_coverage.value
            for s in matrix.suggestions.suggestions
            if s.target_lo == target_lo and s.source == ref
        ),
        None,
    )
    action = {
        "action": "CONFIRMED",
        "target_lo": target_lo,
        "sources": [source],
        "coverage": coverage,
        "actor": actor,
        "at": at,
        "note": note.strip() or None,
    }
    return _lo_action(case, by, action, lambda m: m.confirm(target_lo, ref, actor=actor, at=at))


@transaction.atomic
def recognition_lo_pair_reject(
    *, case: RecognitionCase, by: Any, target_lo: str, source: str, note: str = ""
) -> RecognitionCase:
    ref = adapters.source_ref(source, where="source")
    at = _now_text()
    actor = actor_of(by, "recognition_officer")
    action = {
        "action": "REJECTED",
        "target_lo": target_lo,
        "sources": [source],
        "coverage": None,
        "actor": actor,
        "at": at,
        "note": note.strip() or None,
    }
    return _lo_action(case, by, action, lambda m: m.reject(target_lo, ref, actor=actor, at=at))


@transaction.atomic
def recognition_lo_pair_edit(
    *, case: RecognitionCase, by: Any, target_lo: str, coverage: str, sources: list[str], note: str
) -> RecognitionCase:
    """Set a target outcome's coverage and sources by hand, with a note saying why (§8.2 step 6)."""
    _check_target_lo(case, target_lo)
    if coverage not in Coverage.__members__:
        raise RecognitionInputError(err("service.lo.bad_coverage", coverage=coverage), where="coverage")
    refs = [adapters.source_ref(s, where="sources") for s in sources if s.strip()]
    known = {f"{lo.credential_id}#{lo.id}" for lo in adapters.source_outcomes(case.evidence)}
    for r in refs:
        if str(r) not in known:
            raise RecognitionInputError(err("service.lo.unknown_source", r=r), where="sources")
    at = _now_text()
    actor = actor_of(by, "recognition_officer")
    action = {
        "action": "EDITED",
        "target_lo": target_lo,
        "sources": [str(r) for r in refs],
        "coverage": coverage,
        "actor": actor,
        "at": at,
        "note": note.strip(),
    }
    return _lo_action(
        case,
        by,
        action,
        lambda m: m.edit(target_lo, coverage=Coverage(coverage), sources=refs, actor=actor, at=at, note=note),
    )


@transaction.atomic
def recognition_lo_matrix_sign_off(*, case: RecognitionCase, by: Any) -> RecognitionCase:
    """The reviewer signs off the matrix: target outcomes without a confirmed row are not covered."""
    action = {
        "action": "SIGNED_OFF",
        "target_lo": "",
        "sources": [],
        "actor": actor_of(by, "recognition_officer"),
        "at": _now_text(),
    }
    require_handle(by, case, Action.SIGN_OFF_MATRIX)
    return _lo_action(case, by, action, lambda m: m)


# ------------------------------------------------------------------------------ findings


def _finding(case: RecognitionCase, standard: str, code: str, subject: str | None) -> dict[str, Any]:
    for f in (case.proposal or {}).get("findings", []):
        if f["standard"] == standard and f["code"] == code and f["subject"] == subject:
            return dict(f)
    raise RecognitionInputError(
        f"the proposal has no finding {standard}:{code}" + (f"@{subject}" if subject else ""), where="finding"
    )


@transaction.atomic
def recognition_finding_reclassify(
    *,
    case: RecognitionCase,
    by: Any,
    standard: str,
    code: str,
    subject: str | None,
    materiality: str,
    justification: str,
    remedy_type: str = "",
    remedy_description: str = "",
) -> RecognitionCase:
    """An officer reclassifies a finding of the proposal (recognition.md §4.3 design notes: e.g.
    a substantial difference judged remediable), with a mandatory justification. It becomes an
    ``overrides`` entry of the case document, so the engine applies it and a replay sees it;
    where the agreement asks for four eyes the engine waits for ``recognition_finding_approve``."""
    require_handle(by, case, Action.OVERRIDE_FINDING)
    case = _locked(case)
    _require_status(case, _OPEN, err("service.doing.reclassify"))
    finding = _finding(case, standard, code, subject)
    if standard == "S1":
        raise RecognitionInputError(err("service.reclassify.authenticity"), where="finding")
    if (
        materiality not in ("SUBSTANTIAL", "NON_SUBSTANTIAL", "REMEDIABLE")
        or materiality == finding["materiality"]
    ):
        raise RecognitionInputError(err("service.reclassify.same_materiality"), where="materiality")
    if len(justification.strip()) < MIN_JUSTIFICATION:
        raise RecognitionInputError(
            err("service.reclassify.justification_short", min=MIN_JUSTIFICATION),
            where="justification",
        )
    remedy = None
    if remedy_type.strip() or remedy_description.strip():
        if not (remedy_type.strip() and remedy_description.strip()):
            raise RecognitionInputError(err("service.reclassify.remedy_incomplete"), where="remedy")
        remedy = {"type": remedy_type.strip(), "description": remedy_description.strip()}
    if materiality == "REMEDIABLE" and remedy is None and finding.get("remedy") is None:
        raise RecognitionInputError(err("service.reclassify.remedy_needed"), where="remedy")
    key = (standard, code, subject)
    if any(
        (o["doc"]["standard"], o["doc"]["code"], o["doc"]["subject"]) == key for o in case.finding_overrides
    ):
        raise RecognitionInputError(err("service.reclassify.already"), where="finding")
    actor = actor_of(by, "recognition_officer")
    doc = {
        "standard": standard,
        "code": code,
        "subject": subject,
        "materiality": materiality,
        "justification": justification.strip(),
        "actor": actor,
        "approved_by": None,
        "remedy": remedy,
    }
    case.finding_overrides = [*case.finding_overrides, {"doc": doc, "by": by.pk, "approved_by": None}]
    _reopen(case)
    case.save()
    _event(
        case, actor=actor, action="FINDING_RECLASSIFIED", payload={**doc, "previous": finding["materiality"]}
    )
    return case


def _four_eyes(
    by: Any,
    case: RecognitionCase,
    *,
    authors: set[Any],
    step: str,
    where: str,
    action: Action = Action.COUNTERSIGN,
) -> None:
    """The core's four-eyes rule (``microcred.four_eyes``) on a desk step, through the policy;
    a refusal is logged there and shown to the officer as a message, not a 403 page."""
    try:
        require_four_eyes(by, case, authors=authors, step=step, action=action)
    except FourEyesRefused as exc:
        raise RecognitionInputError(str(exc.args[0]), where=where) from None


@transaction.atomic
def recognition_finding_approve(*, case: RecognitionCase, by: Any, index: int) -> RecognitionCase:
    """The second officer's approval of a reclassification (four eyes, §6.5)."""
    require_handle(by, case, Action.COUNTERSIGN)
    case = _locked(case)
    _require_status(case, _OPEN, err("service.doing.approve_reclassification"))
    if not 0 <= index < len(case.finding_overrides):
        raise RecognitionInputError(err("service.reclassify_approve.none"), where="index")
    entry = case.finding_overrides[index]
    if entry["approved_by"] is not None:
        raise RecognitionInputError(err("service.reclassify_approve.already"), where="index")
    _four_eyes(by, case, authors={entry["by"]}, step="approve_override", where="index")
    actor = actor_of(by, "recognition_officer")
    entries = [dict(e) for e in case.finding_overrides]
    entries[index] = {**entry, "approved_by": by.pk, "doc": {**entry["doc"], "approved_by": actor}}
    case.finding_overrides = entries
    _reopen(case)
    case.save()
    _event(case, actor=actor, action="FINDING_RECLASSIFICATION_APPROVED", payload=entries[index]["doc"])
    return case


@transaction.atomic
def recognition_level_record(
    *, case: RecognitionCase, by: Any, credential_id: str, level: str, justification: str
) -> RecognitionCase:
    """An officer records the level of a credential that states none (or only a platform label),
    with a justification (recognition.md §4.3 S5); the engine then uses it, saying so."""
    require_handle(by, case)
    case = _locked(case)
    _require_status(case, _OPEN, err("service.doing.record_level"))
    known = {
        ev.get("record", ev.get("claimed", ev.get("award", {}))).get("credential_id") for ev in case.evidence
    }
    if credential_id not in known:
        raise RecognitionInputError(
            err("service.level.unknown_credential", credential_id=credential_id), where="credential_id"
        )
    framework, sep, value = level.strip().partition(":")
    if not sep or not framework or not value:
        raise RecognitionInputError(err("service.level.format"), where="level")
    if len(justification.strip()) < MIN_JUSTIFICATION:
        raise RecognitionInputError(
            err("service.level.justification_short", min=MIN_JUSTIFICATION),
            where="justification",
        )
    actor = actor_of(by, "recognition_officer")
    entry = {
        "credential_id": credential_id,
        "level": level.strip(),
        "justification": justification.strip(),
        "actor": actor,
    }
    case.level_assessments = [e for e in case.level_assessments if e["credential_id"] != credential_id] + [
        entry
    ]
    _reopen(case)
    case.save()
    _event(case, actor=actor, action="LEVEL_RECORDED", payload=entry)
    return case


# ------------------------------------------------------------------------------ proposal


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
    if not case.target:
        raise RecognitionInputError(err("service.target.first"), where="target")
    imported = case.imported_input
    if imported:
        doc = dict(imported)
    else:
        doc = {
            "format": "microcred-recognition-case",
            "format_version": "1.0",
            "case_id": case.reference,
            "purpose": case.purpose,
            "decision_date": decision_date.isoformat(),
            "ledger": _ledger(case, str(case.target["programme"]["id"])),
            "agreements": [],
        }
    # The member issuers' QA standing from its one source (not for a case file, which is its
    # own source), then the values the answers to requests for information gave (ADR 0810).
    evidence = case.evidence if imported else information.with_institution_qa(case.evidence)
    doc["credentials"] = information.with_supplied(evidence, information.supplied_values(case))
    doc["target"] = case.target
    if case.level_assessments:
        doc["level_assessments"] = [*(imported or {}).get("level_assessments", []), *case.level_assessments]
    if case.finding_overrides:
        doc["overrides"] = [
            *(imported or {}).get("overrides", []),
            *(o["doc"] for o in case.finding_overrides),
        ]
    matrix = adapters.lo_matrix_doc(case.lo_suggestions, case.lo_actions, (imported or {}).get("lo_matrix"))
    if matrix is not None:
        doc["lo_matrix"] = matrix
    return doc


def _with_agreements(data: dict[str, Any], case: RecognitionCase) -> dict[str, Any]:
    """The case with the agreements of the database that may govern it, inline (ADR 0802). A
    case file that brings its own agreements (or pins one) keeps them as they are."""
    if data.get("agreements") or data.get("agreement_ref"):
        return data
    from microcred_web.recognition.agreement_services import case_agreements

    core = to_core(parse_case_doc(data, source=f"case {case.reference}"), source=f"case {case.reference}")
    issuers = list(dict.fromkeys(c.issuer.id for c in core.credentials if c.issuer and c.issuer.id))
    if not issuers:
        return data
    docs, pinned = case_agreements(
        issuer_ids=issuers,
        host_id=case.host.slug,
        programme_id=str(case.target["programme"]["id"]),
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
    case = _locked(case)
    _require_status(
        case,
        {Status.UNDER_REVIEW, Status.PROPOSED, Status.INFORMATION_REQUESTED},
        err("service.doing.propose"),
    )
    data = _with_agreements(case_document(case, decision_date=timezone.localdate()), case)
    doc = parse_case_doc(data, source=f"case {case.reference}")
    rec = adapters.decide(data, source=f"case {case.reference}")
    actor = actor_of(by, "recognition_officer")
    _event(case, actor=actor, action="CASE_INPUTS", payload=adapters.inputs_payload(doc))
    _append(case, lambda log: log.record_decision(rec, actor=f"{ENGINE_VERSION} for {actor}"))
    case.case_input = doc.model_dump(mode="json", by_alias=True)
    case.proposal = rec.report
    case.proposed_at = timezone.now()
    case.agreement_ref = rec.agreement.ref
    case.procedure = rec.agreement.procedure.model_dump(mode="json")
    case.pending_decision = None
    case.decision_date = doc.decision_date
    if rec.report["outcome"] == Outcome.PENDING_INFORMATION:
        _request_information(case, actor=actor, report=rec.report)
    else:
        case.status = Status.PROPOSED
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
        case.status = Status.UNDER_REVIEW
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
    case.status = Status.INFORMATION_REQUESTED
    case.save()
    if same:
        return
    _event(
        case,
        actor=actor,
        action="INFORMATION_REQUESTED",
        payload={
            "missing": missing,
            "asked": [str(m.get("where", "")) for m in ask],
            "deadline": report["information_deadline"],
        },
    )
    from microcred_web.notifications.services import notify_information_request

    notify_information_request(case)  # e-mail to whoever must answer (ADR 1110)


# ------------------------------------------------------------------------------ learner's answer


def _evidence_code(evidence: dict[str, Any]) -> str:
    """The register code of a register entry, or of the specification a signed credential claims."""
    if evidence.get("kind") == "signed_credential":
        claimed = evidence.get("claimed")
        return str(claimed.get("spec_id") or "") if isinstance(claimed, dict) else ""
    spec = evidence.get("spec") if evidence.get("kind") == "register_entry" else None
    return str(spec.get("code") or "") if isinstance(spec, dict) else ""


def _evidence_id(evidence: dict[str, Any]) -> str:
    for key in ("claimed", "award", "record"):
        value = evidence.get(key)
        if isinstance(value, dict) and value.get("credential_id"):
            return str(value["credential_id"])
    return ""


def _add_evidence(case: RecognitionCase, intake: adapters.Intake) -> str | None:
    """Add the learner's credential to the case. A signed credential of the same specification
    as a register entry of the case replaces that entry (it is what the issuer's confirmation was
    asked for), and so does one that replaces a signed credential of the same specification (the
    issuer re-issued it, e.g. with the level or workload the request asked for: one achievement
    counts once); anything else is added beside the case's credentials. Returns the replaced id."""
    new_id = _evidence_id(intake.evidence)
    if new_id and any(_evidence_id(ev) == new_id for ev in case.evidence):
        raise RecognitionInputError(err("service.evidence.already"), where="credential")
    replaced = None
    evidence, reports = list(case.evidence), list(case.verification_reports)
    if intake.evidence["kind"] == "signed_credential" and intake.code:
        for i, ev in enumerate(evidence):
            if _evidence_code(ev) == intake.code:
                replaced = _evidence_id(ev)
                evidence[i] = intake.evidence
                if i < len(reports):
                    reports[i] = intake.report
                break
    if replaced is None:
        evidence.append(intake.evidence)
        reports.append(intake.report)
    case.evidence, case.verification_reports = evidence, reports
    # The source outcomes changed: fresh suggestions, and the matrix is reviewed again.
    if case.target:
        case.lo_suggestions = adapters.suggestions_json(
            adapters.target_outcomes(case.target), adapters.source_outcomes(case.evidence)
        )
    case.lo_actions = []
    codes = [intake.code, *case.credential_codes.split()] if intake.code else case.credential_codes.split()
    case.credential_codes = " ".join(dict.fromkeys(c for c in codes if c))[:500]
    # the issuer of the added credential is asked for its items on its page (issuer_tasks)
    issuers = [*case.source_institutions.split(), intake.source_institution]
    case.source_institutions = " ".join(dict.fromkeys(i for i in issuers if i))[:300]
    return replaced


@transaction.atomic
def recognition_information_answer(
    *,
    case: RecognitionCase,
    by: Any,
    replies: dict[int, str] | None = None,
    values: dict[int, dict[str, Any]] | None = None,
    issued: IssuedCredential | None = None,
    register_version: MicroCredentialVersion | None = None,
    uploaded: str = "",
    proof_code: str = "",
) -> RecognitionCase:
    """The applicant answers the case's request for information (recognition.md §4.4
    PENDING_INFORMATION) before its deadline: a text reply per missing item and/or another
    credential, verified (signature, status, holder) as at intake. The answer is a
    ``LEARNER_RESPONDED`` event; the case goes back to the desk (UNDER_REVIEW) to be proposed
    again, so the decision is taken, and replayed, from the inputs as they are then."""
    require_follow(by, case)
    case = _locked(case)
    _require_status(case, {Status.INFORMATION_REQUESTED}, err("service.doing.answer"))
    request = information.information_request_of(case)
    if request is None:
        raise RecognitionInputError(err("service.answer.nothing_asked"), where=f"case {case.reference}")
    if request.is_past(timezone.localdate()):
        assert request.deadline is not None
        raise RecognitionInputError(
            err("service.answer.deadline_passed", value=request.deadline.isoformat()),
            where="deadline",
        )
    answered = []
    values = values or {}
    for index in sorted({*(replies or {}), *values}):
        text = ((replies or {}).get(index) or "").strip()
        if not 0 <= index < len(request.items):
            raise RecognitionInputError(
                err("service.answer.no_item", value=index + 1), where=f"reply_{index}"
            )
        item = request.items[index]
        value = _clean_value(item.kind, values[index], where=f"reply_{index}") if values.get(index) else None
        if not text and value is None:
            continue
        if len(text) > MAX_REPLY:
            raise RecognitionInputError(
                err("service.answer.reply_too_long", max=MAX_REPLY), where=f"reply_{index}"
            )
        if not item.for_the_learner:
            raise RecognitionInputError(
                err("service.answer.not_for_learner", value=index + 1, value2=supplier_text(item.supplier)),
                where=f"reply_{index}",
            )
        reply = {"item": item.item, "where": item.where, "supplier": item.supplier, "reply": text}
        answered.append({**reply, "value": value} if value is not None else reply)
    if issued is not None and issued.learner_id != by.pk:
        raise RecognitionInputError(err("service.credential.not_yours"), where="credential")
    intake = None
    if issued is not None or register_version is not None or uploaded.strip():
        intake = _intake(
            applicant=by,
            issued=issued,
            register_version=register_version,
            uploaded=uploaded,
            proof_code=proof_code,
        )
    if not answered and intake is None:
        raise RecognitionInputError(err("service.answer.empty"), where="answer")
    replaced = _add_evidence(case, intake) if intake is not None else None
    case.pending_decision = None
    case.save()
    _event(
        case,
        actor=actor_of(by, "learner"),
        action="LEARNER_RESPONDED",
        payload={
            "request": request.seq,
            "deadline": request.deadline.isoformat() if request.deadline else None,
            "replies": answered,
            "evidence": _evidence_summary(intake) if intake is not None else None,
            "replaces": replaced,
            "lo_matrix_reset": intake is not None,
        },
    )
    # The learner's answer always goes back to the desk: the officer proposes again with it
    # (items still asked of an issuer stay on that issuer's page).
    _back_to_the_desk_when_answered(case, evidence_changed=True)
    return case


def _back_to_the_desk_when_answered(case: RecognitionCase, *, evidence_changed: bool) -> None:
    """The case goes back to the desk (UNDER_REVIEW, to be proposed again) once the learner and
    the issuer have answered everything asked of them, or at once when a credential changed."""
    request = information.information_request_of(case)
    waiting = [
        m
        for m in (request.items if request else ())
        if m.supplier not in INTERNAL_SUPPLIERS and not m.answered and not m.where.endswith(".verification")
    ]
    if evidence_changed or not waiting:
        case.status = Status.UNDER_REVIEW
        case.save(update_fields=["status", "updated_at"])


# The values an answer may give, checked at the service (the forms only parse; ADR 0810).
SUPERVISION_LEVELS = ("unsupervised_no_id", "supervised_no_id", "supervised_with_id")
ASSESSMENT_TYPES = ("exam_written", "exam_oral", "project", "portfolio", "auto_quiz", "none_attendance")
MAX_SOURCE = 500


def _clean_value(kind: str | None, raw: dict[str, Any], *, where: str) -> dict[str, Any]:
    """One answer's value in the form the case format takes (recognition.md §4.2), or a refusal
    naming the field."""

    def text(key: str, limit: int = 200) -> str:
        value = str(raw.get(key) or "").strip()
        if len(value) > limit:
            raise RecognitionInputError(
                gettext("%(field)s has at most %(limit)s characters") % {"field": key, "limit": limit},
                where=where,
            )
        return value

    if kind == "supervision" and raw.get("supervision") in SUPERVISION_LEVELS:
        return {"supervision": raw["supervision"]}
    if kind == "assessment_type" and raw.get("type") in ASSESSMENT_TYPES:
        return {"type": raw["type"]}
    if kind == "qa" and text("registry", 40) and text("agency"):
        return {"registry": text("registry", 40), "agency": text("agency")}
    if kind == "level":
        framework, sep, value = text("level", 20).partition(":")
        if sep and framework.isalnum() and value.replace(".", "").isdigit():
            return {"level": f"{framework}:{value}"}
    if kind == "issued_on":
        try:
            return {"date": date.fromisoformat(text("date", 10)).isoformat()}
        except ValueError:
            pass
    if kind == "workload":
        credits = _credits(raw.get("credits"), where)
        hours = _credits(raw.get("hours"), where)
        system = text("system", 20)
        if hours is not None or (credits is not None and system):
            return {
                "credits": None if credits is None else format(credits.normalize(), "f"),
                "system": system or None,
                "hours": None if hours is None else format(hours.normalize(), "f"),
            }
    raise RecognitionInputError(gettext("this answer does not fit the item"), where=where)


@transaction.atomic
def recognition_information_supply(
    *,
    case: RecognitionCase,
    by: Any,
    where: str,
    value: dict[str, Any] | None = None,
    text: str = "",
    source: str = "",
) -> RecognitionCase:
    """Supply one missing item of the case's current proposal (ADR 0810): the issuing
    institution's staff answer what is asked of their institution; the host's officer records
    their own items and what an issuer replied, with its source. An ``INFORMATION_SUPPLIED``
    event; a value is applied to the credential's record when the case is proposed again."""
    from microcred_web.recognition.permissions import can_supply_as_issuer

    case = _locked(case)
    _require_status(case, set(information.OPEN_STATUSES), "receive information")
    item = next((m for m in information.missing_items(case) if m.where == where), None)
    if item is None:
        raise RecognitionInputError(gettext("the proposal misses no such item"), where="item")
    officer = can_handle(by, case)
    issuer_staff = item.issuer is not None and can_supply_as_issuer(by, item.issuer)
    if item.party == information.ISSUER and issuer_staff:
        role, party = "issuer", information.ISSUER
    elif officer and item.officer_records:
        role, party = "recognition_officer", information.OFFICER
    else:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("not allowed: this item is for another party to supply")
    text, source = text.strip(), source.strip()
    clean = _clean_value(item.kind, value, where="value") if value else None
    if clean is None and not text:
        raise RecognitionInputError(gettext("give the answer"), where="text")
    if len(text) > MAX_REPLY:
        raise RecognitionInputError(
            gettext("%(field)s has at most %(limit)s characters")
            % {"field": gettext("answer"), "limit": MAX_REPLY},
            where="text",
        )
    if len(source) > MAX_SOURCE:
        raise RecognitionInputError(
            gettext("%(field)s has at most %(limit)s characters")
            % {"field": gettext("source"), "limit": MAX_SOURCE},
            where="source",
        )
    if item.party == information.ISSUER and role == "recognition_officer" and len(source) < 5:
        raise RecognitionInputError(
            gettext("say where the issuer's reply comes from (a letter, an e-mail, a register entry)"),
            where="source",
        )
    payload = {
        "item": item.item,
        "where": item.where,
        "supplier": item.supplier,
        "party": party,
        "issuer": item.issuer_id or None,
        "value": clean,
        "text": text,
        "source": source,
    }
    _event(case, actor=actor_of(by, role), action="INFORMATION_SUPPLIED", payload=payload)
    if case.status == Status.INFORMATION_REQUESTED:
        _back_to_the_desk_when_answered(case, evidence_changed=False)
    return case


# ------------------------------------------------------------------------------ decision


def _credits(value: Any, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        credits = Decimal(str(value))
    except InvalidOperation:
        raise RecognitionInputError(err("service.credits.not_a_number", value=value), where=where) from None
    if not credits.is_finite() or credits < 0:
        raise RecognitionInputError(err("service.credits.negative"), where=where)
    return credits


def _decision(
    proposal: dict[str, Any], *, confirm: bool, outcome: str, credits: Any, justification: str
) -> dict[str, Any]:
    justification = justification.strip()
    if confirm and proposal["outcome"] == Outcome.PENDING_INFORMATION:
        raise RecognitionInputError(
            gettext("the proposal waits for information: decide with a justified override instead"),
            where="decision",
        )
    if confirm:
        awarded, system = adapters.award_of(proposal)
        return {
            "outcome": proposal["outcome"],
            "credits": None if awarded is None else format(awarded.normalize(), "f"),
            "credit_system": system,
            "override": False,
            "justification": justification,
        }
    if outcome not in Outcome.values or outcome == Outcome.PENDING_INFORMATION:
        raise RecognitionInputError(err("service.decide.outcome_needed"), where="outcome")
    if len(justification) < MIN_JUSTIFICATION:
        raise RecognitionInputError(
            err("service.decide.justification_short", min=MIN_JUSTIFICATION),
            where="justification",
        )
    amount = _credits(credits, "credits")
    if outcome in (Outcome.FULL, Outcome.PARTIAL, Outcome.CONDITIONAL) and amount is None:
        raise RecognitionInputError(err("service.decide.credits_needed"), where="credits")
    if outcome == Outcome.NOT_RECOGNISED:
        amount = None
    elif not authenticity_established(proposal):
        raise RecognitionInputError(
            gettext(
                "authenticity and revocation (S1) are not established: no override can award credits; "
                "refuse, or wait for the credential's confirmation"
            ),
            where="outcome",
        )
    return {
        "outcome": outcome,
        "credits": None if amount is None else format(amount.normalize(), "f"),
        "credit_system": str(proposal.get("credit_system") or ""),
        "override": True,
        "justification": justification,
    }


def authenticity_established(proposal: dict[str, Any]) -> bool:
    """S1 (authenticity, integrity, revocation) passed for every credential: the one finding no
    override can set aside (recognition.md §4.3 S1; ADR 0810)."""
    s1 = [s for s in proposal.get("standards") or [] if s.get("standard") == "S1"]
    return bool(s1) and all(s.get("result") in ("PASS", "PASS_WITH_NOTE") for s in s1)


# A decision can be signed whenever a proposal exists and the case is open (ADR 0810): confirmed
# when the proposal is a decision, overridden with a justification in any case.
DECIDABLE = {Status.UNDER_REVIEW, Status.PROPOSED, Status.INFORMATION_REQUESTED}


@transaction.atomic
def recognition_case_decide(
    *,
    case: RecognitionCase,
    by: Any,
    confirm: bool,
    outcome: str = "",
    credits: Any = None,
    justification: str = "",
) -> RecognitionCase:
    """Confirm the proposal, or override it with a mandatory justification (§4.3 design notes,
    §6.5). Where four eyes apply (ADR 0801) this is the first signature and the case waits for
    ``recognition_case_approve`` by another officer."""
    require_handle(by, case, Action.DECIDE)
    case = _locked(case)
    _require_status(case, DECIDABLE, err("service.doing.decide"))
    if case.proposal is None:
        raise RecognitionInputError(
            gettext("run the assessment first: there is no proposal"), where="decision"
        )
    if confirm and case.status != Status.PROPOSED:
        # the inputs changed since the proposal (an answer, a reclassification, the target)
        raise RecognitionInputError(
            gettext("propose again before confirming: the case changed since the proposal"), where="decision"
        )
    decision = _decision(
        case.proposal, confirm=confirm, outcome=outcome, credits=credits, justification=justification
    )
    actor = actor_of(by, "recognition_officer")
    if adapters.needs_second_approver(
        case.proposal, outcome=decision["outcome"], override=decision["override"]
    ):
        case.pending_decision = {**decision, "by": by.pk, "actor": actor, "at": _now_text()}
        case.save(update_fields=["pending_decision", "updated_at"])
        _event(
            case, actor=actor, action="DECISION_SIGNED", payload={**decision, "awaiting": "second approver"}
        )
        return case
    return _finalise(case, decision=decision, decided_by=by, second=None)


@transaction.atomic
def recognition_case_approve(*, case: RecognitionCase, by: Any) -> RecognitionCase:
    """The second signature of a decision that needs four eyes: another officer of the host."""
    require_handle(by, case, Action.COUNTERSIGN)
    case = _locked(case)
    _require_status(case, DECIDABLE, err("service.doing.approve"))
    pending = case.pending_decision
    if not pending:
        raise RecognitionInputError(err("service.approve.nothing_waiting"), where="approval")
    _four_eyes(by, case, authors={pending["by"]}, step="countersign", where="approval")
    from django.contrib.auth import get_user_model

    first = get_user_model().objects.get(pk=pending["by"])
    decision = {k: pending[k] for k in ("outcome", "credits", "credit_system", "override", "justification")}
    return _finalise(case, decision=decision, decided_by=first, second=by)


def _ledger_effects(case: RecognitionCase, decision: dict[str, Any]) -> None:
    """Write the learner's ledger (§6.9) for a final decision: consumed credentials and credits.

    A CONDITIONAL decision moves nothing: nothing is awarded until its conditions are met
    (recognition.md §4.4); ``recognition_conditions_met`` then writes the award that follows."""
    case.ledger_entries.all().delete()
    if decision["outcome"] not in (Outcome.FULL, Outcome.PARTIAL):
        return
    assert case.proposal is not None and case.case_input is not None
    programme = str(case.case_input["target"]["programme"]["id"])
    effects = case.proposal.get("ledger_effects") or {}
    for credential_id in effects.get("consume", []):
        LedgerEntry.objects.create(
            learner_ref=case.learner_ref, programme_id=programme, credential_id=credential_id, case=case
        )
    if decision["credits"] is not None:
        for category in (effects.get("add_credits") or {}) or {"": ""}:
            LedgerEntry.objects.create(
                learner_ref=case.learner_ref,
                programme_id=programme,
                cap_category=category,
                credits=Decimal(decision["credits"]),
                credit_system=decision["credit_system"],
                case=case,
            )


def _set_final(case: RecognitionCase, decision: dict[str, Any]) -> None:
    case.final_outcome = decision["outcome"]
    case.final_credits = Decimal(decision["credits"]) if decision["credits"] is not None else None
    case.final_credit_system = decision["credit_system"]
    case.justification = decision["justification"]
    case.is_override = decision["override"]


def _finalise(
    case: RecognitionCase, *, decision: dict[str, Any], decided_by: Any, second: Any
) -> RecognitionCase:
    assert case.proposal is not None and case.case_input is not None
    _set_final(case, decision)
    case.decided_by = decided_by
    case.second_approver = second
    case.decided_at = timezone.now()
    days = int((case.procedure or {}).get("appeal_deadline_days", 30))
    case.appeal_deadline = timezone.localdate() + timedelta(days=days)
    core = to_core(parse_case_doc(case.case_input, source=case.reference))
    case.source_institutions = " ".join(dict.fromkeys(c.issuer.id for c in core.credentials if c.issuer))
    case.credential_codes = " ".join(c.spec_id for c in core.credentials if c.spec_id)
    case.credential_titles = " · ".join(c.title for c in core.credentials if c.title)
    case.pending_decision = None
    case.status = Status.DECIDED
    case.save()
    _ledger_effects(case, decision)
    _event(
        case,
        actor=actor_of(decided_by, "recognition_officer"),
        action="DECISION_FINAL",
        payload={
            **decision,
            "proposed_outcome": case.proposal["outcome"],
            "proposal_sha256": sha256_hex(canonical_json(case.proposal)),
            "decided_by": actor_of(decided_by, "recognition_officer"),
            "second_approver": actor_of(second, "recognition_officer") if second else None,
            "decision_date": case.decision_date.isoformat() if case.decision_date else None,
            "appeal_deadline": case.appeal_deadline.isoformat(),
            "appeal_body": (case.procedure or {}).get("appeal_body"),
        },
    )
    return case


# ------------------------------------------------------------------------------ appeals


@transaction.atomic
def recognition_appeal_lodge(*, case: RecognitionCase, by: Any, grounds: str) -> Appeal:
    """The applicant appeals a final decision within the deadline (LRC Art. III.5, §6.8)."""
    require_follow(by, case)
    case = _locked(case)
    _require_status(case, {Status.DECIDED}, err("service.doing.appeal"))
    if case.appeal_deadline and timezone.localdate() > case.appeal_deadline:
        raise RecognitionInputError(
            err("service.appeal.deadline_passed", value=case.appeal_deadline.isoformat()), where="appeal"
        )
    if len(grounds.strip()) < 10:
        raise RecognitionInputError(err("service.appeal.grounds_short"), where="grounds")
    appeal = Appeal.objects.create(case=case, lodged_by=by, grounds=grounds.strip())
    case.status = Status.APPEALED
    case.save(update_fields=["status", "updated_at"])
    _event(
        case,
        actor=actor_of(by, "learner"),
        action="APPEAL_LODGED",
        payload={"appeal": appeal.pk, "grounds": appeal.grounds},
    )
    return appeal


@transaction.atomic
def recognition_appeal_decide(
    *,
    appeal: Appeal,
    by: Any,
    result: str,
    reasons: str,
    outcome: str = "",
    credits: Any = None,
) -> Appeal:
    """Decide an appeal: dismissed (the decision stands) or upheld with a new decision, linked to
    the old one (§6.8). Whoever signed the decision under appeal may not decide it."""
    case = _locked(appeal.case)
    require_handle(by, case, Action.DECIDE_APPEAL)
    _require_status(case, {Status.APPEALED}, err("service.doing.decide_appeal"))
    _four_eyes(
        by,
        case,
        authors={case.decided_by_id, case.second_approver_id},
        step="decide_appeal",
        where="appeal",
        action=Action.DECIDE_APPEAL,
    )
    if result not in Appeal.Result.values:
        raise RecognitionInputError(err("service.appeal_decide.result"), where="result")
    if len(reasons.strip()) < MIN_JUSTIFICATION:
        raise RecognitionInputError(
            err("service.appeal_decide.reasons_short", min=MIN_JUSTIFICATION), where="reasons"
        )
    previous = {
        "outcome": case.final_outcome,
        "credits": None if case.final_credits is None else format(case.final_credits.normalize(), "f"),
        "credit_system": case.final_credit_system,
        "justification": case.justification,
        "override": case.is_override,
    }
    assert case.proposal is not None
    new = previous
    if result == Appeal.Result.UPHELD:
        new = _decision(case.proposal, confirm=False, outcome=outcome, credits=credits, justification=reasons)
        _set_final(case, new)
        _ledger_effects(case, new)
    appeal.result = result
    appeal.reasons = reasons.strip()
    appeal.decided_by = by
    appeal.decided_at = timezone.now()
    appeal.previous_decision = previous
    appeal.save()
    case.status = Status.APPEAL_DECIDED
    case.save()
    _event(
        case,
        actor=actor_of(by, "appeal_body"),
        action="APPEAL_DECIDED",
        payload={
            "appeal": appeal.pk,
            "result": result,
            "reasons": appeal.reasons,
            "previous": previous,
            "decision": new,
        },
    )
    if _changed(previous, new):
        _revoke_decision_credential(
            case,
            actor=actor_of(by, "appeal_body"),
            reason=f"the appeal {appeal.pk} changed the decision to {new['outcome']}"
            + (f" ({new['credits']} {new['credit_system']})" if new["credits"] is not None else ""),
        )
    return appeal


def _changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether a decision credential stating ``before`` no longer states the decision."""

    def amount(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    return before["outcome"] != after["outcome"] or amount(before["credits"]) != amount(after["credits"])


@transaction.atomic
def recognition_conditions_met(*, case: RecognitionCase, by: Any, evidence: str) -> RecognitionCase:
    """Record that the conditions of a CONDITIONAL decision are met: the award the engine
    pre-computed (``on_condition_met``) now applies and reaches the learner's ledger (§4.4)."""
    require_handle(by, case)
    case = _locked(case)
    _require_status(case, {Status.DECIDED, Status.APPEAL_DECIDED}, err("service.doing.conditions_met"))
    if case.final_outcome != Outcome.CONDITIONAL:
        raise RecognitionInputError(err("service.conditions.not_conditional"), where=f"case {case.reference}")
    award = (case.proposal or {}).get("on_condition_met") or {}
    if case.is_override or not award:
        raise RecognitionInputError(
            err("service.conditions.officer_set"),
            where=f"case {case.reference}",
        )
    if len(evidence.strip()) < 10:
        raise RecognitionInputError(err("service.conditions.evidence_short"), where="evidence")
    decision = {
        "outcome": award["outcome"],
        "credits": award["credits_awarded"],
        "credit_system": award["credit_system"],
        "override": False,
        "justification": case.justification,
    }
    _set_final(case, decision)
    case.save()
    _ledger_effects(case, decision)
    _event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="CONDITIONS_MET",
        payload={**decision, "evidence": evidence.strip(), "previous_outcome": Outcome.CONDITIONAL},
    )
    _revoke_decision_credential(
        case,
        actor=actor_of(by, "recognition_officer"),
        reason=f"the conditions are met; the decision is now {decision['outcome']}",
    )
    return case


def _close(case: RecognitionCase, *, actor: str, reason: str, **extra: Any) -> RecognitionCase:
    """Close a locked case; one still waiting for information closes incomplete (§4.4)."""
    incomplete = case.status == Status.INFORMATION_REQUESTED
    case.status = Status.CLOSED_INCOMPLETE if incomplete else Status.CLOSED
    case.save(update_fields=["status", "updated_at"])
    _event(
        case,
        actor=actor,
        action="CASE_CLOSED",
        payload={"reason": reason.strip(), "incomplete": incomplete, **extra},
    )
    return case


@transaction.atomic
def recognition_case_close(*, case: RecognitionCase, by: Any, reason: str) -> RecognitionCase:
    """Close a case: after its decision (and any appeal), or when information asked for never
    came (recognition.md §4.4 PENDING_INFORMATION expires to CLOSED_INCOMPLETE)."""
    require_handle(by, case, Action.CLOSE_CASE)
    case = _locked(case)
    _require_status(
        case,
        {Status.DECIDED, Status.APPEAL_DECIDED, Status.INFORMATION_REQUESTED},
        err("service.doing.close"),
    )
    if len(reason.strip()) < 10:
        raise RecognitionInputError(err("service.close.reason_short"), where="reason")
    return _close(case, actor=actor_of(by, "recognition_officer"), reason=reason)


def information_requests_expired(*, today: date) -> list[tuple[RecognitionCase, date]]:
    """Cases still waiting for information whose deadline is before ``today``, oldest first."""
    information_request_of = information.information_request_of
    out = []
    waiting = RecognitionCase.objects.filter(status=Status.INFORMATION_REQUESTED).order_by("pk")
    for case in waiting.select_related("host"):
        request = information_request_of(case)
        due = request is not None and request.deadline is not None and request.is_past(today)
        if due and request is not None and request.deadline is not None and request.for_the_learner:
            out.append((case, request.deadline))  # never closed over items the learner cannot supply
    return out


@transaction.atomic
def recognition_information_request_expire(*, case: RecognitionCase, today: date) -> RecognitionCase | None:
    """Close one case whose request for information ran out (§4.4: PENDING_INFORMATION expires to
    CLOSED_INCOMPLETE), as the system; ``None`` when it is no longer due (answered, closed,
    or not yet past its deadline), so running it twice changes nothing."""
    information_request_of = information.information_request_of
    case = _locked(case)
    if case.status != Status.INFORMATION_REQUESTED:
        return None
    request = information_request_of(case)
    if request is None or request.deadline is None or not request.is_past(today):
        return None
    if not request.for_the_learner:
        return None
    return _close(
        case,
        actor=SYSTEM_ACTOR,
        reason=f"the information asked for by {request.deadline.isoformat()} was not supplied",
        deadline=request.deadline.isoformat(),
        expired=True,
    )


DECISION_SUITE = "eddsa-jcs-2022"


def decision_credential_document(case: RecognitionCase, *, salt: str, issued_at: Any) -> dict[str, Any]:
    """The final decision as a VCDM 2.0 credential (unsigned): what was decided, by whom, under
    which agreement, bound to the applicant by a hashed e-mail (ADR 0601); no name, no learner id."""
    from microcred.standards.ob3.identity import identity_hash, normalise_email
    from microcred_web.credentials.identity import institution_did

    host = case.host
    target = case.target or {}
    subject: dict[str, Any] = {
        "type": "RecognitionDecision",
        "case": case.reference,
        "purpose": case.purpose,
        "outcome": case.final_outcome,
        "credits": None if case.final_credits is None else format(case.final_credits.normalize(), "f"),
        "creditSystem": case.final_credit_system,
        "targetComponent": {
            "id": target.get("id", ""),
            "title": target.get("title", ""),
            "institution": host.slug,
        },
        "microCredentials": case.credential_codes.split(),
        "agreement": case.agreement_ref,
        "decisionDate": case.decided_at.date().isoformat() if case.decided_at else None,
        "appealDeadline": case.appeal_deadline.isoformat() if case.appeal_deadline else None,
        "decisionSha256": sha256_hex(canonical_json(case.proposal or {})),
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
    case = _locked(case)
    if not case.is_decided:
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
    _event(
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
    case = _locked(case)
    if not case.decision_credential:
        raise RecognitionInputError(err("service.revoke.nothing_current"), where=f"case {case.reference}")
    if len(reason.strip()) < MIN_REVOCATION_REASON:
        raise RecognitionInputError(
            err("service.revoke.reason_short", min=MIN_REVOCATION_REASON),
            where="reason",
        )
    role = "recognition_officer" if can_handle(by, case) else "institution_admin"
    _revoke_decision_credential(case, actor=actor_of(by, role), reason=reason.strip(), by_hand=True)
    return case


def _revoke_decision_credential(
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
    _event(
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


# ------------------------------------------------------------------------------ replay


@transaction.atomic
def recognition_case_replay(*, case: RecognitionCase, by: Any) -> ReplayResult:
    """Re-decide from the inputs snapshot and compare bit for bit with the stored proposal (§6.7).
    A broken chain raises ``TamperError``; a different decision raises ``ReplayMismatchError``."""
    require_handle(by, case)
    case = _locked(case)
    events = adapters.audit_events(case.events.order_by("seq"))
    result = adapters.replay_case(events, head=case.head_hash)
    adapters.check_anchors(case, events)
    if not result.matches:
        raise ReplayMismatchError(
            err(
                "service.replay.mismatch",
                reason=result.reason,
                value=result.recorded_sha256[:12],
                value2=result.replayed_sha256[:12],
            ),
            where=f"case {case.reference}",
        )
    _event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="REPLAY_CHECKED",
        payload={"matches": True, "decision_sha256": result.replayed_sha256, "outcome": result.outcome},
    )
    return result
