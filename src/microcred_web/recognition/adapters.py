"""Adapters between the web layer and the recognition core (``microcred.recognition``).

Nothing here decides anything: it turns database rows into the core's case format and back,
runs ``microcred.verification.inspect`` on a credential at intake (the ``CredentialVerifier``
hook of ``microcred.recognition.evidence``), keeps the case's event log as a core ``AuditLog``
and replays a decision with the core's ``replay`` (ADR 0801).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import microcred
from microcred.crypto.errors import JcsError
from microcred.crypto.jcs import canonicalize
from microcred.errors import MicrocredError
from microcred.model.spec import SpecFormatError, parse_spec
from microcred.recognition import Recognition, recognise
from microcred.recognition.audit import AuditEvent, AuditLog, ReplayResult, replay, verify_chain
from microcred.recognition.case import (
    AwardDoc,
    CaseDoc,
    LearnerDoc,
    LoMatrixDoc,
    RegisterEntryEvidence,
    ResultDoc,
    SignedCredentialEvidence,
    TargetDoc,
    VerificationDoc,
    parse_case_doc,
    record_from_spec,
)
from microcred.recognition.evidence import payload_sha256
from microcred.recognition.lo_compare import (
    HumanAction,
    LoMatrix,
    LoText,
    Suggestion,
    SuggestionSet,
    Thresholds,
    suggest,
)
from microcred.recognition.signed_verifier import outcome_of, status_of
from microcred.recognition.values import Coverage, SourceLoRef
from microcred.verification import HolderEvidence, VerificationReport, inspect
from microcred_web.recognition.columns import (
    Evidence,
    IntakeReport,
    LoAction,
    LoSuggestions,
    StoredSuggestion,
    evidence_json,
)
from microcred_web.recognition.service_messages import CheckSaid, err


class RecognitionInputError(MicrocredError):
    """Bad input to a recognition service; ``where`` names the field or file."""


# ------------------------------------------------------------------------------ credentials


@dataclass(frozen=True)
class Intake:
    """A credential checked at intake: the case-format evidence and the report for people."""

    evidence: Evidence
    report: IntakeReport
    source_institution: str
    code: str
    title: str


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def _credential_dates(credential: dict[str, Any]) -> tuple[date | None, date | None]:
    def day(value: Any) -> date | None:
        if not isinstance(value, str):
            return None
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None

    return day(credential.get("validFrom")), day(credential.get("validUntil"))


def _grade(credential: dict[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, dict):
        return None
    for result in subject.get("result") or []:
        if isinstance(result, dict) and isinstance(result.get("value"), str):
            return str(result["value"])
    return None


def _achievement_id(credential: dict[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    value = achievement.get("id") if isinstance(achievement, dict) else None
    return value if isinstance(value, str) else None


def spec_of_credential(credential: dict[str, Any]) -> dict[str, Any] | None:
    """The register specification an OB 3.0 credential of this platform was issued from."""
    from microcred_web.catalogue.models import MicroCredentialVersion

    achievement = _achievement_id(credential) or ""
    if not achievement.startswith("urn:uuid:"):
        return None
    version = MicroCredentialVersion.objects.filter(uuid=achievement.removeprefix("urn:uuid:")).first()
    return dict(version.spec) if version is not None else None


def verify_signed(
    document: dict[str, Any] | str,
    *,
    learner_ref: str,
    holder: HolderEvidence | None,
    holder_by_account: bool = False,
    now: datetime | None = None,
) -> Intake:
    """Verify a signed credential with the core (``microcred.verification.inspect``), including that
    the applicant is its holder, and return its evidence in the case format.

    Raises ``RecognitionInputError`` naming the failed check; nothing is stored then.
    ``holder_by_account``: the platform's own record binds this credential to the applicant's
    account (an ``IssuedCredential`` whose learner is the applicant), which counts as the
    holder binding when the hashed-e-mail check cannot be run.
    """
    from microcred_web.credentials.trust import local_status_list, trust_registry

    moment = now or datetime.now(UTC)
    registry = trust_registry()
    report: VerificationReport = inspect(
        document,
        resolver=registry.resolver(),
        trust=registry,
        status=local_status_list,
        holder=holder,
        now=moment,
    )
    as_dict = report.as_dict()
    # The core's verdict on the credential, issuer binding included (ADR 0606); the holder is
    # bound below, by the hashed e-mail or by the platform's own record of the learner. The
    # revocation/suspension status is recorded with its list and date, not refused here: a
    # revoked or suspended credential is refused by S1 with its reason, and one whose status
    # could not be checked waits for it as an information item (ADR 0530).
    if outcome_of(report) != "valid":
        reported_by_s1 = ("status.revoked", "status.suspended")
        failed = [
            c
            for c in report.checks
            if c.failed and c.name not in ("trust", "holder") and c.code not in reported_by_s1
        ]
        if failed:
            first = failed[0]
            message = err("service.intake.does_not_verify", name=first.name, check=CheckSaid(first))
        else:
            first = next(
                c
                for c in report.checks
                if c.state == "not_checked" and c.name not in ("trust", "holder", "status")
            )
            message = err("service.intake.not_confirmed", name=first.name, check=CheckSaid(first))
        raise RecognitionInputError(message, where="credential")
    checked_at = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    checker = f"microcred.verification {microcred.__version__}"
    status = status_of(report, document, checked_at=checked_at, checker=checker)
    holder_check = report.check("holder")
    if holder_check.failed or (not holder_check.passed and not holder_by_account):
        raise RecognitionInputError(
            err("service.intake.not_holder", check=CheckSaid(holder_check)), where="holder"
        )
    try:  # the evidence's hash is over RFC 8785 JCS (ADR 0510), which has no form for some numbers
        digest = payload_sha256(document)
    except JcsError as exc:
        raise RecognitionInputError(
            err("service.intake.not_recordable", detail=exc.message), where="credential"
        ) from None
    credential = dict(report.credential or {})
    spec = spec_of_credential(credential)
    issued_on, valid_until = _credential_dates(credential)
    award = AwardDoc(
        credential_id=str(credential.get("id") or digest),
        learner=LearnerDoc(id=learner_ref, holder_matches=True),
        issued_on=issued_on,
        valid_until=valid_until,
        result=ResultDoc(passed=True, grade=_grade(credential)),
    )
    if spec is None:
        raise RecognitionInputError(
            err("service.intake.not_our_spec"), where="credentialSubject.achievement.id"
        )
    try:
        parsed = parse_spec(spec)
    except SpecFormatError as exc:
        raise RecognitionInputError(exc.message, where=f"specification.{exc.where}") from None
    claimed = record_from_spec(parsed, award)
    is_jwt = isinstance(document, str)
    verification = VerificationDoc(
        method="vc_signature" if is_jwt else "ob3_signature",
        outcome="valid",
        checked_at=checked_at,
        checker=checker,
        payload_sha256=digest,
        status=status,
    )
    stored: dict[str, Any] | str = document
    if isinstance(document, dict) and _has_float(document):
        # The audit log refuses floats (audit.canonical_json); keep the RFC 8785 text instead,
        # whose SHA-256 is payload_sha256(document) (ADR 0510).
        stored = canonicalize(document).decode("utf-8")
    evidence = SignedCredentialEvidence(
        kind="signed_credential",
        format="vc-jwt" if is_jwt else "ob3",
        document=stored,
        claimed=claimed,
        verification=[verification],
    )
    as_dict["holder_binding"] = "hashed e-mail" if holder_check.passed else "platform account"
    as_dict["credential_verdict"] = report.credential_verdict
    return Intake(
        evidence=Evidence.from_json(evidence.model_dump(mode="json")),
        report=IntakeReport.from_json(as_dict),
        source_institution=claimed.issuer.id if claimed.issuer else "",
        code=parsed.code or "",
        title=claimed.title or "",
    )


def register_entry_evidence(spec: dict[str, Any], *, credential_id: str, learner_ref: str) -> Intake:
    """A register entry named by the learner, with no signed credential: S1 will ask for the
    issuer's confirmation (recognition.md §4.3 S1 UNKNOWN), never refuse."""
    try:
        parsed = parse_spec(spec)
    except SpecFormatError as exc:
        raise RecognitionInputError(exc.message, where=f"specification.{exc.where}") from None
    evidence = RegisterEntryEvidence(
        kind="register_entry",
        spec=spec,
        award=AwardDoc(credential_id=credential_id, learner=LearnerDoc(id=learner_ref)),
    )
    body = parsed.awarding_bodies[0] if parsed.awarding_bodies else None
    record = record_from_spec(parsed, evidence.award)
    return Intake(
        evidence=Evidence.from_json(evidence.model_dump(mode="json")),
        report=IntakeReport.of(
            valid=None,
            checks=[],
            note="register entry named by the learner; not verified",
            note_code="register_entry",
        ),
        source_institution=(body.id or body.slug or "") if body else "",
        code=parsed.code or "",
        title=record.title or "",
    )


