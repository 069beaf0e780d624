"""The standards S1-S11 of recognition.md §4.3 as composable rule objects.

Each rule reads named indicators of the credential record(s) (§4.2) and the target, and returns
a result with findings (LRC element, observed vs required value, materiality, remedy, rule id
and version). Rule versions are bumped whenever a rule's logic changes, so a replayed decision
can say which logic it ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from microcred.conversion import eqf_level_of
from microcred.errors import MicrocredError
from microcred.recognition.agreements import Cap
from microcred.recognition.context import Context, measure_coverage, measure_workload
from microcred.recognition.credits import elective_credits
from microcred.recognition.policy import AllOf, AnyOf, Profile, Rule, Standard, ind, missing
from microcred.recognition.rounding import RoundRule, fmt, to_fraction
from microcred.recognition.values import (
    SUPERVISION_ORDER,
    CheckResult,
    Coverage,
    CredentialRecord,
    Element,
    Indicator,
    Materiality,
    MissingItem,
    Purpose,
    QaStatement,
    Remedy,
    Result,
    StatusCheck,
)

SUB = Materiality.SUBSTANTIAL
NON = Materiality.NON_SUBSTANTIAL
REM = Materiality.REMEDIABLE

EXEMPTION_LIKE = (Purpose.EXEMPTION, Purpose.STACK_COMPONENT)


def _cid(s: CredentialRecord | None) -> str:
    return s.credential_id if s else "case"


def _remedy(ctx: Context, kind: str) -> str:
    """The host's name of a remedy (its agreement's or profile's ``remedies``; ADR 0530)."""
    return ctx.agreement.remedy_name(kind, ctx.case.target.institution.country)


def _need(s: CredentialRecord | None) -> CredentialRecord:
    if s is None:
        raise MicrocredError("this rule evaluates one credential at a time", where="standards")
    return s


# ---------------------------------------------------------------- S1 authenticity & integrity


_CONFIRMED = ("active", "no_entry")


def _status_shown(c: StatusCheck) -> str:
    what = {
        "active": "not revoked or suspended",
        "no_entry": "no status entry (the issuer gave no way to revoke it)",
        "revoked": "revoked",
        "suspended": "suspended",
        "not_checked": "not checked",
    }.get(c.result, c.result)
    where = f" on {c.source}" if c.source else ""
    when = f", checked {c.checked_at}" if c.checked_at else ""
    by = f" by {c.checker}" if c.checker else ""
    return f"{what}{where}{when}{by}"


@dataclass(frozen=True)
class NotRevoked(Rule):
    """S1 (§4.3; authenticity, a precondition rather than an LRC element): the issuer has neither
    revoked nor suspended the credential, and this was checked (ADR 0530, superseding that part of
    ADR 0509: an unchecked status is never a pass).

    The status is known from a recorded status check (Bitstring Status List v1.0 §3.2), the issuer's
    own statement (``revoked``), or a verification recorded as a whole verdict (ADR 0606: ``valid``
    includes "not revoked or suspended"; a register or page look-up shows the issuer's current
    record). A status list the credential names that no check covers is asked for.
    """

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        bad = next((c for c in s.status if c.result in ("revoked", "suspended")), None)
        if s.revoked or bad is not None:
            state = bad.result if bad is not None else "revoked"
            return CheckResult(
                Result.FAIL,
                (ind("revoked", True) if bad is None else ind("status", _status_shown(bad)),),
                (
                    self.finding(
                        "REVOKED" if state == "revoked" else "SUSPENDED",
                        observed=f"{state} by the issuer"
                        + (f" on {bad.source}" if bad and bad.source else "")
                        + (f" (checked {bad.checked_at})" if bad and bad.checked_at else ""),
                        required="neither revoked nor suspended",
                        materiality=SUB,
                        explanation="a revoked credential no longer attests the learning it names"
                        if state == "revoked"
                        else "a suspended credential does not attest the learning it names while the suspension lasts",
                        subject=s,
                    ),
                ),
            )
        confirmed = [c for c in s.status if c.result in _CONFIRMED]
        whole = next((v for v in s.verification if v.outcome == "valid" and not v.status_separate), None)
        # A recorded status check is the most specific evidence: where there is one, only checks
        # that confirm a list settle it; otherwise the issuer's statement or a whole verdict does.
        covered_all = (not s.status and (s.revoked is False or whole is not None)) or any(
            c.source is None for c in confirmed
        )
        asked = [*s.status_lists, *(c.source or "" for c in s.status if c.result == "not_checked")]
        done = {c.source for c in confirmed}
        open_lists = [] if covered_all else [u for u in dict.fromkeys(asked) if u not in done]
        if open_lists:
            issuer = s.issuer.name if s.issuer else "the issuer"
            return CheckResult(
                Result.UNKNOWN,
                (ind("status", "not checked" + "".join(f" ({u})" for u in open_lists if u)),),
                missing=tuple(
                    MissingItem(
                        f"the revocation status of {s.credential_id} on {issuer}'s status list {u}"
                        " (the officer can fetch it, or the issuer confirm it)"
                        if u
                        else f"the revocation status of {s.credential_id} (from {issuer})",
                        f"{s.credential_id}.status",
                        "recognition_officer",
                        "S1.STATUS_NOT_CHECKED",
                        (("credential", s.credential_id), ("issuer", issuer), ("list", u)),
                    )
                    for u in open_lists
                ),
            )
        if s.revoked is False and not s.status:
            return CheckResult(Result.PASS, (ind("revoked", False),))
        if confirmed:
            return CheckResult(Result.PASS, tuple(ind("status", _status_shown(c)) for c in confirmed))
        if whole is not None:
            # The record states nothing; the verification's whole verdict (valid) covers the
            # status. Indicator and note as before ADR 0530, so earlier decisions replay exactly.
            return CheckResult(
                Result.PASS, (ind("revoked", "unknown"),), notes=("revocation status not reported",)
            )
        # Nothing establishes the status: no verification is valid yet, and S1.signature asks for
        # one (or has failed). Never a pass (ADR 0530); Decision refuses credits on it as well.
        return CheckResult(Result.UNKNOWN, (ind("revoked", "not established"),))


