"""Recognition cases, their append-only hash-chained event log, appeals and the learner's ledger.

The case keeps the *case input* in the core's case format (``docs/recognition-case-format.md``,
``microcred.recognition.case.CaseDoc``) and the *proposed decision* as the core's rationale
report (recognition.md §4.4), so that ``microcred.recognition.audit.replay`` can re-decide it.
Columns next to them (outcome, credits, sending institutions, codes) are copies made when a
decision becomes final, so the precedents register filters in SQL without reading JSON.

``CaseEvent`` rows are never updated or deleted (recognition.md §6.1): ``save`` refuses an update
and ``delete`` refuses; a row changed behind the ORM's back is found by the chain check.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from microcred.errors import MicrocredError
from microcred.recognition import lifecycle
from microcred.recognition.case import TargetDoc
from microcred.recognition.desk_rules import Decision
from microcred.recognition.proposal import Proposal
from microcred_web.recognition.columns import (
    CaseProcedure,
    CaseTarget,
    Evidence,
    IntakeReport,
    LoAction,
    LoSuggestions,
    StoredCase,
    TargetRequest,
)


class Status(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    UNDER_REVIEW = "under_review", _("Under review")
    PROPOSED = "proposed", _("Decision proposed")
    DECIDED = "decided", _("Decided")
    APPEALED = "appealed", _("Appealed")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    CLOSED = "closed", _("Closed")
    # recognition.md §4.4: PENDING_INFORMATION "expires to CLOSED_INCOMPLETE"; no decision was taken.
    CLOSED_INCOMPLETE = "closed_incomplete", _("Closed: information not supplied")


class Purpose(models.TextChoices):
    """recognition.md §4.1 TargetComponent; the core's ``Purpose``."""

    EXEMPTION = "EXEMPTION", _("Exemption from a course")
    ELECTIVE_CREDIT = "ELECTIVE_CREDIT", _("Elective credit")
    STACK_COMPONENT = "STACK_COMPONENT", _("Component of a larger credential")
    ADMISSION = "ADMISSION", _("Admission")


class Outcome(models.TextChoices):
    """recognition.md §4.4 decision outcomes."""

    FULL = "FULL", _("Recognised in full")
    PARTIAL = "PARTIAL", _("Recognised in part")
    CONDITIONAL = "CONDITIONAL", _("Recognised on condition")
    NOT_RECOGNISED = "NOT_RECOGNISED", _("Not recognised")
    PENDING_INFORMATION = "PENDING_INFORMATION", _("Information needed")


# A final decision exists (the life cycle's ``DECIDED``, ADR 0850).
DECIDED_STATUSES = frozenset(lifecycle.DECIDED)


@dataclass(frozen=True)
class PendingSignature:
    """A decision signed once and waiting for a second officer's signature (four eyes, ADR
    0801): the ``pending_decision`` column read as a typed value."""

    decision: Decision
    by: int  # the first signer's user id
    actor: str
    at: str

    @property
    def outcome(self) -> str:
        return self.decision.outcome

    @property
    def credits(self) -> str | None:
        return self.decision.credits

    @property
    def justification(self) -> str:
        return self.decision.justification

    def to_json(self) -> dict[str, Any]:
        return {**self.decision.to_json(), "by": self.by, "actor": self.actor, "at": self.at}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PendingSignature:
        return cls(
            Decision.from_json(data), int(data["by"]), str(data.get("actor") or ""), str(data.get("at") or "")
        )


