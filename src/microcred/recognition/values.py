"""Typed frozen values of the Common Recognition Mechanism (recognition.md §4).

The case format (``case.py``) is parsed at the edge into these values; the standards, the
decision procedure, the audit log and the reports exchange nothing else. Credits and ratios are
``Decimal``/``Fraction``; dates are ``datetime.date``; indicator values are rendered strings so
a report shows exactly what a rule read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from microcred.errors import MicrocredError


class Purpose(StrEnum):
    """What recognition is sought for (recognition.md §4.1 TargetComponent, §4.4 ``recognition_type``)."""

    EXEMPTION = "EXEMPTION"
    ELECTIVE_CREDIT = "ELECTIVE_CREDIT"
    STACK_COMPONENT = "STACK_COMPONENT"
    ADMISSION = "ADMISSION"


class Result(StrEnum):
    """Result of one standard (recognition.md §4.3)."""

    PASS = "PASS"  # noqa: S105 - a result, not a password
    PASS_WITH_NOTE = "PASS_WITH_NOTE"  # noqa: S105
    PARTIAL = "PARTIAL"
    FAIL = "FAIL"
    UNKNOWN = "UNKNOWN"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class Materiality(StrEnum):
    """How a difference weighs (recognition.md §4.3; LRC Art. VI.1 "substantial differences")."""

    SUBSTANTIAL = "SUBSTANTIAL"
    NON_SUBSTANTIAL = "NON_SUBSTANTIAL"
    REMEDIABLE = "REMEDIABLE"


class Element(StrEnum):
    """The LRC's five key elements (EAR manual ch. 10) plus the two non-LRC grounds the CRM knows."""

    QUALITY = "QUALITY"
    LEVEL = "LEVEL"
    WORKLOAD = "WORKLOAD"
    PROFILE = "PROFILE"
    LEARNING_OUTCOMES = "LEARNING_OUTCOMES"
    AUTHENTICITY = "AUTHENTICITY"
    POLICY = "POLICY"
    PROCEDURE = "PROCEDURE"


class Outcome(StrEnum):
    """Decision outcomes (recognition.md §4.4)."""

    FULL = "FULL"
    PARTIAL = "PARTIAL"
    CONDITIONAL = "CONDITIONAL"
    NOT_RECOGNISED = "NOT_RECOGNISED"
    PENDING_INFORMATION = "PENDING_INFORMATION"


class Coverage(StrEnum):
    """How far a target learning outcome is covered (recognition.md §4.3 S7, m_t)."""

    FULL = "FULL"
    PARTIAL = "PARTIAL"
    NONE = "NONE"


SUPERVISION_ORDER: tuple[str, ...] = ("unsupervised_no_id", "supervised_no_id", "supervised_with_id")
"""EU Annex I optional element "supervision and identity verification", weakest first."""

ASSESSMENT_KINDS: tuple[str, ...] = (
    "exam_written",
    "exam_oral",
    "project",
    "portfolio",
    "auto_quiz",
    "none_attendance",
)
"""``assessment.type`` of recognition.md §4.2."""

VERIFICATION_METHODS: tuple[str, ...] = (
    "edc_seal",
    "ob3_signature",
    "vc_signature",
    "register_lookup",
    "url_match",
    "none",
)


# ---------------------------------------------------------------- credential record (§4.2)


@dataclass(frozen=True)
class QaStatement:
    """One quality-assurance statement about the issuer (§4.2 ``issuer.qa``; e-Valuate QA criterion).

    ``kind`` separates external accreditation from the "weak" signals of the Nuffic
    micro-evaluator (reviews, employer endorsement).
    """

    kind: str  # "accreditation" | "review" | "endorsement"
    registry: str | None
    agency: str | None
    scope: str  # "institution" | "programme" | "micro_credential"
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    country: str


@dataclass(frozen=True)
class SourceLo:
    """A learning outcome of a credential (§4.2 ``learning_outcomes``)."""

    id: str
    text: str
    lang: str
    bloom_level: str | None = None
    esco_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workload:
    credits: Decimal | None
    system: str | None
    hours: Decimal | None


@dataclass(frozen=True)
class LevelClaim:
    """``level.*`` (§4.2): a framework level, or only a platform label such as "beginner"."""

    framework: str | None
    value: str | None
    inferred: bool = False
    label: str | None = None

    def __str__(self) -> str:
        if self.framework and self.value:
            return f"{self.framework}:{self.value}" + (" (inferred)" if self.inferred else "")
        return f"label {self.label!r}" if self.label else "none"