@dataclass(frozen=True)
class HolderIsApplicant(Rule):
    """S1: the holder is the applicant (LRC: assessment of the applicant's own qualification)."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        i = (ind("holder_matches", "unknown" if s.holder_matches is None else s.holder_matches),)
        if s.holder_matches is False:
            return CheckResult(
                Result.FAIL,
                i,
                (
                    self.finding(
                        "HOLDER_MISMATCH",
                        observed="holder differs from the applicant",
                        required="holder is the applicant",
                        materiality=SUB,
                        explanation="the credential attests someone else's learning",
                        subject=s,
                    ),
                ),
            )
        if s.holder_matches is None:
            return CheckResult(
                Result.UNKNOWN,
                i,
                missing=(
                    missing(
                        f"confirmation that the holder of {s.credential_id} is the applicant",
                        f"{s.credential_id}.learner",
                        "recognition_officer",
                    ),
                ),
            )
        return CheckResult(Result.PASS, i)


@dataclass(frozen=True)
class NoFailedVerification(Rule):
    """S1: no verification reported an invalid signature/seal or a content mismatch."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        bad = [v for v in s.verification if v.outcome in ("invalid", "mismatch")]
        if bad:
            v = bad[0]
            return CheckResult(
                Result.FAIL,
                (ind("verification_failed", f"{v.method}: {v.outcome}"),),
                (
                    self.finding(
                        "VERIFICATION_FAILED",
                        observed=f"{v.method} {v.outcome}" + (f" ({v.checker})" if v.checker else ""),
                        required="signature/seal valid and content matching the issuer's record",
                        materiality=SUB,
                        explanation="the credential's integrity cannot be trusted, so none of its indicators can be relied on",
                        subject=s,
                    ),
                ),
            )
        return CheckResult(Result.PASS)


@dataclass(frozen=True)
class VerifiedBy(Rule):
    """One verification route: ``methods`` with outcome ``valid``; ``partial`` for an unsigned URL match."""

    methods: tuple[str, ...] = ()
    partial: bool = False

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        accepted = ctx.params.accepted_verification_methods
        hits = [
            v
            for v in s.verification
            if v.method in self.methods and v.outcome == "valid" and v.method in accepted
        ]
        if not hits:
            return CheckResult(Result.NOT_APPLICABLE)
        v = hits[0]
        i = (ind("verification", f"{v.method} valid" + (f" by {v.checker}" if v.checker else "")),)
        if not self.partial:
            return CheckResult(Result.PASS, i)
        if ctx.params.accept_unsigned_url_match:
            return CheckResult(
                Result.PARTIAL,
                i,
                (
                    self.finding(
                        "UNSIGNED_URL_MATCH",
                        observed="verification page matches the printed data; no signature",
                        required="seal/signature or register confirmation",
                        materiality=NON,
                        explanation="accepted by accept_unsigned_url_match",
                        subject=s,
                    ),
                ),
            )
        return CheckResult(
            Result.UNKNOWN,
            i,
            missing=(
                missing(
                    f"issuer confirmation of {s.credential_id} (an unsigned URL match is not accepted)",
                    f"{s.credential_id}.verification",
                    "issuer",
                ),
            ),
        )


def _no_verification(subject: CredentialRecord | None) -> CheckResult:
    cid = _cid(subject)
    if subject is not None and any(v.outcome in ("invalid", "mismatch") for v in subject.verification):
        # S1.integrity reports the failed verification; "none possible" beside it would contradict it.
        return CheckResult(Result.FAIL)
    unconfirmed = (
        next((v for v in subject.verification if v.outcome == "not_checked"), None) if subject else None
    )
    if unconfirmed is not None and subject is not None and subject.evidence_kind == "signed_credential":
        # A verifier ran but could not confirm it (e.g. an unresolvable key): say so, not "none possible".
        by = f" by {unconfirmed.checker}" if unconfirmed.checker else ""
        return CheckResult(
            Result.UNKNOWN,
            (ind("verification", f"{unconfirmed.method} not confirmed{by}"),),
            missing=(
                missing(
                    f"verification of the signed credential {cid} (it could not be confirmed{by})",
                    f"{cid}.verification",
                    "recognition_officer",
                ),
            ),
        )
    if subject is not None and subject.evidence_kind == "signed_credential":
        item = f"verification of the signed credential {cid} (no verifier has checked it yet)"
        supplier = "recognition_officer"
    else:
        item = f"issuer confirmation of {cid} (no accepted verification was possible)"
        supplier = "issuer"
    return CheckResult(
        Result.UNKNOWN,
        (ind("verification", "none possible"),),
        missing=(missing(item, f"{cid}.verification", supplier),),
    )


def s1() -> Standard:
    # Still version 1 (ADR 0530): every decision the rule passed before on a checked status is
    # reproduced byte for byte; where it passed on an unchecked one, replay now reports the
    # difference, as it should.
    r = ("S1", "1", Element.AUTHENTICITY)
    return Standard(
        "S1",
        "1",
        "Authenticity & integrity",
        Element.AUTHENTICITY,
        "credential",
        AllOf(
            NotRevoked("S1", "S1.revocation", *r[1:]),
            HolderIsApplicant("S1", "S1.holder", *r[1:]),
            NoFailedVerification("S1", "S1.integrity", *r[1:]),
            AnyOf(
                VerifiedBy(
                    "S1", "S1.signature", *r[1:], methods=("edc_seal", "ob3_signature", "vc_signature")
                ),
                VerifiedBy("S1", "S1.register", *r[1:], methods=("register_lookup",)),
                VerifiedBy("S1", "S1.url_match", *r[1:], methods=("url_match",), partial=True),
                otherwise=_no_verification,
            ),
        ),
    )


# ---------------------------------------------------------------- S2 completeness

CORE_FIELDS = (
    "title",
    "issuer",
    "issued_on",
    "learning_outcomes",
    "workload",
    "level",
    "assessment.type",
    "qa",
)
FAST_PATH_FIELDS = ("title", "issuer", "issued_on", "assessment.type", "qa", "spec_id")


