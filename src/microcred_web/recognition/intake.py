"""Opening a case (recognition.md §4.1): a learner's request, an officer's case from a credential
handed in, a case file imported; and a credential added to an open case. Each credential is
verified first (``adapters.verify_signed``).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from microcred.recognition import lifecycle
from microcred.recognition.audit import (
    canonical_json,
    sha256_hex,
)
from microcred.recognition.case import agreement_docs, parse_case_doc, to_core
from microcred.recognition.lifecycle import StepName
from microcred.verification import HolderEvidence
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.catalogue.models import Status as SpecStatus
from microcred_web.credentials.models import IssuedCredential
from microcred_web.institutions.models import Institution
from microcred_web.recognition import adapters
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.case_events import (
    actor_of,
    event,
    learner_ref_of,
)
from microcred_web.recognition.columns import CaseTarget, Evidence, IntakeReport, StoredCase, TargetRequest
from microcred_web.recognition.models import (
    Purpose,
    RecognitionCase,
    Status,
)
from microcred_web.recognition.permissions import (
    require_officer_at,
)
from microcred_web.recognition.service_messages import err

NOTICE_LANGUAGES = ("vi", "lo")


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


def intake_credential(
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
    requested: TargetRequest,
    note: str = "",
) -> RecognitionCase:
    step = StepName.FILE_REQUEST if status == Status.REQUESTED else StepName.OPEN_CASE
    lifecycle.check_move(step, lifecycle.NEW, status)
    sla = decision_sla_days(
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
        requested=requested,
        credential_evidence=[intake.evidence],
        intake_reports=[intake.report],
        decision_deadline=timezone.localdate() + timedelta(days=sla),
        source_institutions=intake.source_institution,
        credential_codes=intake.code,
        credential_titles=intake.title,
    )


def decision_sla_days(
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
    from microcred_web.agreements.services import governing_procedure

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


def evidence_summary(intake: adapters.Intake) -> dict[str, Any]:
    ev = intake.evidence
    return {
        "kind": ev.kind,
        "credential_code": intake.code,
        "source_institution": intake.source_institution,
        "payload_sha256": ev.payload_sha256,
        "checks": {c.check: c.state for c in intake.report.checks},
        "holder_binding": intake.report.holder_binding or None,
    }


def _target_request(
    host: Institution, title: str, code: str, entry: MicroCredentialVersion | None
) -> TargetRequest:
    """The course the learner asked for; a published register entry of the host is named by its
    version, so the officer's target form starts from it (ADR 0810)."""
    if entry is None:
        return TargetRequest.of(title=title.strip(), code=code.strip())
    if entry.status != SpecStatus.PUBLISHED or entry.micro_credential.institution_id != host.pk:
        raise RecognitionInputError(
            gettext("the course must be a published entry of the host's register"), where="target_entry"
        )
    return TargetRequest.of(title=title.strip(), code=code.strip(), register_version=str(entry.uuid))


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
    intake = intake_credential(
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
        requested=_target_request(host, target_title, target_code, target_entry),
        note=note,
    )
    event(
        case,
        actor=actor_of(applicant, "learner"),
        action="REQUEST_FILED",
        payload={
            "case_id": case.reference,
            "host": host.slug,
            "purpose": case.purpose,
            "target_requested": case.requested.to_json(),
            "evidence": evidence_summary(intake),
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
    intake = intake_credential(
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
        requested=TargetRequest({}),
    )
    event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="CASE_OPENED",
        payload={
            "case_id": case.reference,
            "host": host.slug,
            "purpose": case.purpose,
            "evidence": evidence_summary(intake),
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
    lifecycle.check_move(StepName.IMPORT_CASE, lifecycle.NEW, Status.UNDER_REVIEW)
    case = RecognitionCase.objects.create(
        reference=doc.case_id,
        applicant=applicant,
        learner_ref=learner_ref_of(applicant) if applicant else doc.ledger.learner_id,
        host=host,
        purpose=doc.purpose,
        status=Status.UNDER_REVIEW,
        notice_language=_language(language, issuer_country=issuers[0].country if issuers else "", host=host),
        imported_case=StoredCase.from_json(data),
        credential_evidence=[Evidence.from_json(e) for e in data["credentials"]],
        intake_reports=[
            IntakeReport.of(note="imported case file; verification as recorded in it", note_code="imported")
        ],
        target_component=CaseTarget.from_json(data["target"]),
        decision_deadline=timezone.localdate()
        + timedelta(
            days=decision_sla_days(
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
        case.suggestions = adapters.suggestions_of(
            adapters.target_outcomes(case.target_doc), adapters.source_outcomes(case.credential_evidence)
        )
        case.save(update_fields=["lo_suggestions"])
    event(
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


def _evidence_code(evidence: Evidence) -> str:
    """The register code of a register entry, or of the specification a signed credential claims."""
    return evidence.code if evidence.kind in ("signed_credential", "register_entry") else ""


def add_evidence(case: RecognitionCase, intake: adapters.Intake) -> str | None:
    """Add the learner's credential to the case. A signed credential of the same specification
    as a register entry of the case replaces that entry (it is what the issuer's confirmation was
    asked for), and so does one that replaces a signed credential of the same specification (the
    issuer re-issued it, e.g. with the level or workload the request asked for: one achievement
    counts once); anything else is added beside the case's credentials. Returns the replaced id."""
    new_id = intake.evidence.credential_id
    if new_id and any(ev.credential_id == new_id for ev in case.credential_evidence):
        raise RecognitionInputError(err("service.evidence.already"), where="credential")
    replaced = None
    evidence, reports = case.credential_evidence, case.intake_reports
    if intake.evidence.kind == "signed_credential" and intake.code:
        for i, ev in enumerate(evidence):
            if _evidence_code(ev) == intake.code:
                replaced = ev.credential_id
                evidence[i] = intake.evidence
                if i < len(reports):
                    reports[i] = intake.report
                break
    if replaced is None:
        evidence.append(intake.evidence)
        reports.append(intake.report)
    case.credential_evidence, case.intake_reports = evidence, reports
    # The source outcomes changed: fresh suggestions, and the matrix is reviewed again.
    if (target := case.target_doc) is not None:
        case.suggestions = adapters.suggestions_of(
            adapters.target_outcomes(target), adapters.source_outcomes(case.credential_evidence)
        )
    case.matrix_actions = []
    codes = [intake.code, *case.credential_codes.split()] if intake.code else case.credential_codes.split()
    case.credential_codes = " ".join(dict.fromkeys(c for c in codes if c))[:500]
    # the issuer of the added credential is asked for its items on its page (issuer_tasks)
    issuers = [*case.source_institutions.split(), intake.source_institution]
    case.source_institutions = " ".join(dict.fromkeys(i for i in issuers if i))[:300]
    return replaced