# ------------------------------------------------------------------------------ LO matrix


def source_outcomes(evidence: list[Evidence]) -> list[LoText]:
    """The learning outcomes of the case's credentials, as the LO comparison reads them."""
    doc = parse_case_doc(
        {
            "case_id": "lo",
            "purpose": "EXEMPTION",
            "decision_date": "2000-01-01",
            "credentials": evidence_json(evidence),
            "target": {
                "id": "t",
                "title": "t",
                "credit_system": "ECTS",
                "institution": {"id": "h", "name": "h", "country": "XX"},
                "programme": {"id": "p", "title": "p"},
            },
            "ledger": {"learner_id": "l"},
        },
        source="evidence",
    )
    from microcred.recognition.case import to_core

    out = []
    for record in to_core(doc).credentials:
        for lo in record.learning_outcomes or ():
            out.append(LoText(lo.id, lo.text, lo.lang, lo.bloom_level, lo.esco_uris, record.credential_id))
    return out


def target_outcomes(target: TargetDoc | None) -> list[LoText]:
    if target is None:
        return []
    return [
        LoText(lo.id, lo.text, lo.lang or "en", lo.bloom_level, tuple(lo.esco_uris))
        for lo in target.learning_outcomes
    ]


def suggestions_of(targets: list[LoText], sources: list[LoText]) -> LoSuggestions:
    """Suggested LO pairs (lexical backend), stored so the human actions refer to fixed data."""
    if not targets or not sources:
        return LoSuggestions({})
    result = suggest(targets, sources)
    return LoSuggestions.of(
        backend=result.backend,
        backend_version=result.backend_version,
        likely=str(result.thresholds.likely),
        possible=str(result.thresholds.possible),
        suggestions=(
            StoredSuggestion(
                target_lo=s.target_lo,
                source=str(s.source),
                score=str(s.score),
                esco_overlap=str(s.esco_overlap),
                bloom_target=s.bloom_target,
                bloom_source=s.bloom_source,
                bloom_ok=s.bloom_ok,
                band=s.band,
                proposed_coverage=s.proposed_coverage.value,
                backend=s.backend,
            )
            for s in result.suggestions
        ),
    )