def _present(s: CredentialRecord, name: str) -> bool:
    value: object = {
        "title": s.title,
        "issuer": s.issuer,
        "issued_on": s.issued_on,
        "learning_outcomes": s.learning_outcomes or None,
        "workload": s.workload
        if s.workload
        and (s.workload.hours is not None or (s.workload.credits is not None and s.workload.system))
        else None,
        "level": s.level if s.level and ((s.level.framework and s.level.value) or s.level.label) else None,
        "assessment.type": s.assessment_type,
        "qa": s.qa,
        "spec_id": s.spec_id,
    }[name]
    return value is not None


@dataclass(frozen=True)
class Complete(Rule):
    """S2 (§4.3; LRC 'adequate information'): the core descriptor set is present (D4.1 core elements, EU Annex I)."""

    fields: tuple[str, ...] = CORE_FIELDS

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        # A level an officer recorded for this credential fills the gap (§4.3 S2: missing items
        # "may be filled" from another source); S5 then reads that recorded level.
        recorded = any(a.credential_id == s.credential_id for a in ctx.case.level_assessments)
        absent = [f for f in self.fields if not _present(s, f) and not (f == "level" and recorded)]
        i = (ind("required", ", ".join(self.fields)), ind("absent", ", ".join(absent) or "none"))
        if not absent:
            return CheckResult(Result.PASS, i)
        return CheckResult(
            Result.UNKNOWN,
            i,
            missing=tuple(
                missing(f"{f} of {s.credential_id}", f"{s.credential_id}.{f}", "applicant or issuer")
                for f in absent
            ),
        )


def s2(fields: tuple[str, ...] = CORE_FIELDS) -> Standard:
    return Standard(
        "S2",
        "1",
        "Completeness (core descriptor set)",
        Element.PROCEDURE,
        "credential",
        Complete("S2", "S2.core_set", "1", Element.PROCEDURE, fields),
    )


# ---------------------------------------------------------------- S3 assessment & identity


@dataclass(frozen=True)
class AssessedAndSupervised(Rule):
    """S3 (§4.3; LRC element quality; EU Annex I supervision/identity): assessed, and supervised at least to ``min_supervision[purpose]``."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        purpose = ctx.case.purpose
        need = ctx.params.min_supervision.get(purpose, "supervised_no_id")
        i = (
            ind("assessment.type", s.assessment_type or "unknown"),
            ind("assessment.supervision", s.supervision or "unknown"),
            ind("required", need),
        )
        if s.assessment_type == "none_attendance":
            return CheckResult(
                Result.FAIL,
                i,
                (
                    self.finding(
                        "NO_ASSESSMENT",
                        observed="attendance only, no assessment",
                        required="assessed learning outcomes",
                        materiality=SUB,
                        explanation="an attendance certificate does not show that the outcomes were achieved, so it is not a micro-credential in the EU sense",
                        subject=s,
                        alternatives=("recognition of prior learning (RPL) assessment",),
                    ),
                ),
            )
        if s.assessment_type is None:
            return CheckResult(
                Result.UNKNOWN,
                i,
                missing=(
                    missing(
                        f"assessment type of {s.credential_id}",
                        f"{s.credential_id}.assessment.type",
                        "issuer",
                    ),
                ),
            )
        if s.supervision is None:
            return CheckResult(
                Result.UNKNOWN,
                i,
                missing=(
                    missing(
                        f"supervision and identity verification of {s.credential_id}'s assessment",
                        f"{s.credential_id}.assessment.supervision",
                        "issuer",
                    ),
                ),
            )
        if SUPERVISION_ORDER.index(s.supervision) >= SUPERVISION_ORDER.index(need):
            return CheckResult(Result.PASS, i)
        observed = f"{s.assessment_type}, {s.supervision}"
        if (
            purpose in EXEMPTION_LIKE
            and s.assessment_type == "auto_quiz"
            and s.supervision == "unsupervised_no_id"
        ):
            if ctx.params.challenge_exam_allowed:
                rem = Remedy(
                    "CHALLENGE_EXAM",
                    "pass a supervised, identity-checked challenge exam of the target component",
                )
                return CheckResult(
                    Result.FAIL,
                    i,
                    (
                        self.finding(
                            "UNSUPERVISED_AUTO_QUIZ",
                            observed=observed,
                            required=need,
                            materiality=REM,
                            explanation="an unsupervised automatic quiz cannot show who achieved the outcomes",
                            subject=s,
                            remedy=rem,
                        ),
                    ),
                )
            return CheckResult(
                Result.FAIL,
                i,
                (
                    self.finding(
                        "UNSUPERVISED_AUTO_QUIZ",
                        observed=observed,
                        required=need,
                        materiality=SUB,
                        explanation="an unsupervised automatic quiz cannot show who achieved the outcomes, and the agreement allows no challenge exam",
                        subject=s,
                        alternatives=("ELECTIVE_CREDIT", "recognition of prior learning (RPL) assessment"),
                    ),
                ),
            )
        rem = Remedy(
            "SUPERVISED_REASSESSMENT",
            f"a supervised assessment with identity verification ({need}) of the credential's outcomes",
        )
        result = Result.PARTIAL if purpose in EXEMPTION_LIKE else Result.FAIL
        return CheckResult(
            result,
            i,
            (
                self.finding(
                    "SUPERVISION_BELOW_MINIMUM",
                    observed=observed,
                    required=f"at least {need} for {purpose.value}",
                    materiality=REM,
                    explanation="without supervision and identity verification the assessment does not show who achieved the outcomes",
                    subject=s,
                    remedy=rem,
                ),
            ),
        )


def s3() -> Standard:
    return Standard(
        "S3",
        "1",
        "Assessment & identity",
        Element.QUALITY,
        "credential",
        AssessedAndSupervised("S3", "S3.min_supervision", "1", Element.QUALITY),
    )


# ---------------------------------------------------------------- S4 quality assurance


def _valid_at(valid_from: date | None, valid_until: date | None, on: date | None) -> bool:
    if on is None:
        return True
    return (valid_from is None or valid_from <= on) and (valid_until is None or on <= valid_until)


def _qa_body(q: QaStatement) -> str:
    """A QA body as a person knows it: the agency by name, its registry in brackets."""
    if q.agency and q.registry and q.registry not in q.agency:
        return f"{q.agency} ({q.registry})"
    return q.agency or q.registry or "unnamed"


@dataclass(frozen=True)
class QualityAssured(Rule):
    """Grades of the Nuffic micro-evaluator (e-Valuate QA criterion): strong, substantial, weak, none."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        accepted_regs = ctx.params.accepted_qa_registries
        if s.qa is None:
            return CheckResult(
                Result.UNKNOWN,
                (ind("issuer.qa", "unknown"),),
                missing=(
                    missing(
                        f"quality assurance of the issuer of {s.credential_id}",
                        f"{s.credential_id}.issuer.qa",
                        "issuer",
                    ),
                ),
            )
        accreditations = [q for q in s.qa if q.kind == "accreditation"]
        valid = [q for q in accreditations if _valid_at(q.valid_from, q.valid_until, s.issued_on)]
        accepted = [q for q in valid if q.registry in accepted_regs]
        shown = (
            "; ".join(f"{q.kind} {q.registry or '-'} {q.agency or ''} ({q.scope})".strip() for q in s.qa)
            or "none declared"
        )
        i = (
            ind("issuer.qa", shown),
            ind("mc_internal_qa", "unknown" if s.mc_internal_qa is None else s.mc_internal_qa),
            ind("accepted_qa_registries", ", ".join(accepted_regs)),
        )
        if accepted:
            if s.mc_internal_qa:
                return CheckResult(Result.PASS, (*i, ind("grade", "strong")))
            return CheckResult(
                Result.PASS_WITH_NOTE,
                (*i, ind("grade", "substantial")),
                (
                    self.finding(
                        "MC_OUTSIDE_INTERNAL_QA",
                        observed="accredited issuer; micro-credential not documented under internal QA",
                        required="micro-credential under the issuer's internal QA",
                        materiality=NON,
                        explanation="the issuer's external QA covers the institution",
                        subject=s,
                    ),
                ),
            )
        if valid and not any(q.registry or q.agency for q in valid):
            # An accreditation that names neither registry nor agency: only the issuer can say
            # which body accredited it (the officer cannot judge the standing of an unnamed body).
            return CheckResult(
                Result.UNKNOWN,
                (*i, ind("grade", "unestablished")),
                missing=(
                    missing(
                        f"name of the QA body (registry and agency) that accredits {s.credential_id}'s issuer",
                        f"{s.credential_id}.issuer.qa",
                        "issuer",
                    ),
                ),
            )
        if valid:
            regs = ", ".join(sorted({_qa_body(q) for q in valid}))
            return CheckResult(
                Result.UNKNOWN,
                (*i, ind("grade", "unestablished")),
                notes=(f"accreditation by {regs}, which is not among the accepted registries",),
                missing=(
                    missing(
                        f"standing of the QA body {regs} of {s.credential_id}'s issuer (or its addition to accepted_qa_registries)",
                        f"{s.credential_id}.issuer.qa",
                        "recognition_officer",
                    ),
                ),
            )
        notes = ("an accreditation was not valid on the issue date",) if accreditations else ()
        if any(q.kind in ("review", "endorsement") for q in s.qa):
            return CheckResult(
                Result.FAIL,
                (*i, ind("grade", "weak")),
                (
                    self.finding(
                        "QA_WEAK",
                        observed="reviews or endorsements only",
                        required="external QA by an accepted registry",
                        materiality=REM,
                        explanation="without external QA the standard of assessment is not established",
                        subject=s,
                        remedy=Remedy(
                            "RPL_ASSESSMENT",
                            "an assessment of the learning by the host under its RPL procedure",
                        ),
                    ),
                ),
                notes=notes,
            )
        return CheckResult(
            Result.FAIL,
            (*i, ind("grade", "none")),
            (
                self.finding(
                    "QA_NONE",
                    observed="no quality assurance",
                    required=f"external QA by {', '.join(accepted_regs)}",
                    materiality=SUB,
                    explanation="with no quality assurance at all, neither the outcomes nor the assessment can be trusted to meet the host's standard (quality element)",
                    subject=s,
                    alternatives=(
                        "recognition of prior learning (RPL) assessment",
                        "challenge exam of a relevant host course",
                    ),
                ),
            ),
            notes=notes,
        )