@dataclass(frozen=True)
class LevelAssessment:
    """A level an officer records for a credential that states none (recognition.md §4.3 S5):
    one entry of ``level_assessments``, in the case format's shape (``LevelAssessmentDoc``)."""

    credential_id: str
    level: str
    justification: str
    actor: str

    def to_json(self) -> dict[str, Any]:
        return {
            "credential_id": self.credential_id,
            "level": self.level,
            "justification": self.justification,
            "actor": self.actor,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LevelAssessment:
        return cls(
            str(data["credential_id"]),
            str(data["level"]),
            str(data.get("justification") or ""),
            str(data.get("actor") or ""),
        )


@dataclass(frozen=True)
class Remedy:
    """A remedy an officer names for a remediable difference (recognition.md §4.3 design notes)."""

    type: str
    description: str


@dataclass(frozen=True)
class FindingOverride:
    """An officer's reclassification of a finding (recognition.md §4.3, §6.5): one entry of the
    ``finding_overrides`` column. ``to_doc`` is the case format's ``overrides`` entry (the core's
    ``OverrideDoc``); ``by``/``approved_by`` are the users who proposed and approved it."""

    standard: str
    code: str
    subject: str | None
    materiality: str
    justification: str
    actor: str
    remedy: Remedy | None
    by: int
    approved_by: int | None = None
    approver: str | None = None  # the approver as the case format names them (``actor_of``)

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.standard, self.code, self.subject)

    def to_doc(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "code": self.code,
            "subject": self.subject,
            "materiality": self.materiality,
            "justification": self.justification,
            "actor": self.actor,
            "approved_by": self.approver,
            "remedy": None
            if self.remedy is None
            else {"type": self.remedy.type, "description": self.remedy.description},
        }

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.to_doc(), "by": self.by, "approved_by": self.approved_by}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FindingOverride:
        doc = data["doc"]
        remedy = doc.get("remedy")
        return cls(
            standard=str(doc["standard"]),
            code=str(doc["code"]),
            subject=doc.get("subject"),
            materiality=str(doc["materiality"]),
            justification=str(doc.get("justification") or ""),
            actor=str(doc.get("actor") or ""),
            remedy=Remedy(str(remedy["type"]), str(remedy["description"])) if remedy else None,
            by=int(data["by"]),
            approved_by=data.get("approved_by"),
            approver=doc.get("approved_by"),
        )


