"""The recognition case format (``docs/recognition-case-format.md``), parsed at the edge.

A case file names the credential(s), the target component, the purpose, the agreement, the
decision date, the confirmed learning-outcome matrix and the learner's ledger
(recognition.md §4.1). Each credential arrives as one of three kinds of evidence:

* ``record``           -- a credential record with the indicator fields of §4.2;
* ``register_entry``   -- a specification in the exchange format (inline, by path or by code)
                          plus the award (learner, date, result, verification);
* ``signed_credential``-- a signed document (OB 3.0, EDC, VC-JWT) with the claimed record; a
                          ``CredentialVerifier`` (``microcred.verification``, later) fills its
                          ``verification`` at intake (``evidence.py``).

``load_case`` reads a file, resolves relative paths and returns a ``LoadedCase``: the typed
core ``Case`` plus the ``canonical`` document (every path replaced by the content it named),
which is what the audit log snapshots and ``replay`` re-reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, ValidationError

from microcred.errors import InputError
from microcred.model.language import best_text
from microcred.model.spec import MicroCredentialSpec, SpecFormatError, parse_spec, read_json
from microcred.recognition.agreements import AgreementDoc, PurposeName, SupervisionName, parse_agreement
from microcred.recognition.text import Text, msg
from microcred.recognition.values import (
    Case,
    ConfirmedLoMatrix,
    Coverage,
    CredentialRecord,
    Institution,
    Issuer,
    Ledger,
    LevelAssessment,
    LevelClaim,
    LoRow,
    Materiality,
    Override,
    Programme,
    Purpose,
    QaStatement,
    Remedy,
    SourceLo,
    SourceLoRef,
    StatusCheck,
    TargetComponent,
    TargetLo,
    VerificationEvidence,
    Workload,
)

CASE_FORMAT: Literal["microcred-recognition-case"] = "microcred-recognition-case"

Dec = Annotated[
    Decimal,
    Field(allow_inf_nan=False, ge=0),
    PlainSerializer(lambda d: format(d.normalize(), "f"), return_type=str, when_used="json"),
]
AssessmentKind = Literal["exam_written", "exam_oral", "project", "portfolio", "auto_quiz", "none_attendance"]
VerificationMethod = Literal[
    "edc_seal", "ob3_signature", "vc_signature", "register_lookup", "url_match", "none"
]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class IssuerDoc(_Doc):
    id: str = Field(min_length=1, description="stable organisation id (Erasmus code, ROR, DID)")
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")


class QaDoc(_Doc):
    """``issuer.qa`` (§4.2): one QA statement."""

    kind: Literal["accreditation", "review", "endorsement"] = "accreditation"
    registry: str | None = Field(
        default=None, description="DEQAR, VN-MOET-ACCREDITATION, AUN-QA, LA-EQAC, ..."
    )
    agency: str | None = None
    scope: Literal["institution", "programme", "micro_credential"] = "institution"
    valid_from: date | None = None
    valid_until: date | None = None
    evidence_url: str | None = None


class LoDoc(_Doc):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    lang: str = "en"
    bloom_level: Literal["remember", "understand", "apply", "analyse", "evaluate", "create"] | None = None
    esco_uris: list[str] = []


class TargetLoDoc(LoDoc):
    weight: Dec = Decimal(1)


class WorkloadDoc(_Doc):
    credits: Dec | None = None
    system: str | None = None
    hours: Dec | None = None


class LevelDoc(_Doc):
    """``level.*``: a framework level, or only a platform ``label`` ("beginner")."""

    framework: str | None = None
    value: str | None = None
    inferred: bool = False
    label: str | None = None


class AssessmentDoc(_Doc):
    type: AssessmentKind | None = None
    supervision: SupervisionName | None = None


class ResultDoc(_Doc):
    passed: bool | None = None
    grade: str | None = None
    grade_scale: str | None = None


class LearnerDoc(_Doc):
    id: str = Field(min_length=1, description="internal learner id (no personal data in the log, §6.10)")
    holder_matches: bool | None = Field(default=None, description="the credential's holder is the applicant")


class StatusCheckDoc(_Doc):
    """A check of the credential's revocation/suspension status (Bitstring Status List v1.0 §3.2).

    Recorded by the verifier at intake (inside its ``verification`` entry) or by an officer who
    fetched the list or asked the issuer (``status`` of the credential). Absent = not checked
    (ADR 0530): a credential that names a status list earns nothing until a check is recorded.
    """

    result: Literal["active", "no_entry", "revoked", "suspended", "not_checked"]
    source: str | None = Field(
        default=None,
        description="the status list credential's URL (credentialStatus.statusListCredential, §2.1) "
        "or the register that was asked",
    )
    checked_at: str | None = Field(default=None, description="when it was checked (ISO 8601)")
    checker: str | None = Field(default=None, description="who or what checked it")
    code: str | None = Field(default=None, description="the verifier's check code (ADR 0606), e.g. status.ok")


class VerificationDoc(_Doc):
    """One verification of the credential. ``outcome`` covers signature, key, format and dates;
    when ``status`` is present the revocation/suspension status is reported there, not in ``outcome``
    (ADR 0530); a verification without ``status`` is a whole verdict that includes the status."""

    method: VerificationMethod
    outcome: Literal["valid", "invalid", "mismatch", "not_checked"]
    checked_at: str | None = None
    checker: str | None = None
    payload_sha256: str | None = None
    status: StatusCheckDoc | None = None


class RecordDoc(_Doc):
    """A credential record with the indicator fields of recognition.md §4.2."""

    credential_id: str = Field(min_length=1)
    spec_id: str | None = None
    title: str | None = None
    language: str | None = None
    issuer: IssuerDoc | None = None
    qa: list[QaDoc] | None = Field(default=None, description="absent = unknown; [] = the issuer has no QA")
    mc_internal_qa: bool | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    revoked: bool | None = None
    learner: LearnerDoc | None = None
    learning_outcomes: list[LoDoc] | None = None
    workload: WorkloadDoc | None = None
    level: LevelDoc | None = None
    field_of_study: str | None = Field(default=None, description="ISCED-F 2013 code")
    assessment: AssessmentDoc | None = None
    participation_mode: str | None = None
    result: ResultDoc | None = None
    stackability: Literal["standalone", "stackable"] | None = None
    prerequisites: str | None = None
    verification: list[VerificationDoc] = []
    status: list[StatusCheckDoc] = Field(
        default=[], description="status checks recorded outside a verification (ADR 0530)"
    )


class RecordEvidence(_Doc):
    kind: Literal["record"]
    record: RecordDoc


class AwardDoc(_Doc):
    """The award part of a register entry: what the specification cannot say."""

    credential_id: str = Field(min_length=1)
    learner: LearnerDoc | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    revoked: bool | None = None
    result: ResultDoc | None = None
    supervision: SupervisionName | None = Field(
        default=None, description="as applied, if it differs from the spec"
    )
    verification: list[VerificationDoc] = []
    status: list[StatusCheckDoc] = Field(
        default=[], description="status checks recorded outside a verification (ADR 0530)"
    )


class RegisterEntryEvidence(_Doc):
    """A register entry: a spec in the exchange format (inline, ``spec_path`` or ``spec_code``) + the award."""

    kind: Literal["register_entry"]
    spec: dict[str, Any] | None = None
    spec_path: str | None = None
    spec_code: str | None = None
    award: AwardDoc


class SignedCredentialEvidence(_Doc):
    """A signed credential (hook for ``microcred.verification``): the document, the record it claims,
    and the verification results a ``CredentialVerifier`` recorded at intake."""

    kind: Literal["signed_credential"]
    format: Literal["ob3", "edc", "vc-jwt", "vc-data-integrity"]
    document: dict[str, Any] | str
    claimed: RecordDoc
    verification: list[VerificationDoc] = []
    status: list[StatusCheckDoc] = Field(
        default=[], description="status checks recorded after intake, e.g. by the officer (ADR 0530)"
    )


CredentialEvidence = Annotated[
    RecordEvidence | RegisterEntryEvidence | SignedCredentialEvidence, Field(discriminator="kind")
]


class InstitutionDoc(_Doc):
    id: str = Field(min_length=1)
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")


class ProgrammeDoc(_Doc):
    id: str = Field(min_length=1)
    title: str
    level: str | None = Field(default=None, description="CODE:LEVEL, e.g. VQF:6")
    related_fields: list[str] = Field(default=[], description="ISCED-F codes; empty = free electives")
    min_volume: Dec | None = Field(default=None, description="minimum programme credits (VN cap base)")
    cap_key: str | None = Field(default=None, description="key of the agreement's caps, e.g. VN-bachelor")


class TargetDoc(_Doc):
    id: str = Field(min_length=1)
    title: str
    institution: InstitutionDoc
    programme: ProgrammeDoc
    credits: Dec | None = None
    credit_system: str
    hours: Dec | None = None
    level: str | None = Field(default=None, description="CODE:LEVEL")
    learning_outcomes: list[TargetLoDoc] = []
    grade_scale: str | None = None


class LoRowDoc(_Doc):
    target_lo: str
    coverage: Literal["FULL", "PARTIAL", "NONE"]
    sources: list[str] = Field(default=[], description="CREDENTIAL_ID#LO_ID")
    action: Literal["CONFIRMED", "EDITED", "ADDED", "REJECTED"]
    actor: str = Field(min_length=1)
    at: str | None = None
    note: str | None = None


class SuggestionDoc(_Doc):
    target_lo: str
    source: str
    score: Dec
    band: Literal["likely", "possible"]
    backend: str


class LoMatrixDoc(_Doc):
    """The LO matrix (§8.2): recorded suggestions and the reviewer's confirmed rows."""

    complete: bool = Field(
        default=False, description="the reviewer signed off; unlisted target LOs are not covered"
    )
    reviewer: str | None = None
    confirmed_at: str | None = None
    rows: list[LoRowDoc] = []
    suggestions: list[SuggestionDoc] = []