def s4() -> Standard:
    return Standard(
        "S4",
        "1",
        "Quality assurance",
        Element.QUALITY,
        "credential",
        QualityAssured("S4", "S4.qa_grade", "1", Element.QUALITY),
    )


# ---------------------------------------------------------------- S5 level


@dataclass(frozen=True)
class LevelAtLeast(Rule):
    """S5 (§4.3, §4.6 level map; LRC element level): reference level of the credential >= the target's, within ``level_tolerance``."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        t = ctx.case.target
        target_level = t.level or t.programme.level
        if target_level is None:
            return CheckResult(
                Result.UNKNOWN,
                missing=(missing("level of the target component", "target.level", "recognition_officer"),),
            )
        try:
            r_target = eqf_level_of(target_level, data=ctx.refdata)
        except MicrocredError as exc:
            return CheckResult(
                Result.UNKNOWN,
                missing=(
                    missing(
                        f"a level in a known framework for the target ({exc.message})",
                        "target.level",
                        "recognition_officer",
                    ),
                ),
            )
        officer = next((a for a in ctx.case.level_assessments if a.credential_id == s.credential_id), None)
        notes: list[str] = []
        inferred = False
        if officer is not None:
            level_text = officer.level
            notes.append(f"level recorded by {officer.actor}: {officer.justification}")
        elif s.level is not None and s.level.framework and s.level.value:
            level_text = f"{s.level.framework}:{s.level.value}"
            inferred = s.level.inferred
        elif s.level is None:
            return CheckResult(
                Result.UNKNOWN,
                missing=(missing(f"level of {s.credential_id}", f"{s.credential_id}.level", "issuer"),),
            )
        else:
            observed = str(s.level)
            return CheckResult(
                Result.FAIL,
                (ind("level", observed), ind("target_level", f"R{r_target} ({target_level})")),
                (
                    self.finding(
                        "LEVEL_NOT_REFERENCED",
                        observed=f"{observed}, not referenced to a qualifications framework",
                        required=f"a framework level of at least R{r_target}",
                        materiality=SUB,
                        explanation="a platform label says nothing comparable about the level of learning, so the level element cannot be shown to match",
                        subject=s,
                        alternatives=(
                            "the officer may record a level with a justification",
                            "recognition of prior learning (RPL) assessment",
                        ),
                    ),
                ),
            )
        try:
            r_source = eqf_level_of(level_text, data=ctx.refdata)
        except MicrocredError as exc:
            return CheckResult(
                Result.UNKNOWN,
                missing=(
                    missing(
                        f"a level of {s.credential_id} in a known framework ({exc.message})",
                        f"{s.credential_id}.level",
                        "issuer",
                    ),
                ),
            )
        tol = ctx.params.level_tolerance.get(ctx.case.purpose, 0)
        delta = r_source - r_target
        i = (
            ind("level", f"R{r_source} ({level_text}{', inferred' if inferred else ''})"),
            ind("target_level", f"R{r_target} ({target_level})"),
            ind("delta", delta),
            ind("level_tolerance", tol),
            ind("level_map", f"qualification-frameworks {ctx.refdata.frameworks_version}"),
        )
        if delta < -tol:
            return CheckResult(
                Result.FAIL,
                i,
                (
                    self.finding(
                        "LEVEL_BELOW_TARGET",
                        observed=f"R{r_source} ({level_text})",
                        required=f"R{r_target} ({target_level})",
                        materiality=SUB,
                        explanation=f"learning at reference level {r_source} does not prepare for study at level {r_target}; a good content match does not cure a level gap",
                        subject=s,
                        alternatives=(
                            f"recognition towards a component at level R{r_source} or below (e.g. electives of a programme at that level)",
                        ),
                    ),
                ),
                notes=tuple(notes),
            )
        if inferred or delta < 0:
            f = self.finding(
                "LEVEL_INFERRED" if inferred else "LEVEL_WITHIN_TOLERANCE",
                observed=f"R{r_source} ({level_text}{', inferred' if inferred else ''})",
                required=f"R{r_target}",
                materiality=NON,
                explanation="inferred level: the officer confirms it"
                if inferred
                else f"within level_tolerance {tol}",
                subject=s,
            )
            return CheckResult(Result.PASS_WITH_NOTE, i, (f,), notes=tuple(notes))
        return CheckResult(Result.PASS, i, notes=tuple(notes))


def s5() -> Standard:
    return Standard(
        "S5",
        "1",
        "Level",
        Element.LEVEL,
        "credential",
        LevelAtLeast("S5", "S5.reference_level", "1", Element.LEVEL),
    )


# ---------------------------------------------------------------- S6 workload


@dataclass(frozen=True)
class WorkloadAdequate(Rule):
    """S6 (§4.3, §4.6; LRC element workload): ρ = hours_source / hours_target, or creditable units for elective credit."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        purpose = ctx.case.purpose
        if purpose is Purpose.ADMISSION:
            return CheckResult(Result.NOT_APPLICABLE, notes=("workload does not drive admission",))
        m = measure_workload(ctx)
        if m is None:
            return CheckResult(
                Result.UNKNOWN,
                missing=tuple(
                    missing(
                        f"workload of {c.credential_id}", f"{c.credential_id}.workload", "applicant or issuer"
                    )
                    for c in ctx.case.credentials
                    if not _present(c, "workload")
                ),
            )
        p = ctx.params
        if purpose is Purpose.ELECTIVE_CREDIT:
            credits, _steps = elective_credits(ctx)
            i: tuple[Indicator, ...] = (
                ind("hours", fmt(m.source_hours)),
                ind("credits", f"{fmt(credits)} {ctx.case.target.credit_system}"),
                ind("min_creditable_unit", fmt(p.min_creditable_unit)),
            )
            if credits < p.min_creditable_unit:
                return CheckResult(
                    Result.FAIL,
                    i,
                    (
                        self.finding(
                            "BELOW_MIN_CREDITABLE_UNIT",
                            observed=f"{fmt(m.source_hours)} h = {fmt(credits)} {ctx.case.target.credit_system} after rounding",
                            required=f"at least {fmt(p.min_creditable_unit)} {ctx.case.target.credit_system}",
                            materiality=SUB,
                            explanation="the volume of learning is too small to be worth any credit in the host system",
                            alternatives=(
                                "recognition of prior learning (RPL) assessment",
                                "challenge exam of a relevant host course",
                            ),
                        ),
                    ),
                )
            return CheckResult(Result.PASS, i)
        if m.ratio is None:
            return CheckResult(
                Result.UNKNOWN,
                missing=(
                    missing(
                        "credits or hours of the target component", "target.credits", "recognition_officer"
                    ),
                ),
            )
        rho = m.ratio
        i = (
            ind("source_hours", fmt(m.source_hours)),
            ind("target_hours", fmt(m.target_hours)),
            ind("rho", fmt(rho)),
            ind("thresholds", f"full {fmt(p.workload_full)}, partial {fmt(p.workload_partial)}"),
        )
        if rho >= p.workload_full:
            if rho < 1:
                pct = fmt(round((1 - rho) * 100))
                f = self.finding(
                    "WORKLOAD_LOWER",
                    observed=f"{fmt(m.source_hours)} h ({pct} % lower)",
                    required=f"{fmt(m.target_hours)} h",
                    materiality=NON,
                    explanation=f"ρ {fmt(rho)} >= {fmt(p.workload_full)}",
                )
                return CheckResult(Result.PASS_WITH_NOTE, i, (f,))
            return CheckResult(Result.PASS, i)
        if rho >= p.workload_partial:
            f = self.finding(
                "WORKLOAD_PARTIAL",
                observed=f"{fmt(m.source_hours)} h",
                required=f"{fmt(m.target_hours)} h",
                materiality=NON,
                explanation="part of the component is recognised in proportion; the difference concerns only the remainder, which is not awarded",
                remedy=Remedy(
                    "SUPPLEMENTARY_EXAM",
                    f"complete the remaining workload by a {_remedy(ctx, 'SUPPLEMENTARY_EXAM')} or module",
                ),
            )
            return CheckResult(Result.PARTIAL, i, (f,))
        return CheckResult(
            Result.FAIL,
            i,
            (
                self.finding(
                    "WORKLOAD_TOO_SMALL",
                    observed=f"{fmt(m.source_hours)} h (ρ {fmt(rho)})",
                    required=f"ρ >= {fmt(p.workload_partial)} of {fmt(m.target_hours)} h",
                    materiality=SUB,
                    explanation="less than half of the component's workload cannot replace it",
                    alternatives=("ELECTIVE_CREDIT",),
                ),
            ),
        )


