"""What the standards read: the case, the resolved agreement, reference data, and the two
measurements several standards share (workload ρ, LO coverage κ), computed exactly.

recognition.md §4.3 S6/S7 and §4.6: hours come from the credential's stated notional hours, or
credits x hours per credit (the agreement's factor first, then the reference table).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from microcred.errors import UnknownCodeError
from microcred.recognition.agreements import Parameters, PreApproved, ResolvedAgreement
from microcred.recognition.rounding import fmt, to_fraction
from microcred.recognition.text import msg
from microcred.recognition.values import (
    ArithmeticStep,
    Case,
    Coverage,
    CredentialRecord,
    LoRow,
    SourceLo,
)
from microcred.reference import ReferenceData
from microcred.standards.eu_mc.lo_verbs import BLOOM_RANK


@dataclass(frozen=True)
class Context:
    case: Case
    agreement: ResolvedAgreement
    refdata: ReferenceData
    pre_approved: PreApproved | None = None
    grant: Decimal | None = None  # credits S11 checks against caps (set after S6/S7)

    @property
    def params(self) -> Parameters:
        return self.agreement.parameters

    def hours_per_credit(self, system: str) -> tuple[Decimal, str]:
        """Factor for ``system`` and where it comes from (agreement key or reference table)."""
        table = self.agreement.parameters.hours_per_credit
        if system in table:
            return table[
                system
            ], f"{self.agreement.set_by(f'hours_per_credit.{system}')} hours_per_credit.{system}"
        cs = self.refdata.credit_system(system)
        return cs.hours_per_credit, f"credit-systems {self.refdata.credit_systems_version}"

    def family(self, system: str) -> str:
        try:
            return self.refdata.credit_system(system).family
        except UnknownCodeError:
            return "unknown"


def credential_hours(ctx: Context, rec: CredentialRecord) -> tuple[Fraction | None, list[ArithmeticStep]]:
    w = rec.workload
    if w is None:
        return None, []
    if w.hours is not None:
        return to_fraction(w.hours), [
            ArithmeticStep(
                msg("step.credential_hours.label", credential_id=rec.credential_id),
                msg("step.credential_hours.expression"),
                f"{fmt(w.hours)} h",
            )
        ]
    if w.credits is not None and w.system:
        factor, src = ctx.hours_per_credit(w.system)
        h = to_fraction(w.credits) * to_fraction(factor)
        return h, [
            ArithmeticStep(
                msg("step.credential_hours.label", credential_id=rec.credential_id),
                f"{fmt(w.credits)} {w.system} x {fmt(factor)} h ({src})",
                f"{fmt(h)} h",
            )
        ]
    return None, []


@dataclass(frozen=True)
class WorkloadMeasure:
    source_hours: Fraction
    target_hours: Fraction | None
    ratio: Fraction | None
    steps: tuple[ArithmeticStep, ...]
    source_steps: tuple[ArithmeticStep, ...]


def measure_workload(ctx: Context) -> WorkloadMeasure | None:
    """Union of the stack's hours against the target's hours (§4.3 S6, §4.5 step 6)."""
    total = Fraction(0)
    steps: list[ArithmeticStep] = []
    for rec in ctx.case.credentials:
        h, s = credential_hours(ctx, rec)
        if h is None:
            return None
        total += h
        steps.extend(s)
    if len(ctx.case.credentials) > 1:
        steps.append(
            ArithmeticStep(
                msg("step.hours_of_the_stack.label"), " + ".join(s.value for s in steps), f"{fmt(total)} h"
            )
        )
    source_steps = tuple(steps)
    t = ctx.case.target
    target_hours: Fraction | None = None
    if t.hours is not None:
        target_hours = to_fraction(t.hours)
        steps.append(
            ArithmeticStep(
                msg("step.target_hours.label"), msg("step.credential_hours.expression"), f"{fmt(t.hours)} h"
            )
        )
    elif t.credits is not None:
        factor, src = ctx.hours_per_credit(t.credit_system)
        target_hours = to_fraction(t.credits) * to_fraction(factor)
        steps.append(
            ArithmeticStep(
                msg("step.target_hours.label"),
                f"{fmt(t.credits)} {t.credit_system} x {fmt(factor)} h ({src})",
                f"{fmt(target_hours)} h",
            )
        )
    ratio = None
    if target_hours:
        ratio = total / target_hours
        steps.append(
            ArithmeticStep(
                msg("step.workload_ratio.label"), f"{fmt(total)} / {fmt(target_hours)}", fmt(ratio)
            )
        )
    return WorkloadMeasure(total, target_hours, ratio, tuple(steps), source_steps)


@dataclass(frozen=True)
class LoLine:
    target_lo: str
    weight: Fraction
    coverage: Coverage
    value: Fraction
    sources: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class CoverageMeasure:
    kappa: Fraction
    lines: tuple[LoLine, ...]
    unreviewed: tuple[str, ...]
    notes: tuple[str, ...]


def _source_lo(ctx: Context, credential_id: str, lo_id: str) -> SourceLo | None:
    for rec in ctx.case.credentials:
        if rec.credential_id == credential_id:
            for lo in rec.learning_outcomes or ():
                if lo.id == lo_id:
                    return lo
    return None


def measure_coverage(ctx: Context) -> CoverageMeasure | None:
    """κ = Σ w_t·m_t / Σ w_t over target LOs, from human-confirmed rows only (§4.3 S7, §8.2 step 6).

    Suggestions never count. A FULL row passes the Bloom gate only if the best source level is
    at least the target level minus ``bloom_tolerance``; otherwise it counts as PARTIAL (ADR 0506).
    """
    m = ctx.case.lo_matrix
    targets = ctx.case.target.learning_outcomes
    if m is None or not targets:
        return None
    p = ctx.agreement.parameters
    latest: dict[str, LoRow] = {}
    for r in m.rows:
        latest[r.target_lo] = r
    lines: list[LoLine] = []
    unreviewed: list[str] = []
    notes: list[str] = []
    known = {t.id for t in targets}
    for row_id in latest:
        if row_id not in known:
            notes.append(msg("note.measure_coverage", row_id=row_id))
    for t in targets:
        row = latest.get(t.id)
        weight = to_fraction(t.weight)
        if row is None:
            if not m.complete:
                unreviewed.append(t.id)
            lines.append(
                LoLine(
                    t.id,
                    weight,
                    Coverage.NONE,
                    Fraction(0),
                    (),
                    "no confirmed row" if m.complete else "not reviewed",
                )
            )
            continue
        cov = Coverage.NONE if row.action == "REJECTED" else row.coverage
        note = None
        if cov is Coverage.FULL and t.bloom_level:
            ranks = [
                BLOOM_RANK[lo.bloom_level]
                for s in row.sources
                if (lo := _source_lo(ctx, s.credential_id, s.lo_id)) is not None and lo.bloom_level
            ]
            if ranks and max(ranks) < BLOOM_RANK[t.bloom_level] - p.bloom_tolerance:
                cov = Coverage.PARTIAL
                note = (
                    f"Bloom gate: source level {max(ranks)} < target level {BLOOM_RANK[t.bloom_level]}"
                    f" - tolerance {p.bloom_tolerance}; counted as partial"
                )
        for s in row.sources:
            if _source_lo(ctx, s.credential_id, s.lo_id) is None:
                notes.append(msg("note.measure_coverage.2", id=t.id, s=s))
        value = {
            Coverage.FULL: Fraction(1),
            Coverage.PARTIAL: p.partial_match_value,
            Coverage.NONE: Fraction(0),
        }[cov]
        lines.append(LoLine(t.id, weight, cov, value, tuple(str(s) for s in row.sources), note))
    total_w = sum((ln.weight for ln in lines), Fraction(0))
    kappa = sum((ln.weight * ln.value for ln in lines), Fraction(0)) / total_w if total_w else Fraction(0)
    return CoverageMeasure(kappa, tuple(lines), tuple(unreviewed), tuple(notes))
