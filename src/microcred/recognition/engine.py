"""The deterministic decision procedure (recognition.md §4.5) and the precedence of §4.4.

``decide`` evaluates every standard (the rationale is complete even when an early gate
decides), then applies the precedence:

1. an authenticity failure (S1 FAIL)                 -> NOT_RECOGNISED, integrity flag
2. missing information (any UNKNOWN with items)      -> PENDING_INFORMATION
3. a SUBSTANTIAL finding                             -> NOT_RECOGNISED with the differences
4. a REMEDIABLE finding                              -> CONDITIONAL + ``on_condition_met``
5. a PARTIAL of S6/S7/S11                            -> PARTIAL (reason LO_COVERAGE/WORKLOAD/POLICY_CAP)
6. otherwise                                         -> FULL

(ADR 0502 explains why an authenticity failure precedes the completeness gate.) No weighted
score exists; ``Decision`` refuses construction of a refusal without a substantial finding.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from microcred.errors import InputError
from microcred.recognition.agreements import PreApproved, ResolvedAgreement
from microcred.recognition.context import Context
from microcred.recognition.credits import compute_credits
from microcred.recognition.policy import ind
from microcred.recognition.standards import (
    SKIPPED_ON_FAST_PATH,
    CapPosition,
    cap_position,
    fast_path_profile,
    full_profile,
    s11,
)
from microcred.recognition.text import msg
from microcred.recognition.values import (
    Award,
    Case,
    Condition,
    CreditComputation,
    Decision,
    Finding,
    Indicator,
    Materiality,
    MissingItem,
    Outcome,
    Purpose,
    Remedy,
    Result,
    StandardResult,
)
from microcred.reference import ReferenceData, reference_data

ENGINE_VERSION = "crm-engine 1.0.0"


def find_pre_approved(case: Case, agreement: ResolvedAgreement) -> PreApproved | None:
    """A pre-approved equivalence valid on the decision date whose source specs are exactly the case's."""
    specs = sorted(c.spec_id or "" for c in case.credentials)
    for e in agreement.parameters.pre_approved:
        if (
            e.target_component_id == case.target.id
            and sorted(e.source_spec_ids) == specs
            and e.valid_on(case.decision_date)
            and e.credit_system == case.target.credit_system
        ):
            return e
    return None


def _dedupe(items: list[MissingItem]) -> tuple[MissingItem, ...]:
    seen: dict[tuple[str, str], MissingItem] = {}
    for m in items:
        seen.setdefault((m.item, m.where), m)
    return tuple(seen.values())


def _grade(case: Case, agreement: ResolvedAgreement) -> tuple[Indicator, ...]:
    out: list[Indicator] = []
    for c in case.credentials:
        if c.grade is None:
            out.append(ind(c.credential_id, msg("grade.pass_no_grade")))
            continue
        table = next(
            (
                g
                for g in agreement.parameters.grade_tables
                if g.from_scale == c.grade_scale
                and (case.target.grade_scale in (None, g.to_scale))
                and c.grade in g.entries
            ),
            None,
        )
        if table is None:
            out.append(
                ind(
                    c.credential_id,
                    msg("grade.not_converted", grade=c.grade, value=c.grade_scale or "scale not stated"),
                )
            )
        else:
            mark = " [illustrative table, to be agreed by the partners]" if table.illustrative else ""
            out.append(
                ind(
                    c.credential_id,
                    msg(
                        "grade.converted",
                        grade=c.grade,
                        from_scale=table.from_scale,
                        value=table.entries[c.grade],
                        to_scale=table.to_scale,
                        mark=mark,
                    ),
                )
            )
    return tuple(out)


def decide(
    case: Case,
    agreement: ResolvedAgreement,
    *,
    refdata: ReferenceData | None = None,
) -> Decision:
    """The PROPOSED decision for ``case`` under ``agreement`` (recognition.md §4.5)."""
    refdata = refdata or reference_data()
    pre = find_pre_approved(case, agreement)
    ctx = Context(case, agreement, refdata, pre)
    results: list[StandardResult] = []
    if pre is not None:
        for standard in fast_path_profile().standards:
            results.extend(standard.evaluate(ctx))
        for make in SKIPPED_ON_FAST_PATH:
            results.extend(
                make().skipped(
                    ctx,
                    msg(
                        "note.pre_approved", id=pre.id, ref=agreement.ref, value=pre.evidence or "not stated"
                    ),
                )
            )
    else:
        for standard in full_profile().standards:
            results.extend(standard.evaluate(ctx))
    credits = compute_credits(ctx)
    partial_reasons = _partial_reasons(results)
    grant = credits.awarded_if_partial if partial_reasons else credits.awarded_if_full
    s11_results = s11().evaluate(replace(ctx, grant=grant))
    results.extend(s11_results)
    results = apply_overrides(case, agreement, results)
    order = {f"S{i}": i for i in range(1, 12)}
    results.sort(key=lambda r: (order[r.standard], r.subject))
    return _decide(case, agreement, tuple(results), credits, cap_position(ctx))