class LedgerDoc(_Doc):
    learner_id: str = Field(min_length=1)
    programme_id: str | None = None
    prior_credits: dict[str, Dec] = Field(
        default={}, description="cap category -> credits already recognised"
    )
    consumed: list[str] = Field(default=[], description="credential ids already recognised in this programme")


class AgreementPath(_Doc):
    path: str


class LevelAssessmentDoc(_Doc):
    credential_id: str
    level: str
    justification: str = Field(min_length=10)
    actor: str = Field(min_length=1)


class RemedyDoc(_Doc):
    type: str = Field(min_length=1)
    description: str = Field(min_length=1)


class OverrideDoc(_Doc):
    """An officer's reclassification of a finding, with a mandatory justification (§4.3, §6.5)."""

    standard: str = Field(pattern=r"^S([1-9]|1[01])$")
    code: str = Field(min_length=1, description="finding code, e.g. LEVEL_BELOW_TARGET")
    subject: str | None = Field(default=None, description="credential id, for per-credential standards")
    materiality: Literal["SUBSTANTIAL", "NON_SUBSTANTIAL", "REMEDIABLE"]
    justification: str = Field(min_length=20)
    actor: str = Field(min_length=1)
    approved_by: str | None = Field(
        default=None, description="second person where the agreement asks for four eyes"
    )
    remedy: RemedyDoc | None = Field(
        default=None, description="required when the new materiality is REMEDIABLE"
    )