def s6() -> Standard:
    return Standard(
        "S6",
        "1",
        "Workload",
        Element.WORKLOAD,
        "case",
        WorkloadAdequate("S6", "S6.ratio", "1", Element.WORKLOAD),
    )


# ---------------------------------------------------------------- S7 learning outcomes


@dataclass(frozen=True)
class OutcomesCovered(Rule):
    """S7 (§4.3, §8; LRC element learning outcomes): κ over the target outcomes from the confirmed matrix."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        purpose = ctx.case.purpose
        t = ctx.case.target
        if purpose in (Purpose.ELECTIVE_CREDIT, Purpose.ADMISSION) and not t.learning_outcomes:
            return CheckResult(
                Result.NOT_APPLICABLE, notes=("no target outcomes: relevance is judged by S8",)
            )
        if not t.learning_outcomes:
            return CheckResult(
                Result.UNKNOWN,
                missing=(
                    missing(
                        "learning outcomes of the target component",
                        "target.learning_outcomes",
                        "recognition_officer",
                    ),
                ),
            )
        m = measure_coverage(ctx)
        if m is None:
            return CheckResult(
                Result.UNKNOWN,
                missing=(
                    missing(
                        "the learning-outcome matrix confirmed by the academic reviewer",
                        "lo_matrix",
                        "academic_reviewer",
                    ),
                ),
            )
        if m.unreviewed:
            return CheckResult(
                Result.UNKNOWN,
                (ind("unreviewed", ", ".join(m.unreviewed)),),
                missing=(
                    missing(
                        f"reviewer's decision on target outcomes {', '.join(m.unreviewed)}",
                        "lo_matrix.rows",
                        "academic_reviewer",
                    ),
                ),
                notes=m.notes,
            )
        p = ctx.params
        k = m.kappa
        lines = "; ".join(
            f"{ln.target_lo}={ln.coverage.value}" + (f" [{', '.join(ln.sources)}]" if ln.sources else "")
            for ln in m.lines
        )
        reviewer = ctx.case.lo_matrix.reviewer if ctx.case.lo_matrix else None
        i = (
            ind("matrix", lines),
            ind("kappa", fmt(k)),
            ind("thresholds", f"full {fmt(p.lo_full)}, partial {fmt(p.lo_partial)}"),
            ind("confirmed_by", reviewer or "row actors"),
        )
        notes = m.notes + tuple(
            f"{ln.target_lo}: {ln.note}" for ln in m.lines if ln.note and ln.note.startswith("Bloom")
        )
        not_full = tuple(ln.target_lo for ln in m.lines if ln.coverage is not Coverage.FULL)
        if k >= p.lo_full:
            if not_full:
                f = self.finding(
                    "LO_NOT_ALL_COVERED",
                    observed=f"κ {fmt(k)}; not fully covered: {', '.join(not_full)}",
                    required=f"κ >= {fmt(p.lo_full)}",
                    materiality=NON,
                    explanation="outcomes are compatible, not identical (ECTS Users' Guide)",
                )
                return CheckResult(Result.PASS_WITH_NOTE, i, (f,), notes=notes)
            return CheckResult(Result.PASS, i, notes=notes)
        if k >= p.lo_partial and purpose in EXEMPTION_LIKE:
            uncovered = [ln.target_lo for ln in m.lines if ln.coverage is Coverage.NONE]
            partly = [ln.target_lo for ln in m.lines if ln.coverage is Coverage.PARTIAL]
            gaps = (f"; not covered: {', '.join(uncovered)}" if uncovered else "") + (
                f"; partly covered: {', '.join(partly)}" if partly else ""
            )
            f = self.finding(
                "LO_PARTIAL",
                observed=f"κ {fmt(k)}{gaps}",
                required=f"κ >= {fmt(p.lo_full)}",
                materiality=NON,
                explanation="the covered part is recognised; the uncovered outcomes form the remainder, completed by a supplementary assessment",
                remedy=Remedy(
                    "SUPPLEMENTARY_EXAM",
                    f"{_remedy(ctx, 'SUPPLEMENTARY_EXAM')} on {', '.join(not_full)}",
                    not_full,
                ),
            )
            return CheckResult(Result.PARTIAL, i, (f,), notes=notes)
        if purpose in EXEMPTION_LIKE:
            return CheckResult(
                Result.FAIL,
                i,
                (
                    self.finding(
                        "LO_COVERAGE_TOO_LOW",
                        observed=f"κ {fmt(k)}",
                        required=f"κ >= {fmt(p.lo_partial)}",
                        materiality=SUB,
                        explanation="fewer than half of the component's outcomes are shown, so the learner would lack most of what the component teaches",
                        alternatives=("ELECTIVE_CREDIT",),
                    ),
                ),
                notes=notes,
            )
        return CheckResult(Result.PASS_WITH_NOTE, i, notes=(*notes, "low coverage does not bar this purpose"))


def s7() -> Standard:
    return Standard(
        "S7",
        "1",
        "Learning outcomes",
        Element.LEARNING_OUTCOMES,
        "case",
        OutcomesCovered("S7", "S7.coverage", "1", Element.LEARNING_OUTCOMES),
    )


# ---------------------------------------------------------------- S8 profile


@dataclass(frozen=True)
class FieldRelevant(Rule):
    """S8 (§4.3; LRC element profile): ISCED-F field coherent with the programme (elective credit; cf. DM 931/2024)."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        if ctx.case.purpose is not Purpose.ELECTIVE_CREDIT:
            return CheckResult(
                Result.NOT_APPLICABLE, notes=("relevance is implied by the outcome comparison (S7)",)
            )
        related = ctx.case.target.programme.related_fields
        results: list[CheckResult] = []
        for s in ctx.case.credentials:
            f = s.field_of_study
            i = (
                ind(f"field_of_study[{s.credential_id}]", f or "unknown"),
                ind("related_fields", ", ".join(related) or "any"),
            )
            if f is None:
                results.append(
                    CheckResult(
                        Result.UNKNOWN,
                        i,
                        missing=(
                            missing(
                                f"ISCED-F field of {s.credential_id}",
                                f"{s.credential_id}.field_of_study",
                                "issuer",
                            ),
                        ),
                    )
                )
            elif not related:
                results.append(
                    CheckResult(Result.PASS, i, notes=("the programme accepts free electives of any field",))
                )
            elif any(len(r) >= 3 and f[:3] == r[:3] for r in related):
                results.append(CheckResult(Result.PASS, i))
            elif any(f[:2] == r[:2] for r in related):
                results.append(
                    CheckResult(
                        Result.PASS_WITH_NOTE,
                        i,
                        (
                            self.finding(
                                "SAME_BROAD_FIELD",
                                observed=f,
                                required=", ".join(related),
                                materiality=NON,
                                explanation="same broad field; the officer confirms coherence with the programme's objectives",
                                subject=s,
                            ),
                        ),
                    )
                )
            else:
                results.append(
                    CheckResult(
                        Result.FAIL,
                        i,
                        (
                            self.finding(
                                "FIELD_UNRELATED",
                                observed=f,
                                required=", ".join(related),
                                materiality=SUB,
                                explanation="credit in an unrelated field is not coherent with the programme's learning objectives",
                                subject=s,
                                alternatives=("free-elective credit in a programme that allows any field",),
                            ),
                        ),
                    )
                )
        return AllOf(*[_Fixed(r) for r in results]).evaluate(ctx, None)