def source_ref(text: str, *, where: str) -> SourceLoRef:
    cred, sep, lo = text.partition("#")
    if not sep or not cred or not lo:
        raise RecognitionInputError(err("service.lo.source_format", text=text), where=where)
    return SourceLoRef(cred, lo)


def lo_matrix(suggestions: LoSuggestions, actions: list[LoAction]) -> LoMatrix:
    """The core ``LoMatrix`` of the stored suggestions and human actions."""
    th = suggestions.thresholds or {"likely": "1", "possible": "0"}
    sset = SuggestionSet(
        suggestions.backend or "none",
        suggestions.backend_version,
        Thresholds(likely=Decimal(th["likely"]), possible=Decimal(th["possible"])),
        tuple(
            Suggestion(
                s.target_lo,
                source_ref(s.source, where="suggestion"),
                Decimal(s.score),
                Fraction(s.esco_overlap),
                s.bloom_target,
                s.bloom_source,
                s.bloom_ok,
                s.band,
                Coverage(s.proposed_coverage),
                s.backend,
            )
            for s in suggestions.suggestions
        ),
    )
    matrix = LoMatrix(sset)
    signed: tuple[str, str] | None = None
    for a in actions:
        if a.action == "SIGNED_OFF":
            signed = (a.actor, a.at)
            continue
        matrix = LoMatrix(
            matrix.suggestions,
            (
                *matrix.actions,
                HumanAction(
                    a.action,
                    a.target_lo,
                    tuple(source_ref(s, where="action") for s in a.sources),
                    Coverage(a.coverage) if a.coverage else None,
                    a.actor,
                    a.at,
                    a.note,
                ),
            ),
        )
    if signed:
        matrix = matrix.sign_off(reviewer=signed[0], at=signed[1])
    return matrix