@dataclass(frozen=True)
class VerificationEvidence:
    """One verification of a credential (§4.2 ``verification``; §6.2 inputs snapshot).

    ``outcome`` is ``valid``, ``invalid`` (signature or seal does not verify), ``mismatch``
    (register or page disagrees with the credential) or ``not_checked``. A signed credential is
    verified at intake by a ``CredentialVerifier``; the decision reads only this record, so a
    replay does not depend on keys that may have rotated since.
    """

    method: str
    outcome: str
    checked_at: str | None = None
    checker: str | None = None
    payload_sha256: str | None = None
    status_separate: bool = False  # the status is reported in ``CredentialRecord.status`` (ADR 0530)


STATUS_RESULTS: tuple[str, ...] = ("active", "no_entry", "revoked", "suspended", "not_checked")
"""``status.result`` of the case format: what a check of the credential's status found (Bitstring
Status List v1.0 §3.2 "validate algorithm"; ``no_entry`` = the credential carries no status entry,
``not_checked`` = the status could not be checked, e.g. its list was not at hand)."""


@dataclass(frozen=True)
class StatusCheck:
    """One check of a credential's revocation/suspension status (Bitstring Status List v1.0 §3.2).

    ``source`` is the status list credential's URL (``credentialStatus.statusListCredential``,
    §2.1) or the register that was asked; ``checked_at`` when; ``code`` the verifier's machine code
    (ADR 0606, e.g. ``status.not_checked_no_list``). The decision reads only this record (§6.7), so
    a replay does not depend on a list that has changed since.
    """

    result: str  # one of STATUS_RESULTS
    source: str | None = None
    checked_at: str | None = None
    checker: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class CredentialRecord:
    """The learner's award with the indicator fields of recognition.md §4.2.

    ``None`` means "not known" (a completeness gap, S2); an empty ``qa`` tuple means the
    credential declares no quality assurance at all (S4 "none").
    """

    credential_id: str
    spec_id: str | None
    title: str | None
    language: str | None
    issuer: Issuer | None
    qa: tuple[QaStatement, ...] | None
    mc_internal_qa: bool | None
    issued_on: date | None
    valid_until: date | None
    revoked: bool | None
    holder_matches: bool | None
    learning_outcomes: tuple[SourceLo, ...] | None
    workload: Workload | None
    level: LevelClaim | None
    field_of_study: str | None
    assessment_type: str | None
    supervision: str | None
    participation_mode: str | None
    passed: bool | None
    grade: str | None
    grade_scale: str | None
    stackability: str | None
    verification: tuple[VerificationEvidence, ...]
    evidence_kind: str = "record"  # "record" | "register_entry" | "signed_credential"
    status: tuple[StatusCheck, ...] = ()  # recorded status checks (ADR 0530)
    status_lists: tuple[str, ...] = ()  # statusListCredential URLs the credential itself names (§2.1)


# ---------------------------------------------------------------- target and case (§4.1)


@dataclass(frozen=True)
class TargetLo:
    id: str
    text: str
    lang: str = "en"
    weight: Decimal = Decimal(1)
    bloom_level: str | None = None
    esco_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Programme:
    """The host programme: level, fields, minimum volume and the cap that applies (§5 Parties & scope)."""

    id: str
    title: str
    level: str | None
    related_fields: tuple[str, ...]
    min_volume: Decimal | None
    cap_key: str | None


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    country: str


@dataclass(frozen=True)
class TargetComponent:
    """What recognition is sought for (§4.1): a course, an elective slot, a larger credential, admission."""

    id: str
    title: str
    institution: Institution
    programme: Programme
    credits: Decimal | None
    credit_system: str
    hours: Decimal | None
    level: str | None
    learning_outcomes: tuple[TargetLo, ...]
    grade_scale: str | None = None


@dataclass(frozen=True)
class SourceLoRef:
    """A credential's learning outcome, written ``CREDENTIAL_ID#LO_ID``."""

    credential_id: str
    lo_id: str

    def __str__(self) -> str:
        return f"{self.credential_id}#{self.lo_id}"