@dataclass(frozen=True)
class _Fixed:
    value: CheckResult

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        return self.value


def s8() -> Standard:
    return Standard(
        "S8",
        "1",
        "Profile / relevance",
        Element.PROFILE,
        "case",
        FieldRelevant("S8", "S8.isced_field", "1", Element.PROFILE),
    )


# ---------------------------------------------------------------- S9 currency


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@dataclass(frozen=True)
class Current(Rule):
    """S9 (§4.3; recency, §3.7): not past ``valid_until``, not older than ``max_age_years`` (per-field override)."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        on = ctx.case.decision_date
        max_age = ctx.params.max_age_for(s.field_of_study)
        if s.issued_on is None:
            return CheckResult(
                Result.UNKNOWN,
                missing=(
                    missing(f"issue date of {s.credential_id}", f"{s.credential_id}.issued_on", "issuer"),
                ),
            )
        days = (on - s.issued_on).days
        age = Fraction(days * 100, 36525)
        i = (
            ind("issued_on", s.issued_on.isoformat()),
            ind("valid_until", s.valid_until.isoformat() if s.valid_until else "none"),
            ind("decision_date", on.isoformat()),
            ind("age_years", fmt(round(age, 2))),
            ind("max_age_years", max_age),
        )
        if days < 0:
            return CheckResult(
                Result.UNKNOWN,
                i,
                missing=(
                    missing(
                        f"confirmation of the issue date of {s.credential_id} (after the decision date)",
                        f"{s.credential_id}.issued_on",
                        "issuer",
                    ),
                ),
            )
        remedy = Remedy(
            "CURRENCY_ASSESSMENT", "pass a host assessment of the current content by the agreed deadline"
        )
        if s.valid_until is not None and s.valid_until < on:
            return CheckResult(
                Result.FAIL,
                i,
                (
                    self.finding(
                        "EXPIRED",
                        observed=f"valid until {s.valid_until.isoformat()}",
                        required=f"valid on {on.isoformat()}",
                        materiality=REM,
                        explanation="the issuer limited validity because the content dates",
                        subject=s,
                        remedy=remedy,
                    ),
                ),
            )
        if on > _add_years(s.issued_on, max_age):
            return CheckResult(
                Result.FAIL,
                i,
                (
                    self.finding(
                        "TOO_OLD",
                        observed=f"{fmt(round(age, 2))} years",
                        required=f"at most {max_age} years",
                        materiality=REM,
                        explanation="the learning may be out of date",
                        subject=s,
                        remedy=remedy,
                    ),
                ),
            )
        return CheckResult(Result.PASS, i)


def s9() -> Standard:
    return Standard(
        "S9",
        "1",
        "Currency / validity",
        Element.QUALITY,
        "credential",
        Current("S9", "S9.age_validity", "1", Element.QUALITY),
    )


# ---------------------------------------------------------------- S10 result


@dataclass(frozen=True)
class Passed(Rule):
    """S10 (§4.3; §3.7 'only passed modules transfer'): the result is a pass."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        s = _need(subject)
        i = (
            ind("result.passed", "unknown" if s.passed is None else s.passed),
            ind("result.grade", f"{s.grade or '-'} ({s.grade_scale or '-'})"),
        )
        if s.passed is None:
            return CheckResult(
                Result.UNKNOWN,
                i,
                missing=(
                    missing(
                        f"result (passed or not) of {s.credential_id}",
                        f"{s.credential_id}.result.passed",
                        "issuer",
                    ),
                ),
            )
        if not s.passed:
            return CheckResult(
                Result.FAIL,
                i,
                (
                    self.finding(
                        "NOT_PASSED",
                        observed="not passed",
                        required="passed",
                        materiality=SUB,
                        explanation="only achieved (passed) learning can be recognised",
                        subject=s,
                        alternatives=("complete the micro-credential and apply again",),
                    ),
                ),
            )
        return CheckResult(Result.PASS, i)