class CaseDoc(_Doc):
    """A recognition case (recognition.md §4.1 RecognitionCase)."""

    format: Literal["microcred-recognition-case"] = CASE_FORMAT
    format_version: Literal["1.0", "1.1"] = Field(
        default="1.1",
        description="1.1 adds status checks and status_lists (ADR 0530); 1.0 files read as before",
    )
    case_id: str = Field(min_length=1)
    purpose: PurposeName
    decision_date: date
    credentials: list[CredentialEvidence] = Field(min_length=1)
    target: TargetDoc
    lo_matrix: LoMatrixDoc | None = None
    ledger: LedgerDoc
    agreement_ref: str | None = Field(default=None, description="ID@VERSION to pin an agreement")
    agreements: list[AgreementDoc | AgreementPath] = Field(
        default=[],
        description="candidate agreements (inline or by path); resolution picks the applicable one",
    )
    level_assessments: list[LevelAssessmentDoc] = []
    overrides: list[OverrideDoc] = []
    status_lists: list[dict[str, Any]] = Field(
        default=[],
        description="status list credentials (Bitstring Status List v1.0 §2.2) to check the signed "
        "credentials' status against at intake, matched by id; the decision reads only the recorded result",
    )


class CaseFormatError(InputError):
    """The case is JSON but does not fit the format; ``problems`` lists (path, message)."""

    def __init__(self, problems: Sequence[tuple[str, str]], *, source: str = "") -> None:
        self.problems = list(problems)
        first_path, first_message = problems[0]
        where = f"{source}: {first_path}" if source else first_path
        super().__init__(msg("case.format_problems", count=len(problems), first=first_message), where=where)