@dataclass(frozen=True)
class LoRow:
    """One human-confirmed row of the LO matrix (recognition.md §8.2 step 6)."""

    target_lo: str
    coverage: Coverage
    sources: tuple[SourceLoRef, ...]
    action: str  # CONFIRMED | EDITED | ADDED | REJECTED
    actor: str
    at: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ConfirmedLoMatrix:
    """Only human actions feed S7. ``complete`` = the reviewer signed off the whole matrix, so target
    outcomes without a row are not covered; otherwise a missing row is missing information."""

    rows: tuple[LoRow, ...]
    complete: bool
    reviewer: str | None
    confirmed_at: str | None
    suggestions_recorded: int = 0
    suggestion_backend: str | None = None


@dataclass(frozen=True)
class Ledger:
    """The learner's ledger in the host programme (recognition.md §6.9)."""

    learner_id: str
    programme_id: str
    prior_credits: tuple[tuple[str, Decimal], ...]  # (cap category, credits in target system)
    consumed: tuple[str, ...]  # credential ids already recognised in this programme

    def prior(self, category: str) -> Decimal:
        return sum((c for cat, c in self.prior_credits if cat == category), Decimal(0))


@dataclass(frozen=True)
class LevelAssessment:
    """An officer's recorded level for a credential without a framework level (§4.3 S5)."""

    credential_id: str
    level: str
    justification: str
    actor: str


@dataclass(frozen=True)
class Override:
    """An officer's reclassification of a finding (recognition.md §4.3 design notes, §6.5).

    The justification is mandatory; where the agreement asks for four eyes a second person
    (``approved_by``) must confirm, otherwise the override waits (PENDING_INFORMATION).
    """

    standard: str
    code: str
    subject: str | None
    materiality: Materiality
    justification: str
    actor: str
    approved_by: str | None = None
    remedy: Remedy | None = None
    previous: Materiality | None = None

    @property
    def target(self) -> str:
        return f"{self.standard}:{self.code}" + (f"@{self.subject}" if self.subject else "")


@dataclass(frozen=True)
class Case:
    """One recognition request (recognition.md §4.1 RecognitionCase), fully parsed."""

    case_id: str
    purpose: Purpose
    decision_date: date
    credentials: tuple[CredentialRecord, ...]
    target: TargetComponent
    lo_matrix: ConfirmedLoMatrix | None
    ledger: Ledger
    level_assessments: tuple[LevelAssessment, ...] = ()
    overrides: tuple[Override, ...] = ()


# ---------------------------------------------------------------- evaluation (§4.3)


@dataclass(frozen=True)
class Indicator:
    """A named indicator value as the rule read it."""

    name: str
    value: str


@dataclass(frozen=True)
class Remedy:
    """How a difference can be overcome (§4.4 CONDITIONAL conditions; §3.5 *prova integrativa*)."""

    type: str  # e.g. SUPPLEMENTARY_EXAM, CURRENCY_ASSESSMENT, SUPERVISED_REASSESSMENT, RPL_ASSESSMENT
    description: str
    scope: tuple[str, ...] = ()
    credits: Decimal | None = None


@dataclass(frozen=True)
class Finding:
    """A difference found by a standard (recognition.md §4.3).

    A SUBSTANTIAL finding must say *why* it would likely prevent success in the intended
    study (§4.3 design notes, EAR manual ch. 10); construction fails otherwise.
    """

    standard: str
    rule_id: str
    rule_version: str
    element: Element
    code: str
    observed: str
    required: str
    materiality: Materiality
    explanation: str
    subject: str | None = None
    remedy: Remedy | None = None
    alternatives: tuple[str, ...] = ()
    override: Override | None = None

    def __post_init__(self) -> None:
        if self.materiality is Materiality.SUBSTANTIAL and not self.explanation.strip():
            raise MicrocredError(
                "a substantial difference needs an explanation of why it matters for this purpose",
                where=f"{self.standard}.{self.code}",
            )
        if self.materiality is Materiality.REMEDIABLE and self.remedy is None:
            raise MicrocredError(
                "a remediable difference needs a remedy", where=f"{self.standard}.{self.code}"
            )


@dataclass(frozen=True)
class MissingItem:
    """An item of information a decision waits for (§4.4 PENDING_INFORMATION)."""

    item: str
    where: str
    supplier: str  # applicant | issuer | recognition_officer | academic_reviewer
    code: str | None = None  # a machine code for the layers that translate (e.g. S1.STATUS_NOT_CHECKED)
    params: tuple[tuple[str, str], ...] = ()  # the code's parameters, in a fixed order