class RecognitionCase(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=60, unique=True, help_text=_("The case id used in the case format.")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recognition_cases",
        null=True,
        blank=True,
        help_text=_("Empty for a case imported from another system."),
    )
    learner_ref = models.CharField(
        _("learner reference"), max_length=80, help_text=_("Internal learner id; no personal data.")
    )
    host = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="recognition_cases"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.REQUESTED)
    notice_language = models.CharField(
        _("notice language"),
        max_length=5,
        default="en",
        help_text=_("The applicant's language; the notice is in English and this language."),
    )
    learner_note = models.TextField(_("learner's note"), blank=True)
    target_request = models.JSONField(
        _("requested target"), default=dict, blank=True, help_text=_("What the learner asked for.")
    )

    # The case in the core's format, built step by step; ``case_input`` is complete once the
    # credential and the target are known.
    evidence = models.JSONField(
        _("evidence"), default=list, help_text=_("Credential evidence (case format) with its verification.")
    )
    verification_reports = models.JSONField(
        _("verification reports"), default=list, help_text=_("What microcred.verification reported.")
    )
    target = models.JSONField(_("target component"), default=dict, blank=True)
    lo_suggestions = models.JSONField(_("learning-outcome suggestions"), default=dict, blank=True)
    lo_actions = models.JSONField(_("learning-outcome actions"), default=list, blank=True)
    finding_overrides = models.JSONField(
        _("reclassified findings"),
        default=list,
        blank=True,
        help_text=_("Officers' reclassifications of findings (case format 'overrides') with who signed."),
    )
    level_assessments = models.JSONField(
        _("levels recorded by officers"),
        default=list,
        blank=True,
        help_text=_("Levels of credentials without a framework level (case format 'level_assessments')."),
    )
    imported_input = models.JSONField(
        _("imported case"), null=True, blank=True, help_text=_("A case file imported as a whole.")
    )
    case_input = models.JSONField(_("case input"), null=True, blank=True)
    proposal = models.JSONField(_("proposed decision"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    agreement_ref = models.CharField(_("agreement"), max_length=120, blank=True)
    procedure = models.JSONField(_("procedure"), default=dict, blank=True)

    # Four eyes: the first signature waits here for the second person.
    pending_decision = models.JSONField(null=True, blank=True)

    final_outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    final_credits = models.DecimalField(_("credits"), max_digits=6, decimal_places=2, null=True, blank=True)
    final_credit_system = models.CharField(_("credit system"), max_length=20, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    is_override = models.BooleanField(_("officer override"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    decision_deadline = models.DateField(_("decision due"), null=True, blank=True)

    # Copies for the precedents register (anonymised, filterable).
    source_institutions = models.CharField(max_length=300, blank=True, db_index=True)
    credential_codes = models.CharField(max_length=500, blank=True, db_index=True)
    credential_titles = models.CharField(max_length=1000, blank=True)

    head_hash = models.CharField(max_length=64, blank=True, help_text=_("Hash of the last event."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("recognition case")
        verbose_name_plural = _("recognition cases")

    def __str__(self) -> str:
        return self.reference

    @property
    def levels(self) -> list[LevelAssessment]:
        """The levels officers recorded, typed (``level_assessments``)."""
        return [LevelAssessment.from_json(e) for e in self.level_assessments or []]

    @levels.setter
    def levels(self, value: list[LevelAssessment]) -> None:
        self.level_assessments = [a.to_json() for a in value]

    @property
    def overrides(self) -> list[FindingOverride]:
        """The reclassifications of the case, typed (``finding_overrides``)."""
        return [FindingOverride.from_json(e) for e in self.finding_overrides or []]

    @overrides.setter
    def overrides(self, value: list[FindingOverride]) -> None:
        self.finding_overrides = [o.to_json() for o in value]

    @property
    def proposed(self) -> Proposal | None:
        """The proposed decision, typed (``proposal``; the report itself is kept as the engine
        wrote it, hashed and replayed byte for byte)."""
        return None if not self.proposal else Proposal.from_json(self.proposal)

    @proposed.setter
    def proposed(self, value: Proposal | None) -> None:
        self.proposal = None if value is None else value.to_json()

    @property
    def target_doc(self) -> TargetDoc | None:
        """The target component in the case format (``target``), parsed; ``None`` until set."""
        return TargetDoc.model_validate(self.target) if self.target else None

    @target_doc.setter
    def target_doc(self, value: TargetDoc | None) -> None:
        self.target = {} if value is None else value.model_dump(mode="json")

    @property
    def target_component(self) -> CaseTarget | None:
        """The target component as stored (``target``; an imported file's target is kept as written)."""
        return CaseTarget.from_json(self.target) if self.target else None

    @target_component.setter
    def target_component(self, value: CaseTarget | None) -> None:
        self.target = {} if value is None else value.to_json()

    @property
    def requested(self) -> TargetRequest:
        """What the learner asked for (``target_request``)."""
        return TargetRequest.from_json(self.target_request or {})

    @requested.setter
    def requested(self, value: TargetRequest) -> None:
        self.target_request = value.to_json()

    @property
    def credential_evidence(self) -> list[Evidence]:
        """The case's credentials in the case format (``evidence``)."""
        return [Evidence.from_json(e) for e in self.evidence or []]

    @credential_evidence.setter
    def credential_evidence(self, value: list[Evidence]) -> None:
        self.evidence = [e.to_json() for e in value]

    @property
    def intake_reports(self) -> list[IntakeReport]:
        """What verification reported at intake, one per credential (``verification_reports``)."""
        return [IntakeReport.from_json(r) for r in self.verification_reports or []]

    @intake_reports.setter
    def intake_reports(self, value: list[IntakeReport]) -> None:
        self.verification_reports = [r.to_json() for r in value]

    @property
    def suggestions(self) -> LoSuggestions:
        """The suggested LO pairs (``lo_suggestions``); empty (falsy) when none were made."""
        return LoSuggestions.from_json(self.lo_suggestions or {})

    @suggestions.setter
    def suggestions(self, value: LoSuggestions) -> None:
        self.lo_suggestions = value.to_json()

    @property
    def matrix_actions(self) -> list[LoAction]:
        """People's actions on the outcome matrix (``lo_actions``)."""
        return [LoAction.from_json(a) for a in self.lo_actions or []]

    @matrix_actions.setter
    def matrix_actions(self, value: list[LoAction]) -> None:
        self.lo_actions = [a.to_json() for a in value]

    @property
    def imported_case(self) -> StoredCase | None:
        """The case file imported as a whole (``imported_input``), or ``None``."""
        return StoredCase.from_json(self.imported_input) if self.imported_input else None

    @imported_case.setter
    def imported_case(self, value: StoredCase | None) -> None:
        self.imported_input = None if value is None else value.to_json()

    @property
    def canonical_input(self) -> StoredCase | None:
        """The canonical case the proposal was decided on (``case_input``), or ``None``."""
        return StoredCase.from_json(self.case_input) if self.case_input else None

    @canonical_input.setter
    def canonical_input(self, value: StoredCase | None) -> None:
        self.case_input = None if value is None else value.to_json()

    @property
    def procedure_terms(self) -> CaseProcedure | None:
        """The governing agreement's procedure at the proposal (``procedure``), or ``None``."""
        return CaseProcedure.from_json(self.procedure) if self.procedure else None

    @procedure_terms.setter
    def procedure_terms(self, value: CaseProcedure | None) -> None:
        self.procedure = {} if value is None else value.to_json()

    @property
    def pending_signature(self) -> PendingSignature | None:
        """The decision waiting for its second signature, typed (``pending_decision``)."""
        return None if not self.pending_decision else PendingSignature.from_json(self.pending_decision)

    @pending_signature.setter
    def pending_signature(self, value: PendingSignature | None) -> None:
        self.pending_decision = None if value is None else value.to_json()

    @property
    def final_decision(self) -> Decision:
        """The final decision as it stands (``final_*``, ``justification``, ``is_override``)."""
        return Decision(
            outcome=self.final_outcome,
            credits=None if self.final_credits is None else format(self.final_credits.normalize(), "f"),
            credit_system=self.final_credit_system,
            override=self.is_override,
            justification=self.justification,
        )

    def set_final(self, decision: Decision) -> None:
        """Make ``decision`` the final one (not saved)."""
        self.final_outcome = decision.outcome
        self.final_credits = decision.amount
        self.final_credit_system = decision.credit_system
        self.justification = decision.justification
        self.is_override = decision.override

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES

    @property
    def target_title(self) -> str:
        target = self.target_doc
        return (target.title if target is not None else "") or self.requested.title

    @property
    def current_decision_credential(self) -> DecisionCredential | None:
        """The decision credential the learner holds now: the newest one not revoked."""
        if self.pk is None:
            return None
        return self.decision_credentials.filter(revoked_at__isnull=True).order_by("-pk").first()

    @property
    def decision_credential(self) -> dict[str, Any] | None:
        """The current decision as a signed credential (signed by the host), if issued."""
        row = self.current_decision_credential
        return row.document if row is not None else None

    @property
    def decision_credential_salt(self) -> str:
        """The proof code of the current decision credential, given to the learner so they can
        prove the hashed e-mail is theirs (ADR 0601)."""
        row = self.current_decision_credential
        return row.salt if row is not None else ""


class ImmutableEventError(MicrocredError):
    """A case event was about to be changed or removed."""


class CaseEvent(models.Model):
    """One event of a case's audit log (recognition.md §6.1): the core ``AuditEvent`` fields."""

    case = models.ForeignKey(RecognitionCase, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    timestamp = models.CharField(max_length=40)
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=60)
    payload = models.JSONField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # How ``hash`` was computed (core ``audit.HASH_FORMAT*``, ADR 0510): 1 = sorted json.dumps,
    # the rows written before the field existed; 2 = RFC 8785 JCS.
    hash_format = models.PositiveSmallIntegerField(default=1)
    visible_to_learner = models.BooleanField(default=False)

    class Meta:
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="unique_case_event_seq")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableEventError("case events are append-only", where=f"event {self.seq}")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableEventError("case events are append-only", where=f"event {self.seq}")


class Appeal(models.Model):
    class Result(models.TextChoices):
        UPHELD = "upheld", _("Upheld: the decision is changed")
        DISMISSED = "dismissed", _("Dismissed: the decision stands")

    case = models.ForeignKey(RecognitionCase, on_delete=models.PROTECT, related_name="appeals")
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField(_("grounds"))
    lodged_at = models.DateTimeField(auto_now_add=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    previous_decision = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["lodged_at", "pk"]


class DecisionCredential(models.Model):
    """A decision of the case issued as a credential signed by the host (ADR 0801, 0803), with
    its W3C Bitstring Status List v1.0 ``BitstringStatusListEntry`` (statusPurpose
    ``revocation``, §2.1) in the host's revocation list. The newest one not revoked is the case's
    current one (``RecognitionCase.current_decision_credential``); one superseded by an appeal or
    revoked by hand is revoked here. A credential issued before status entries existed has none
    (``status_list`` empty): it is marked revoked here, but no list can say so."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(RecognitionCase, on_delete=models.PROTECT, related_name="decision_credentials")
    credential_id = models.CharField(max_length=120)  # VCDM 2.0 §4.4 id, unique on the platform (ADR 0607)
    document = models.JSONField()
    salt = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    status_list = models.ForeignKey(
        "credentials.StatusList", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status_index = models.PositiveIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="unique_decision_status_entry"
            ),
            models.UniqueConstraint(
                fields=["credential_id"], condition=~Q(credential_id=""), name="unique_decision_credential_id"
            ),
        ]

    def __str__(self) -> str:
        return self.credential_id

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class LedgerEntry(models.Model):
    """The learner's ledger (recognition.md §6.9): consumed credentials and recognised credits
    per programme and cap category, written when a decision becomes final."""

    learner_ref = models.CharField(max_length=80, db_index=True)
    programme_id = models.CharField(max_length=120)
    credential_id = models.CharField(max_length=500, blank=True)
    cap_category = models.CharField(max_length=60, blank=True)
    credits = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    credit_system = models.CharField(max_length=20, blank=True)
    case = models.ForeignKey(RecognitionCase, on_delete=models.PROTECT, related_name="ledger_entries")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