def _loc(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else ("." if path else "") + str(part)
    return path or "(document)"


_TAGS = {"record", "register_entry", "signed_credential"}


def _untag(loc: Sequence[int | str]) -> Sequence[int | str]:
    """Drop the discriminator that pydantic inserts after ``credentials[i]``."""
    if len(loc) > 2 and loc[0] == "credentials" and loc[2] in _TAGS:
        return (*loc[:2], *loc[3:])
    return loc


# pydantic's error types (pydantic 2 "Validation Errors") said as codes of the case format; a
# type not named here keeps pydantic's own sentence as the parameter of ``case.problem.other``.
_PROBLEM_CODES = {
    "missing": "case.problem.missing",
    "extra_forbidden": "case.problem.unknown_field",
    "literal_error": "case.problem.one_of",
    "enum": "case.problem.one_of",
    "string_type": "case.problem.text",
    "string_too_short": "case.problem.empty",
    "int_type": "case.problem.whole_number",
    "int_parsing": "case.problem.whole_number",
    "decimal_type": "case.problem.number",
    "decimal_parsing": "case.problem.number",
    "float_parsing": "case.problem.number",
    "bool_type": "case.problem.boolean",
    "bool_parsing": "case.problem.boolean",
    "date_type": "case.problem.date",
    "date_parsing": "case.problem.date",
    "date_from_datetime_parsing": "case.problem.date",
    "dict_type": "case.problem.object",
    "model_type": "case.problem.object",
    "model_attributes_type": "case.problem.object",
    "list_type": "case.problem.list",
    "too_short": "case.problem.too_few",
}


def _problem(error: Any) -> Text:
    """One problem of the case as a coded message (ADR 0854)."""
    code = _PROBLEM_CODES.get(str(error.get("type")))
    ctx = error.get("ctx") or {}
    if code == "case.problem.one_of":
        return msg(code, expected=str(ctx.get("expected", "")))
    if code == "case.problem.too_few":
        return msg(code, min=str(ctx.get("min_length", "")))
    if code is not None:
        return msg(code)
    return msg("case.problem.other", detail=str(error.get("msg", "")).removeprefix("Value error, "))


def parse_case_doc(data: Any, *, source: str = "") -> CaseDoc:
    if not isinstance(data, dict):
        raise InputError(msg("case.not_an_object"), where=source or "(document)")
    try:
        return CaseDoc.model_validate(data)
    except ValidationError as exc:
        problems = [(_loc(_untag(e["loc"])), _problem(e)) for e in exc.errors()]
        raise CaseFormatError(problems, source=source) from None


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of the case format (``schemas/recognition-case.schema.json``)."""
    schema = CaseDoc.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://micro4asia.eu/schemas/recognition-case.schema.json"
    return schema


# ---------------------------------------------------------------- register entries


_ELM_TO_KIND = {
    "written_examination": "exam_written",
    "oral_examination": "exam_oral",
    "project_work": "project",
    "problem_based_learning": "project",
    "practical_assessment": "project",
    "artefact_assessment": "project",
    "marked_assignment": "project",
    "continuous_evaluation": "project",
    "group_performance": "project",
    "peer_assessment": "project",
    "peer_review": "project",
    "portfolio": "portfolio",
    "quiz": "auto_quiz",
    "level_of_attendance": "none_attendance",
}
_KIND_ORDER = ("exam_written", "exam_oral", "project", "portfolio", "auto_quiz", "none_attendance")


def _assessment_kind(types: Sequence[str]) -> str | None:
    kinds = {_ELM_TO_KIND[t] for t in types if t in _ELM_TO_KIND}
    for k in _KIND_ORDER:
        if k in kinds:
            return k
    return None


def record_from_spec(spec: MicroCredentialSpec, award: AwardDoc) -> RecordDoc:
    """A credential record from a register entry: the offering (spec) plus the award (§4.1)."""
    body = spec.awarding_bodies[0] if spec.awarding_bodies else None
    qa: list[QaDoc] | None = None
    mc_internal: bool | None = None
    if spec.quality_assurance is not None:
        q = spec.quality_assurance
        mc_internal = q.internal_qa
        qa = []
        if q.type is not None:
            qa.append(
                QaDoc(
                    kind="accreditation",
                    registry=q.registry,
                    agency=q.body,
                    scope="programme" if q.type.startswith("programme") else "institution",
                    valid_until=date.fromisoformat(q.valid_until) if q.valid_until else None,
                )
            )
    level: LevelDoc | None = None
    if spec.level is not None:
        if spec.level.national:
            fw, _, value = spec.level.national.partition(":")
            level = LevelDoc(framework=fw, value=value)
        elif spec.level.eqf is not None:
            level = LevelDoc(framework="EQF", value=str(spec.level.eqf))
    workload = None
    if spec.workload is not None:
        workload = WorkloadDoc(
            credits=spec.workload.credits, system=spec.workload.credit_system, hours=spec.workload.hours
        )
    return RecordDoc(
        credential_id=award.credential_id,
        spec_id=f"{spec.code}" if spec.code else None,
        title=best_text(spec.title, "en") or None,
        language=spec.languages_of_instruction[0] if spec.languages_of_instruction else None,
        issuer=IssuerDoc(
            id=body.id or body.slug or best_text(body.name, "en"),
            name=best_text(body.name, "en"),
            country=body.country,
        )
        if body
        else None,
        qa=qa,
        mc_internal_qa=mc_internal,
        issued_on=award.issued_on,
        valid_until=award.valid_until,
        revoked=award.revoked,
        learner=award.learner,
        learning_outcomes=[
            LoDoc(
                id=lo.id,
                text=best_text(lo.text, "en"),
                lang="en" if "en" in lo.text else next(iter(lo.text)),
                bloom_level=lo.bloom_level,
                esco_uris=list(lo.esco_skills),
            )
            for lo in spec.learning_outcomes
        ]
        or None,
        workload=workload,
        level=level,
        field_of_study=spec.isced_f,
        assessment=AssessmentDoc(
            type=_assessment_kind(spec.assessment.types) if spec.assessment else None,
            supervision=award.supervision or spec.supervision,
        ),
        participation_mode=spec.participation.mode if spec.participation else None,
        result=award.result,
        stackability=spec.stackability.kind if spec.stackability else None,
        verification=award.verification,
        status=award.status,
    )


def _find_spec_by_code(code: str, register_dirs: Sequence[Path]) -> dict[str, Any]:
    for folder in register_dirs:
        for path in sorted(Path(folder).glob("*.json")):
            data = read_json(path)
            if isinstance(data, dict) and data.get("code") == code:
                return data
    searched = ", ".join(str(d) for d in register_dirs) or "(no register directory given)"
    raise InputError(msg("case.spec_code_unknown", code=repr(code), searched=searched), where="spec_code")


# ---------------------------------------------------------------- to core values


def _status(doc: StatusCheckDoc) -> StatusCheck:
    return StatusCheck(doc.result, doc.source, doc.checked_at, doc.checker, doc.code)


def status_list_urls(document: dict[str, Any] | str) -> tuple[str, ...]:
    """The status lists a signed credential names (``credentialStatus[].statusListCredential``,
    Bitstring Status List v1.0 §2.1); a compact JWS is read by its verifier, not here."""
    if not isinstance(document, dict):
        return ()
    entries = document.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries]
    urls = [e.get("statusListCredential") for e in entries if isinstance(e, dict)]
    return tuple(dict.fromkeys(u if isinstance(u, str) else "" for u in urls))


def _record(
    doc: RecordDoc, kind: str, *, status: Sequence[StatusCheckDoc] = (), lists: tuple[str, ...] = ()
) -> CredentialRecord:
    return CredentialRecord(
        credential_id=doc.credential_id,
        spec_id=doc.spec_id,
        title=doc.title,
        language=doc.language,
        issuer=Issuer(doc.issuer.id, doc.issuer.name, doc.issuer.country) if doc.issuer else None,
        qa=None
        if doc.qa is None
        else tuple(
            QaStatement(q.kind, q.registry, q.agency, q.scope, q.valid_from, q.valid_until) for q in doc.qa
        ),
        mc_internal_qa=doc.mc_internal_qa,
        issued_on=doc.issued_on,
        valid_until=doc.valid_until,
        revoked=doc.revoked,
        holder_matches=doc.learner.holder_matches if doc.learner else None,
        learning_outcomes=None
        if doc.learning_outcomes is None
        else tuple(
            SourceLo(lo.id, lo.text, lo.lang, lo.bloom_level, tuple(lo.esco_uris))
            for lo in doc.learning_outcomes
        ),
        workload=Workload(doc.workload.credits, doc.workload.system, doc.workload.hours)
        if doc.workload
        else None,
        level=LevelClaim(doc.level.framework, doc.level.value, doc.level.inferred, doc.level.label)
        if doc.level
        else None,
        field_of_study=doc.field_of_study,
        assessment_type=doc.assessment.type if doc.assessment else None,
        supervision=doc.assessment.supervision if doc.assessment else None,
        participation_mode=doc.participation_mode,
        passed=doc.result.passed if doc.result else None,
        grade=doc.result.grade if doc.result else None,
        grade_scale=doc.result.grade_scale if doc.result else None,
        stackability=doc.stackability,
        verification=tuple(
            VerificationEvidence(
                v.method, v.outcome, v.checked_at, v.checker, v.payload_sha256, v.status is not None
            )
            for v in doc.verification
        ),
        evidence_kind=kind,
        status=tuple(
            _status(st) for st in (*(v.status for v in doc.verification if v.status), *doc.status, *status)
        ),
        status_lists=lists,
    )


def _source_ref(text: str, where: str) -> SourceLoRef:
    cred, sep, lo = text.partition("#")
    if not sep or not cred or not lo:
        raise InputError(msg("case.lo_source_format", text=repr(text)), where=where)
    return SourceLoRef(cred, lo)


def to_core(doc: CaseDoc, *, source: str = "") -> Case:
    """The typed core ``Case`` of a canonical case document (no paths left in it)."""
    records: list[CredentialRecord] = []
    for i, ev in enumerate(doc.credentials):
        if isinstance(ev, RecordEvidence):
            records.append(_record(ev.record, "record"))
        elif isinstance(ev, SignedCredentialEvidence):
            claimed = ev.claimed.model_copy(update={"verification": ev.verification})
            records.append(
                _record(claimed, "signed_credential", status=ev.status, lists=status_list_urls(ev.document))
            )
        else:
            if ev.spec is None:
                raise InputError(msg("case.register_entry_unresolved"), where=f"{source}: credentials[{i}]")
            try:
                spec = parse_spec(ev.spec)
            except SpecFormatError as exc:
                raise InputError(exc.message, where=f"{source}: credentials[{i}].spec.{exc.where}") from None
            records.append(_record(record_from_spec(spec, ev.award), "register_entry"))
    ids = [r.credential_id for r in records]
    if len(set(ids)) != len(ids):
        raise InputError(msg("case.duplicate_credential"), where=f"{source}: credentials")
    t = doc.target
    target = TargetComponent(
        id=t.id,
        title=t.title,
        institution=Institution(t.institution.id, t.institution.name, t.institution.country),
        programme=Programme(
            t.programme.id,
            t.programme.title,
            t.programme.level,
            tuple(t.programme.related_fields),
            t.programme.min_volume,
            t.programme.cap_key,
        ),
        credits=t.credits,
        credit_system=t.credit_system,
        hours=t.hours,
        level=t.level,
        learning_outcomes=tuple(
            TargetLo(lo.id, lo.text, lo.lang, lo.weight, lo.bloom_level, tuple(lo.esco_uris))
            for lo in t.learning_outcomes
        ),
        grade_scale=t.grade_scale,
    )
    matrix = None
    if doc.lo_matrix is not None:
        m = doc.lo_matrix
        rows = tuple(
            LoRow(
                r.target_lo,
                Coverage(r.coverage),
                tuple(_source_ref(s, f"{source}: lo_matrix.rows[{j}].sources") for s in r.sources),
                r.action,
                r.actor,
                r.at,
                r.note,
            )
            for j, r in enumerate(m.rows)
        )
        backends = sorted({s.backend for s in m.suggestions})
        matrix = ConfirmedLoMatrix(
            rows, m.complete, m.reviewer, m.confirmed_at, len(m.suggestions), ",".join(backends) or None
        )
    ledger = Ledger(
        learner_id=doc.ledger.learner_id,
        programme_id=doc.ledger.programme_id or t.programme.id,
        prior_credits=tuple(sorted(doc.ledger.prior_credits.items())),
        consumed=tuple(doc.ledger.consumed),
    )
    return Case(
        case_id=doc.case_id,
        purpose=Purpose(doc.purpose),
        decision_date=doc.decision_date,
        credentials=tuple(records),
        target=target,
        lo_matrix=matrix,
        ledger=ledger,
        overrides=tuple(
            Override(
                o.standard,
                o.code,
                o.subject,
                Materiality(o.materiality),
                o.justification,
                o.actor,
                o.approved_by,
                Remedy(o.remedy.type, o.remedy.description) if o.remedy else None,
            )
            for o in doc.overrides
        ),
        level_assessments=tuple(
            LevelAssessment(a.credential_id, a.level, a.justification, a.actor) for a in doc.level_assessments
        ),
    )


def canonicalise(
    doc: CaseDoc, *, base: Path | None = None, register_dirs: Sequence[Path] = (), source: str = ""
) -> CaseDoc:
    """Replace every path or code in ``doc`` by the content it names (the snapshot of §6.2)."""
    creds: list[RecordEvidence | RegisterEntryEvidence | SignedCredentialEvidence] = []
    for i, ev in enumerate(doc.credentials):
        if isinstance(ev, RegisterEntryEvidence) and ev.spec is None:
            if ev.spec_path:
                p = (base or Path.cwd()) / ev.spec_path
                data = read_json(p)
            elif ev.spec_code:
                data = _find_spec_by_code(ev.spec_code, register_dirs)
            else:
                raise InputError(msg("case.register_entry_needs_spec"), where=f"{source}: credentials[{i}]")
            if not isinstance(data, dict):
                raise InputError(msg("case.spec_not_an_object"), where=f"{source}: credentials[{i}]")
            ev = ev.model_copy(update={"spec": data, "spec_path": None, "spec_code": None})
        creds.append(ev)
    agreements: list[AgreementDoc | AgreementPath] = []
    for a in doc.agreements:
        if isinstance(a, AgreementPath):
            p = (base or Path.cwd()) / a.path
            agreements.append(parse_agreement(read_json(p), where=str(p)))
        else:
            agreements.append(a)
    return doc.model_copy(update={"credentials": creds, "agreements": agreements})


def agreement_docs(doc: CaseDoc) -> tuple[AgreementDoc, ...]:
    return tuple(a for a in doc.agreements if isinstance(a, AgreementDoc))


def load_case_doc(path: str | Path, *, register_dirs: Sequence[Path] = ()) -> CaseDoc:
    """Read a case file and return its canonical document (paths resolved relative to the file)."""
    p = Path(path)
    doc = parse_case_doc(read_json(p), source=str(p))
    return canonicalise(doc, base=p.parent, register_dirs=register_dirs, source=str(p))