def apply_overrides(
    case: Case, agreement: ResolvedAgreement, results: list[StandardResult]
) -> list[StandardResult]:
    """Apply the officer's reclassifications (§4.3 design notes): justified, four-eyes where required.

    Authenticity findings cannot be reclassified (ask the issuer instead); an override that
    matches no finding is an input error, because it shows a misunderstanding of the case.
    """
    used: set[int] = set()
    out: list[StandardResult] = []
    for r in results:
        kept: list[Finding] = []
        waiting: list[MissingItem] = []
        for f in r.findings:
            hit = next(
                (
                    (i, o)
                    for i, o in enumerate(case.overrides)
                    if o.standard == f.standard and o.code == f.code and o.subject in (None, f.subject)
                ),
                None,
            )
            if hit is None:
                kept.append(f)
                continue
            i, o = hit
            used.add(i)
            where = f"overrides[{i}]"
            if f.standard == "S1":
                raise InputError(msg("error.override.authenticity"), where=where)
            if agreement.four_eyes and (not o.approved_by or o.approved_by == o.actor):
                waiting.append(
                    MissingItem(
                        msg("missing.apply_overrides", target=o.target),
                        where,
                        "recognition_officer",
                    )
                )
                kept.append(f)
                continue
            remedy = o.remedy or f.remedy
            if o.materiality is Materiality.REMEDIABLE and remedy is None:
                raise InputError(msg("error.override.remedy_needed"), where=where)
            kept.append(
                replace(
                    f,
                    materiality=o.materiality,
                    remedy=remedy,
                    explanation=o.justification
                    if o.materiality is Materiality.SUBSTANTIAL
                    else f.explanation,
                    override=replace(o, previous=f.materiality),
                )
            )
        out.append(replace(r, findings=tuple(kept), missing=r.missing + tuple(waiting)))
    for i, o in enumerate(case.overrides):
        if i not in used:
            raise InputError(msg("error.override.no_finding", target=o.target), where=f"overrides[{i}]")
    return out


def _partial_reasons(results: list[StandardResult]) -> list[str]:
    reasons = []
    for r in results:
        if r.result is Result.PARTIAL:
            if r.standard == "S7":
                reasons.append("LO_COVERAGE")
            elif r.standard == "S6":
                reasons.append("WORKLOAD")
            elif r.standard == "S11":
                reasons.append("POLICY_CAP")
    return sorted(set(reasons))


def _award(
    case: Case,
    agreement: ResolvedAgreement,
    results: tuple[StandardResult, ...],
    credits: CreditComputation,
    pos: CapPosition | None,
    step: Decimal,
) -> Award:
    reasons = _partial_reasons(list(results))
    system = credits.credit_system
    if not reasons:
        return Award(Outcome.FULL, case.purpose, credits.awarded_if_full, system)
    amount = credits.awarded_if_partial
    if "POLICY_CAP" in reasons and pos is not None:
        cap_amount = pos.allowed(step)
        amount = cap_amount if amount is None else min(amount, cap_amount)
    remainder = None
    if credits.requested is not None and amount is not None and amount < credits.requested:
        scope: tuple[str, ...] = ()
        for r in results:
            for f in r.findings:
                if f.code == "LO_PARTIAL" and f.remedy is not None:
                    scope = f.remedy.scope
        if "POLICY_CAP" in reasons and case.purpose is Purpose.ELECTIVE_CREDIT:
            remainder = Remedy("NOT_AWARDED", msg("remedy.NOT_AWARDED"), (), credits.requested - amount)
        else:
            name = agreement.remedy_name("SUPPLEMENTARY_EXAM", case.target.institution.country)
            what = (
                msg("remedy.SUPPLEMENTARY_EXAM.outcomes", name=name, value=", ".join(scope))
                if scope
                else msg("remedy.SUPPLEMENTARY_EXAM.workload", name=name)
            )
            remainder = Remedy("SUPPLEMENTARY_EXAM", what, scope, credits.requested - amount)
    return Award(Outcome.PARTIAL, case.purpose, amount, system, tuple(reasons), remainder)