def lo_matrix_doc(
    suggestions: LoSuggestions, actions: list[LoAction], imported: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The case's ``lo_matrix``: the human-confirmed rows (an imported matrix's rows stay unless a
    person acted on the same target outcome here)."""
    if not suggestions and not actions:
        return imported
    doc: LoMatrixDoc = lo_matrix(suggestions, actions).to_doc()
    data = doc.model_dump(mode="json")
    if imported:
        acted = {r["target_lo"] for r in data["rows"]} | {a.target_lo for a in actions if a.target_lo}
        data["rows"] = sorted(
            [r for r in imported.get("rows", []) if r["target_lo"] not in acted] + data["rows"],
            key=lambda r: r["target_lo"],
        )
        data["suggestions"] = imported.get("suggestions", []) + data["suggestions"]
        if imported.get("complete") and not data["complete"]:
            data.update(
                complete=True, reviewer=imported.get("reviewer"), confirmed_at=imported.get("confirmed_at")
            )
    return data


# ------------------------------------------------------------------------------ decision


def decide(doc: dict[str, Any], *, source: str) -> Recognition:
    """Run the core engine on a case document (recognition.md §4.5)."""
    return recognise(parse_case_doc(doc, source=source), source=source)


# ------------------------------------------------------------------------------ audit log


def audit_events(rows: Any) -> list[AuditEvent]:
    return [
        AuditEvent(
            seq=r.seq,
            timestamp=r.timestamp,
            actor=r.actor,
            action=r.action,
            payload=r.payload,
            prev_hash=r.prev_hash,
            hash=r.hash,
            hash_format=r.hash_format,
        )
        for r in rows
    ]


def inputs_payload(doc: CaseDoc) -> dict[str, Any]:
    """The inputs snapshot of recognition.md §6.2, exactly as ``AuditLog.open_case`` writes it."""
    opened = AuditLog.open_case(doc, actor="snapshot", clock=lambda: datetime(2000, 1, 1, tzinfo=UTC))
    payload: dict[str, Any] = opened.events[0].payload
    return payload


def replay_case(events: list[AuditEvent], *, head: str) -> ReplayResult:
    """Check the whole chain, then replay the last proposal from the inputs snapshot taken with it
    (the core's ``replay`` over a two-event log: that snapshot and that proposal)."""
    verify_chain(events, expected_head=head or None)
    proposed = [e for e in events if e.action == "DECISION_PROPOSED"]
    if not proposed:
        raise RecognitionInputError(err("service.replay.nothing"), where="event log")
    last = proposed[-1]
    inputs = [e for e in events if e.action == "CASE_INPUTS" and e.seq < last.seq]
    if not inputs:
        raise RecognitionInputError(err("service.replay.no_inputs"), where="event log")
    pair = AuditLog(clock=lambda: datetime(2000, 1, 1, tzinfo=UTC))
    # each event keeps the hash format its payload hashes were written in (ADR 0510)
    pair.append(
        actor=inputs[-1].actor,
        action="CASE_OPENED",
        payload=inputs[-1].payload,
        hash_format=inputs[-1].hash_format,
    )
    pair.append(
        actor=last.actor, action="DECISION_PROPOSED", payload=last.payload, hash_format=last.hash_format
    )
    return replay(pair)


def check_anchors(case: Any, events: list[AuditEvent]) -> None:
    """Check the log against the chain heads signed into the case's decision credentials (ADR
    0520): ``case.head_hash`` is in the same database as the log, the signed heads are not. A
    changed credential fails its signature (``AnchorError``); a truncated or re-chained log
    raises ``TamperError`` naming the event. Credentials issued before ADR 0520 carry no head:
    their signature is still checked (removing a head breaks it), then they are skipped."""
    from microcred.recognition.anchor import AnchorError, check_anchor, verified_anchor
    from microcred_web.credentials.trust import trust_registry

    rows = [row for row in case.decision_credentials.order_by("pk") if row.document]
    if not rows:
        return
    trust = trust_registry()
    for row in rows:
        try:  # the signature is checked before the anchor is read
            anchored = verified_anchor(row.document, trust=trust)
        except AnchorError as exc:
            if exc.code == "audit.anchor_missing":
                continue
            raise
        check_anchor(events, anchored)
