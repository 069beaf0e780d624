"""The recognition services' messages to people: code -> English template (ADR 0840).

A service raises ``RecognitionInputError(err("service.appeal.grounds_short", min=10), where=...)``;
the message reads in English for logs and tests, and a page renders the same code and parameters
through the catalogues (``microcred_web.recognition.messages.error_text``). Keep a template and
its vi and lo entries together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from microcred.recognition.text import Text

SERVICE_MESSAGES: dict[str, str] = {
    "service.status.wrong_for_action": "the case is {value}; it cannot {doing} now",
    "service.purpose.unknown": "unknown purpose {purpose!r}; one of {value}",
    "service.intake.one_credential": "name exactly one credential: one of your credentials, a register entry, or a signed file",
    "service.intake.register_unpublished": "only published register entries can be named",
    "service.intake.not_a_credential": "the file is not a credential: {detail}",
    "service.intake.proof_code_needed": "a signed file needs the holder's proof code (and an e-mail on the applicant's account) to show the applicant is its holder (ADR 0601)",
    "service.request.sign_in": "sign in to file a request",
    "service.request.target_needed": "say which course or programme you ask recognition for",
    "service.credential.not_yours": "this credential is not yours",
    "service.open.applicant_needed": "name the applicant",
    "service.import.paths_left": "the case file still names a specification by path or code; upload the canonical case (every path replaced by its content)",
    "service.import.agreement_path": "the case file names an agreement by path; upload the canonical case",
    "service.import.other_host": "the case's host is {id!r}, not {slug!r}",
    "service.import.case_exists": "a case with id {case_id!r} exists already",
    "service.target.invalid": "{value} problem(s); first: {value2}",
    "service.target.duplicate_lo": "two learning outcomes have the same id",
    "service.lo.no_suggestions": "there are no suggestions to act on; set the target first",
    "service.lo.unknown_target_lo": "the target has no learning outcome {target_lo!r}",
    "service.lo.bad_coverage": "coverage is FULL, PARTIAL or NONE, not {coverage!r}",
    "service.lo.unknown_source": "the credentials have no outcome {r}",
    "service.reclassify.authenticity": "authenticity findings cannot be reclassified; ask the issuer",
    "service.reclassify.same_materiality": "choose a different materiality",
    "service.reclassify.justification_short": "a reclassification needs a justification of at least {min} characters",
    "service.reclassify.remedy_incomplete": "a remedy needs a type and a description",
    "service.reclassify.remedy_needed": "a remediable difference needs a remedy",
    "service.reclassify.already": "this finding is already reclassified",
    "service.reclassify_approve.none": "no such reclassification",
    "service.reclassify_approve.already": "this reclassification is approved already",
    "service.reclassify_approve.four_eyes": "four eyes: another officer must approve the reclassification",
    "service.level.unknown_credential": "the case has no credential {credential_id!r}",
    "service.level.format": "write the level as FRAMEWORK:LEVEL, e.g. EQF:5",
    "service.level.justification_short": "a recorded level needs a justification of at least {min} characters",
    "service.target.first": "set the target component first",
    "service.evidence.already": "this credential is already part of the case",
    "service.answer.nothing_asked": "no information was asked for",
    "service.answer.deadline_passed": "the deadline ({value}) has passed; the case closes as incomplete",
    "service.answer.no_item": "the request has no item {value}",
    "service.answer.reply_too_long": "a reply has at most {max} characters",
    "service.answer.not_for_learner": "item {value} is for the {value2} to supply",
    "service.answer.empty": "answer at least one item or add a credential",
    "service.credits.not_a_number": "credits must be a number, not {value!r}",
    "service.credits.negative": "credits must be zero or more",
    "service.decide.outcome_needed": "choose the outcome you decide instead",
    "service.decide.justification_short": "an override needs a justification of at least {min} characters saying why the proposal is set aside",
    "service.decide.credits_needed": "say how many credits are recognised",
    "service.approve.nothing_waiting": "no decision waits for a second signature",
    "service.approve.four_eyes": "four eyes: the second signature must come from another officer",
    "service.appeal.deadline_passed": "the appeal deadline ({value}) has passed",
    "service.appeal.grounds_short": "say why you appeal (at least 10 characters)",
    "service.appeal_decide.signer": "an appeal is decided by someone who did not sign the decision",
    "service.appeal_decide.result": "the appeal is upheld or dismissed",
    "service.appeal_decide.reasons_short": "give the reasons (at least {min} characters)",
    "service.conditions.not_conditional": "only a conditional decision has conditions",
    "service.conditions.officer_set": "this conditional decision was set by an officer; record the award by appeal or a new case",
    "service.conditions.evidence_short": "say how the conditions were met (at least 10 characters)",
    "service.close.reason_short": "say why the case is closed (at least 10 characters)",
    "service.issue.not_final": "only a final decision is issued",
    "service.issue.already": "the decision was issued already",
    "service.revoke.nothing_current": "the case has no current decision credential to revoke",
    "service.revoke.reason_short": "say why the credential is revoked (at least {min} characters)",
    "service.replay.mismatch": "{reason} (recorded {value}…, replayed {value2}…)",
    "service.agreement.no_consortium_profile": "no active consortium profile",
    "service.agreement.receiving_needed": "name at least one receiving institution",
    "service.agreement.any_sender_policy_only": "any sending institution (parties.any_sender) is only for an institutional policy; a bilateral agreement names its sending institutions",
    "service.agreement.any_sender_named": "a policy for any sending institution names no sending institution",
    "service.agreement.any_sender_one_way": "a policy for any sending institution applies one way, to its receiving institutions",
    "service.agreement.sending_needed": "name at least one sending institution (or, for an institutional policy, any sending institution)",
    "service.agreement.expires_before_effect": "the agreement expires before it takes effect",
    "service.agreement.draft_waiting": "a draft of this agreement is already waiting for approval; approve or withdraw it first",
    "service.agreement.type_fixed": "{agreement_id} is a {type} agreement; its type cannot change",
    "service.agreement.unknown_institution": "no institution {id!r} on this platform",
    "service.agreement.not_draft": "{ref} is {status}, not a draft",
    "service.agreement.withdraw_not_draft": "{ref} is {status}; only a draft is withdrawn",
    "service.agreement.rival_profile": "the consortium profile {ref} is in force from the same date; change the effective date",
    "service.agreement.rival_same_parties": "{ref} covers the same institutions from the same date; change the effective date",
    "service.agreement.not_active": "{ref} is {status}, not active",
    "service.agreement.reason_short": "give the reason in at least ten characters",
    "service.doing.change_target": "change its target",
    "service.doing.change_matrix": "change the outcome matrix",
    "service.doing.reclassify": "have a finding reclassified",
    "service.doing.approve_reclassification": "have a reclassification approved",
    "service.doing.record_level": "have a level recorded",
    "service.doing.propose": "be proposed",
    "service.doing.answer": "be answered",
    "service.doing.decide": "be decided",
    "service.doing.approve": "be approved",
    "service.doing.appeal": "be appealed",
    "service.doing.decide_appeal": "have its appeal decided",
    "service.doing.conditions_met": "have its conditions met",
    "service.doing.close": "be closed",
    "service.supplier.applicant": "applicant",
    "service.supplier.issuer": "issuer",
    "service.supplier.recognition_officer": "recognition officer",
    "service.supplier.academic_reviewer": "academic reviewer",
    "service.intake.does_not_verify": "the credential does not verify ({name} check): {check}",
    "service.intake.not_confirmed": "the credential could not be confirmed ({name} check): {check}",
    "service.intake.not_holder": "the applicant is not shown to be the credential's holder: {check}",
    "service.intake.not_recordable": "the credential verifies but cannot be recorded as evidence: {detail}",
    "service.intake.not_our_spec": "the credential verifies, but its achievement is not a specification of this platform's register; open the case from a case file instead",
    "service.lo.source_format": "a source outcome is written CREDENTIAL_ID#LO_ID; got {text!r}",
    "service.replay.nothing": "nothing to replay: no decision was proposed",
    "service.replay.no_inputs": "the log has no inputs snapshot before the proposal",
}


class ServiceText(Text):
    """A coded message of the recognition services (a ``str`` in English for every reader)."""

    registry: ClassVar[Mapping[str, str]] = SERVICE_MESSAGES


def err(code: str, /, **params: object) -> ServiceText:
    """The service message ``code`` with ``params`` (English; translated where it is shown)."""
    return ServiceText(code, **params)


def supplier_text(supplier: str) -> str:
    """Who supplies a missing item (recognition.md §4.4 ``supplier``), as a coded message."""
    code = f"service.supplier.{supplier}"
    return err(code) if code in SERVICE_MESSAGES else supplier.replace("_", " ")


class CheckSaid:
    """A verification check (ADR 0606) as a parameter of a message: said by its code in the
    language active where the message is rendered, as the credential page says it."""

    def __init__(self, check: Any) -> None:
        self.check = check

    def __format__(self, spec: str) -> str:
        from microcred_web.credentials.verifying import Report, _describe

        try:
            said = _describe(self.check, report=Report(credential=None)).summary
        except (KeyError, TypeError, ValueError):
            said = f"{self.check.name} check - {self.check.reason}"
        return format(said, spec)

    def __str__(self) -> str:
        return format(self, "")

    def __repr__(self) -> str:
        return f"CheckSaid({self.check.name}:{self.check.code})"