def s10() -> Standard:
    return Standard(
        "S10", "1", "Result", Element.QUALITY, "credential", Passed("S10", "S10.passed", "1", Element.QUALITY)
    )


# ---------------------------------------------------------------- S11 policy


@dataclass(frozen=True)
class WithinPolicy(Rule):
    """Caps, consumption ledger and stack rules (§4.3 S11; not an LRC element, a regulation)."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        case = ctx.case
        p = ctx.params
        results: list[CheckResult] = []
        consumed = [c.credential_id for c in case.credentials if c.credential_id in case.ledger.consumed]
        i_consumed = ind("already_consumed", ", ".join(consumed) or "none")
        if consumed:
            results.append(
                CheckResult(
                    Result.FAIL,
                    (i_consumed,),
                    (
                        self.finding(
                            "ALREADY_CONSUMED",
                            observed=f"{', '.join(consumed)} already recognised in {case.ledger.programme_id}",
                            required="each credential recognised once per programme",
                            materiality=SUB,
                            explanation="a regulatory rule, not an LRC difference: the same learning cannot be counted twice",
                            element=Element.POLICY,
                        ),
                    ),
                )
            )
        else:
            results.append(CheckResult(Result.PASS, (i_consumed,)))
        n = len(case.credentials)
        if n > 1:
            i = (ind("stack_components", n), ind("max_stack_components", p.max_stack_components))
            if n > p.max_stack_components:
                results.append(
                    CheckResult(
                        Result.FAIL,
                        i,
                        (
                            self.finding(
                                "STACK_TOO_LARGE",
                                observed=f"{n} components",
                                required=f"at most {p.max_stack_components}",
                                materiality=SUB,
                                explanation="a regulatory rule of the agreement: the stack has more components than allowed",
                                element=Element.POLICY,
                            ),
                        ),
                    )
                )
            else:
                results.append(CheckResult(Result.PASS, i))
        results.append(self._cap(ctx))
        return AllOf(*[_Fixed(r) for r in results]).evaluate(ctx, None)

    def _cap(self, ctx: Context) -> CheckResult:
        case = ctx.case
        p = ctx.params
        key = case.target.programme.cap_key
        system = case.target.credit_system
        grant = ctx.grant
        if case.purpose is Purpose.ADMISSION or grant is None:
            return CheckResult(Result.NOT_APPLICABLE, notes=("no credits are granted, so no cap applies",))
        if key is None or key not in p.caps:
            return CheckResult(
                Result.PASS,
                (ind("cap", "none configured" if key is None else f"{key}: not in the agreement"),),
            )
        pos = cap_position(ctx)
        if pos is None:
            return CheckResult(
                Result.UNKNOWN,
                missing=(
                    missing(
                        "minimum volume of the host programme (cap base)",
                        "target.programme.min_volume",
                        "recognition_officer",
                    ),
                ),
            )
        cap, limit, rule, prior, remaining = pos.cap, pos.limit, pos.rule, pos.prior, pos.remaining
        i = (
            ind("cap", f"{key}: {rule} {system}"),
            ind("cap_category", cap.category),
            ind("prior_recognised", f"{fmt(prior)} {system}"),
            ind("requested_now", f"{fmt(grant)} {system}"),
            ind("remaining", f"{fmt(remaining)} {system}"),
        )
        if prior + grant <= limit:
            return CheckResult(Result.PASS, i)
        if case.purpose is Purpose.ELECTIVE_CREDIT:
            allowed = pos.allowed(p.round_rule.step)
            if allowed >= p.min_creditable_unit and allowed > 0:
                return CheckResult(
                    Result.PARTIAL,
                    (*i, ind("allowed", f"{fmt(allowed)} {system}")),
                    (
                        self.finding(
                            "CAP_REACHED",
                            observed=f"{fmt(prior)} + {fmt(grant)} > {fmt(limit)}",
                            required=f"at most {fmt(limit)} {system} ({cap.category})",
                            materiality=NON,
                            explanation="credit is divisible: the part within the cap is recognised, the excess is refused",
                            element=Element.POLICY,
                        ),
                    ),
                )
        return CheckResult(
            Result.FAIL,
            i,
            (
                self.finding(
                    "CAP_EXCEEDED",
                    observed=f"{fmt(prior)} + {fmt(grant)} > {fmt(limit)} {system}",
                    required=f"at most {fmt(limit)} {system} recognised ({cap.category})",
                    materiality=SUB,
                    explanation="a regulatory cap, not an LRC difference: "
                    + (
                        "an exemption is indivisible and would exceed the cap"
                        if case.purpose is not Purpose.ELECTIVE_CREDIT
                        else "no creditable unit remains within the cap"
                    ),
                    element=Element.POLICY,
                    alternatives=("take the component at the host",),
                ),
            ),
        )


@dataclass(frozen=True)
class CapPosition:
    """Where the learner stands against the programme's cap (§4.3 S11, §6.9 ledger)."""

    cap: Cap
    limit: Decimal
    rule: str
    prior: Decimal
    remaining: Decimal

    def allowed(self, step: Decimal) -> Decimal:
        """What may still be granted, on the credit grid, never above the cap (FLOOR)."""
        return RoundRule("FLOOR", step).apply(to_fraction(self.remaining))