def _decide(
    case: Case,
    agreement: ResolvedAgreement,
    results: tuple[StandardResult, ...],
    credits: CreditComputation,
    pos: CapPosition | None,
) -> Decision:
    findings = [f for r in results for f in r.findings]
    procedure = agreement.procedure
    appeal_deadline = case.decision_date + timedelta(days=procedure.appeal_deadline_days)
    extra = (
        ind(
            "appeal",
            msg(
                "indicator.appeal",
                appeal_body=procedure.appeal_body,
                appeal_deadline_days=procedure.appeal_deadline_days,
                value=appeal_deadline.isoformat(),
            ),
        ),
    )

    def make(
        outcome: Outcome,
        *,
        award: Award | None = None,
        conditions: tuple[Condition, ...] = (),
        on_condition_met: Award | None = None,
        missing: tuple[MissingItem, ...] = (),
        refusal_grounds: tuple[str, ...] = (),
        alternatives: tuple[str, ...] = (),
        consumes: tuple[str, ...] = (),
        cap_effect: tuple[Indicator, ...] = (),
        information_deadline: date | None = None,
        integrity_flag: bool = False,
    ) -> Decision:
        return Decision(
            case_id=case.case_id,
            outcome=outcome,
            purpose=case.purpose,
            award=award,
            conditions=conditions,
            on_condition_met=on_condition_met,
            missing=missing,
            standards=results,
            credits=credits,
            refusal_grounds=refusal_grounds,
            alternatives=alternatives,
            grade=_grade(case, agreement),
            consumes=consumes,
            cap_effect=cap_effect,
            agreement_notes=agreement.notes,
            information_deadline=information_deadline,
            integrity_flag=integrity_flag,
            extra=extra,
        )

    auth = [
        f
        for r in results
        if r.standard == "S1" and r.result is Result.FAIL
        for f in r.findings
        if f.materiality is Materiality.SUBSTANTIAL
    ]
    if auth:
        return make(
            Outcome.NOT_RECOGNISED,
            refusal_grounds=("AUTHENTICITY_FAILED",),
            alternatives=(msg("alternative.decide"),),
            integrity_flag=True,
        )
    missing = _dedupe([m for r in results for m in r.missing])
    if missing:
        return make(
            Outcome.PENDING_INFORMATION,
            missing=missing,
            information_deadline=case.decision_date + timedelta(days=procedure.information_request_days),
        )
    substantial = [f for f in findings if f.materiality is Materiality.SUBSTANTIAL]
    if substantial:
        return make(
            Outcome.NOT_RECOGNISED,
            refusal_grounds=tuple(sorted({f.element.value for f in substantial})),
            alternatives=tuple(dict.fromkeys(a for f in substantial for a in f.alternatives)),
        )
    award = _award(case, agreement, results, credits, pos, agreement.parameters.round_rule.step)
    consumes = (
        tuple(c.credential_id for c in case.credentials) if case.purpose is not Purpose.ADMISSION else ()
    )
    cap_effect = _cap_effect(pos, award)
    remediable = [f for f in findings if f.materiality is Materiality.REMEDIABLE]
    if remediable:
        deadline = case.decision_date + timedelta(days=procedure.condition_deadline_days)
        conditions = tuple(
            Condition(
                type=f.remedy.type if f.remedy else "REMEDY",
                description=f.remedy.description if f.remedy else f.explanation,
                scope=(f.subject,) if f.subject else (),
                deadline=deadline,
                from_finding=f"{f.rule_id}:{f.code}",
            )
            for f in remediable
        )
        return make(
            Outcome.CONDITIONAL,
            conditions=conditions,
            on_condition_met=award,
            consumes=consumes,
            cap_effect=cap_effect,
        )
    return make(award.outcome, award=award, consumes=consumes, cap_effect=cap_effect)


def _cap_effect(pos: CapPosition | None, award: Award) -> tuple[Indicator, ...]:
    if pos is None or award.credits_awarded is None:
        return ()
    return (ind(pos.cap.category, f"+{award.credits_awarded} {award.credit_system}"),)
