"""Credits awarded (recognition.md §4.5.1) and the conversion shown for transparency (§4.6).

* EXEMPTION / STACK_COMPONENT, FULL: the target component's credits (ECTS principle: recognised
  credits replace those the host allocates); the converted value is shown, not used.
* EXEMPTION / STACK_COMPONENT, PARTIAL: ``round_rule(target_credits x min(κ, ρ, 1))``.
* ELECTIVE_CREDIT: ``round_rule(hours_source / hours_per_credit_target)``; two systems of the
  "60 a year" family convert 1:1 when the credential states credits.
* ADMISSION: no credits.
* A valid pre-approved equivalence fixes the credits.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from microcred.recognition.context import Context, measure_coverage, measure_workload
from microcred.recognition.rounding import fmt, to_decimal, to_fraction
from microcred.recognition.text import msg
from microcred.recognition.values import ArithmeticStep, CreditComputation, Purpose


def elective_credits(ctx: Context) -> tuple[Decimal, tuple[ArithmeticStep, ...]]:
    t = ctx.case.target
    rule = ctx.params.round_rule
    creds = ctx.case.credentials
    same_family = (
        all(
            c.workload is not None
            and c.workload.credits is not None
            and c.workload.system is not None
            and ctx.family(c.workload.system) == "annual-60"
            for c in creds
        )
        and ctx.family(t.credit_system) == "annual-60"
    )
    if same_family:
        total = sum(
            (to_fraction(c.workload.credits) for c in creds if c.workload and c.workload.credits is not None),
            Fraction(0),
        )
        value = rule.apply(total)
        systems = ", ".join(sorted({c.workload.system for c in creds if c.workload and c.workload.system}))
        return value, (
            ArithmeticStep(
                msg("step.credits.label"),
                msg(
                    "step.credits.expression",
                    total=fmt(total),
                    systems=systems,
                    credit_system=t.credit_system,
                ),
                fmt(total),
            ),
            ArithmeticStep(msg("step.rounded.label"), f"{rule}", f"{fmt(value)} {t.credit_system}"),
        )
    m = measure_workload(ctx)
    if m is None:
        return Decimal(0), ()
    factor, src = ctx.hours_per_credit(t.credit_system)
    raw = m.source_hours / to_fraction(factor)
    value = rule.apply(raw)
    return value, (
        *m.source_steps,
        ArithmeticStep(
            msg("step.credits.label"),
            msg(
                "step.credits.expression.2",
                source_hours=fmt(m.source_hours),
                factor=fmt(factor),
                credit_system=t.credit_system,
                src=src,
            ),
            fmt(raw),
        ),
        ArithmeticStep(msg("step.rounded.label"), f"{rule}", f"{fmt(value)} {t.credit_system}"),
    )


def compute_credits(ctx: Context) -> CreditComputation:
    t = ctx.case.target
    purpose = ctx.case.purpose
    rule = ctx.params.round_rule
    system = t.credit_system
    if purpose is Purpose.ADMISSION:
        return CreditComputation(
            None,
            None,
            None,
            None,
            system,
            (ArithmeticStep(msg("step.credits.label"), msg("step.credits.expression.3"), msg("value.none")),),
        )
    pre = ctx.pre_approved
    if pre is not None:
        return CreditComputation(
            t.credits if purpose is not Purpose.ELECTIVE_CREDIT else pre.credits,
            pre.credits,
            pre.credits,
            None,
            system,
            (
                ArithmeticStep(
                    msg("step.credits.label"),
                    msg("step.credits.expression.4", id=pre.id, ref=ctx.agreement.ref),
                    f"{fmt(pre.credits)} {pre.credit_system}",
                ),
            ),
        )
    if purpose is Purpose.ELECTIVE_CREDIT:
        value, elective_steps = elective_credits(ctx)
        awarded = value
        extra: tuple[ArithmeticStep, ...] = ()
        if t.credits is not None and value > t.credits:
            awarded = t.credits
            extra = (
                ArithmeticStep(
                    msg("step.limited_to_the_elective_slot.label"),
                    msg(
                        "step.limited_to_the_elective_slot.expression",
                        value=fmt(value),
                        credits=fmt(t.credits),
                    ),
                    f"{fmt(awarded)} {system}",
                ),
            )
        m = measure_workload(ctx)
        return CreditComputation(
            awarded,
            awarded,
            awarded,
            value,
            system,
            elective_steps + extra,
            to_fraction_dec(m.source_hours) if m else None,
            None,
        )
    m = measure_workload(ctx)
    steps: list[ArithmeticStep] = list(m.steps) if m else []
    converted: Decimal | None = None
    if m is not None:
        factor, src = ctx.hours_per_credit(system)
        raw = m.source_hours / to_fraction(factor)
        converted = rule.apply(raw)
        steps.append(
            ArithmeticStep(
                msg("step.converted_value_transparency_only.label"),
                f"{fmt(m.source_hours)} h / {fmt(factor)} h ({src}) = {fmt(raw)} -> {rule}",
                msg("step.converted_value_transparency_only.value", converted=fmt(converted), system=system),
            )
        )
    if t.credits is None:
        return CreditComputation(None, None, None, converted, system, tuple(steps))
    full = t.credits
    steps.append(
        ArithmeticStep(
            msg("step.credits_if_full.label"),
            msg("step.credits_if_full.expression"),
            f"{fmt(full)} {system}",
        )
    )
    kappa = None
    cov = measure_coverage(ctx)
    if cov is not None and not cov.unreviewed:
        kappa = cov.kappa
        steps.append(
            ArithmeticStep(
                msg("step.lo_coverage.label"),
                " + ".join(f"{fmt(ln.weight)}x{fmt(ln.value)}" for ln in cov.lines)
                + f" / {fmt(sum((ln.weight for ln in cov.lines), Fraction(0)))}",
                fmt(kappa),
            )
        )
    rho = m.ratio if m else None
    factors = [f for f in (kappa, rho, Fraction(1)) if f is not None]
    share = min(factors)
    raw_partial = to_fraction(full) * share
    partial = rule.apply(raw_partial)
    steps.append(
        ArithmeticStep(
            msg("step.credits_if_partial.label"),
            msg(
                "step.credits_if_partial.expression",
                full=fmt(full),
                value=fmt(kappa) if kappa is not None else msg("value.not_available"),
                value2=fmt(rho) if rho is not None else msg("value.not_available"),
                raw_partial=fmt(raw_partial),
                rule=rule,
            ),
            f"{fmt(partial)} {system}",
        )
    )
    return CreditComputation(
        full,
        full,
        partial,
        converted,
        system,
        tuple(steps),
        to_fraction_dec(m.source_hours) if m else None,
        to_fraction_dec(m.target_hours) if m and m.target_hours is not None else None,
    )


def to_fraction_dec(value: Fraction | None) -> Decimal | None:
    return None if value is None else to_decimal(value)