def cap_position(ctx: Context) -> CapPosition | None:
    """The cap that applies to the target programme, or ``None`` when its base is unknown."""
    case = ctx.case
    key = case.target.programme.cap_key
    if key is None or key not in ctx.params.caps:
        return None
    cap = ctx.params.caps[key]
    if cap.type == "share_of_min_volume":
        mv = case.target.programme.min_volume
        if mv is None:
            return None
        limit = cap.value * mv
        rule = f"{fmt(cap.value)} x {fmt(mv)} = {fmt(limit)}"
    else:
        limit = cap.value
        rule = f"{fmt(limit)} ({cap.category})"
    prior = case.ledger.prior(cap.category)
    return CapPosition(cap, limit, rule, prior, max(limit - prior, Decimal(0)))


def s11() -> Standard:
    return Standard(
        "S11",
        "1",
        "Policy constraints",
        Element.POLICY,
        "case",
        WithinPolicy("S11", "S11.caps_ledger_stack", "1", Element.POLICY),
    )


def full_profile() -> Profile:
    """§4.5 steps 1-7 (S11 runs after the credits are known, step 8)."""
    return Profile(s2(), s1(), s10(), s3(), s4(), s5(), s6(), s7(), s8(), s9())


def fast_path_profile() -> Profile:
    """§4.5 step 5: a valid pre-approved equivalence skips S5-S8; S1, S3, S4, S9, S10 stay individual."""
    return Profile(s2(FAST_PATH_FIELDS), s1(), s10(), s3(), s4(), s9())


SKIPPED_ON_FAST_PATH = (s5, s6, s7, s8)