@dataclass(frozen=True)
class CheckResult:
    """What one composable check returns."""

    result: Result
    indicators: tuple[Indicator, ...] = ()
    findings: tuple[Finding, ...] = ()
    missing: tuple[MissingItem, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StandardResult:
    """The result of one standard S1-S11 for one subject (a credential, the stack, or the case)."""

    standard: str
    title: str
    element: Element
    rule_id: str
    rule_version: str
    subject: str
    result: Result
    indicators: tuple[Indicator, ...]
    findings: tuple[Finding, ...]
    missing: tuple[MissingItem, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ArithmeticStep:
    """One line of the conversion arithmetic, kept so a person can follow it (§4.4 rationale)."""

    label: str
    expression: str
    value: str


@dataclass(frozen=True)
class CreditComputation:
    """Credits by §4.5.1, with every step."""

    requested: Decimal | None
    awarded_if_full: Decimal | None
    awarded_if_partial: Decimal | None
    converted_value: Decimal | None
    credit_system: str
    steps: tuple[ArithmeticStep, ...]
    source_hours: Decimal | None = None
    target_hours: Decimal | None = None


@dataclass(frozen=True)
class Condition:
    """A condition of a CONDITIONAL decision (§4.4)."""

    type: str
    description: str
    scope: tuple[str, ...]
    deadline: date | None
    from_finding: str


@dataclass(frozen=True)
class Award:
    """The FULL/PARTIAL award that applies now, or once conditions are met (§4.4 ``on_condition_met``)."""

    outcome: Outcome
    recognition_type: Purpose
    credits_awarded: Decimal | None
    credit_system: str
    reasons: tuple[str, ...] = ()
    remainder: Remedy | None = None

    def __post_init__(self) -> None:
        if self.outcome not in (Outcome.FULL, Outcome.PARTIAL):
            raise MicrocredError("an award is FULL or PARTIAL", where="on_condition_met.outcome")
        if self.outcome is Outcome.PARTIAL and not self.reasons:
            raise MicrocredError("a PARTIAL award names its reason", where="reasons")


@dataclass(frozen=True)
class Decision:
    """A PROPOSED decision (recognition.md §4.4, §4.5 step 9).

    The invariants that the LRC asks for hold by construction: a refusal carries at least one
    substantial difference (LRC Art. VI.1, burden of proof on the recogniser); a conditional
    decision carries its conditions and the award that follows; a pending decision lists what it
    waits for.
    """

    case_id: str
    outcome: Outcome
    purpose: Purpose
    award: Award | None
    conditions: tuple[Condition, ...]
    on_condition_met: Award | None
    missing: tuple[MissingItem, ...]
    standards: tuple[StandardResult, ...]
    credits: CreditComputation
    refusal_grounds: tuple[str, ...]
    alternatives: tuple[str, ...]
    grade: tuple[Indicator, ...]
    consumes: tuple[str, ...]
    cap_effect: tuple[Indicator, ...]
    agreement_notes: tuple[str, ...]
    information_deadline: date | None = None
    integrity_flag: bool = False
    extra: tuple[Indicator, ...] = field(default=())

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.standards for f in s.findings)

    @property
    def substantial(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.materiality is Materiality.SUBSTANTIAL)

    def __post_init__(self) -> None:
        where = f"decision {self.case_id}"
        if self.outcome is Outcome.NOT_RECOGNISED and not self.substantial:
            raise MicrocredError(
                "a refusal without a recorded substantial difference is not allowed", where=where
            )
        if self.outcome is Outcome.CONDITIONAL and (not self.conditions or self.on_condition_met is None):
            raise MicrocredError("a conditional decision needs conditions and on_condition_met", where=where)
        if self.outcome is Outcome.PENDING_INFORMATION and not self.missing:
            raise MicrocredError("a pending decision lists the missing information", where=where)
        if self.outcome in (Outcome.FULL, Outcome.PARTIAL) and (
            self.award is None or self.award.outcome is not self.outcome
        ):
            raise MicrocredError("a FULL or PARTIAL decision carries its award", where=where)
        if self.outcome in (Outcome.FULL, Outcome.PARTIAL, Outcome.CONDITIONAL) and any(
            r.standard == "S1" and r.result not in (Result.PASS, Result.PASS_WITH_NOTE, Result.PARTIAL)
            for r in self.standards
        ):
            # ADR 0530: credits only on an authenticity that was established, revocation included.
            raise MicrocredError("credits need authenticity (S1) established", where=where)
