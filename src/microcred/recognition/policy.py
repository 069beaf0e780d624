"""Composable checks, after sigstore-python's verification policies (STYLE.md; ADR 0501).

A ``Check`` reads named indicators and returns a ``CheckResult``. ``AllOf`` requires every
check and reports the worst result with *all* findings (nothing is hidden behind an
aggregate); ``AnyOf`` accepts the best alternative (e.g. a seal *or* a register confirmation).
Both refuse to be built empty: an empty ``AllOf`` would pass everything, which is an error,
not a pass. A ``Standard`` names a check as S1..S11 with its LRC element and rule version;
there is deliberately no weighted score anywhere (recognition.md §4.3 design notes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from microcred.errors import MicrocredError
from microcred.recognition.text import msg
from microcred.recognition.values import (
    CheckResult,
    CredentialRecord,
    Element,
    Finding,
    Indicator,
    Materiality,
    MissingItem,
    Remedy,
    Result,
    StandardResult,
)

if TYPE_CHECKING:
    from microcred.recognition.context import Context

# Worst first for AllOf; NOT_APPLICABLE never outweighs a real result.
_SEVERITY = {
    Result.FAIL: 5,
    Result.UNKNOWN: 4,
    Result.PARTIAL: 3,
    Result.PASS_WITH_NOTE: 2,
    Result.PASS: 1,
    Result.NOT_APPLICABLE: 0,
}
# Best first for AnyOf.
_STRENGTH = {
    Result.PASS: 5,
    Result.PASS_WITH_NOTE: 4,
    Result.PARTIAL: 3,
    Result.UNKNOWN: 2,
    Result.FAIL: 1,
    Result.NOT_APPLICABLE: 0,
}


class Check(Protocol):
    """A rule reading indicators of one credential (``subject``) or of the whole case (``None``)."""

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult: ...


@dataclass(frozen=True)
class Rule:
    """Base of the concrete checks: knows its standard, rule id, version and LRC element."""

    standard: str
    rule_id: str
    version: str
    element: Element

    def finding(
        self,
        code: str,
        *,
        observed: str,
        required: str,
        materiality: Materiality,
        explanation: str,
        subject: CredentialRecord | None = None,
        remedy: Remedy | None = None,
        alternatives: tuple[str, ...] = (),
        element: Element | None = None,
    ) -> Finding:
        return Finding(
            standard=self.standard,
            rule_id=self.rule_id,
            rule_version=self.version,
            element=element or self.element,
            code=code,
            observed=observed,
            required=required,
            materiality=materiality,
            explanation=explanation,
            subject=subject.credential_id if subject else None,
            remedy=remedy,
            alternatives=alternatives,
        )


def _merge(results: list[CheckResult], result: Result) -> CheckResult:
    return CheckResult(
        result=result,
        indicators=tuple(i for r in results for i in r.indicators),
        findings=tuple(f for r in results for f in r.findings),
        missing=tuple(m for r in results for m in r.missing),
        notes=tuple(n for r in results for n in r.notes),
    )


@dataclass(frozen=True, init=False)
class AllOf:
    """Every check must hold; the worst result wins and every finding is kept."""

    checks: tuple[Check, ...]

    def __init__(self, *checks: Check) -> None:
        if not checks:
            raise MicrocredError(
                "an empty AllOf would accept anything; give it at least one check", where="AllOf"
            )
        object.__setattr__(self, "checks", checks)

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        results = [c.evaluate(ctx, subject) for c in self.checks]
        worst = max((r.result for r in results), key=_SEVERITY.__getitem__)
        return _merge(results, worst)


@dataclass(frozen=True, init=False)
class AnyOf:
    """One alternative suffices; the best applicable one wins. When none applies, ``otherwise``."""

    checks: tuple[Check, ...]
    otherwise: Callable[[CredentialRecord | None], CheckResult]

    def __init__(self, *checks: Check, otherwise: Callable[[CredentialRecord | None], CheckResult]) -> None:
        if not checks:
            raise MicrocredError(
                "an empty AnyOf can never be satisfied; give it at least one check", where="AnyOf"
            )
        object.__setattr__(self, "checks", checks)
        object.__setattr__(self, "otherwise", otherwise)

    def evaluate(self, ctx: Context, subject: CredentialRecord | None) -> CheckResult:
        results = [c.evaluate(ctx, subject) for c in self.checks]
        applicable = [r for r in results if r.result is not Result.NOT_APPLICABLE]
        if not applicable:
            fallback = self.otherwise(subject)
            return CheckResult(
                fallback.result,
                tuple(i for r in results for i in r.indicators) + fallback.indicators,
                fallback.findings,
                fallback.missing,
                fallback.notes,
            )
        best = max(applicable, key=lambda r: _STRENGTH[r.result])
        return CheckResult(
            best.result,
            tuple(i for r in results for i in r.indicators),
            best.findings,
            best.missing,
            best.notes,
        )


Scope = Literal["credential", "case"]


@dataclass(frozen=True)
class Standard:
    """One standard S1-S11 of recognition.md §4.3: a check, an LRC element, a rule version.

    ``scope="credential"`` evaluates every credential of a stack on its own (§4.5 step 6);
    ``scope="case"`` evaluates the stack's union once.
    """

    id: str
    version: str
    title: str
    element: Element
    scope: Scope
    check: Check

    @property
    def rule_ref(self) -> str:
        return f"{self.id}@{self.version}"

    def evaluate(self, ctx: Context) -> tuple[StandardResult, ...]:
        subjects: tuple[CredentialRecord | None, ...] = (
            ctx.case.credentials if self.scope == "credential" else (None,)
        )
        out = []
        for s in subjects:
            r = self.check.evaluate(ctx, s)
            out.append(self._result(r, s.credential_id if s else "case"))
        return tuple(out)

    def skipped(self, ctx: Context, why: str) -> tuple[StandardResult, ...]:
        return (self._result(CheckResult(Result.NOT_APPLICABLE, notes=(why,)), "case"),)

    def _result(self, r: CheckResult, subject: str) -> StandardResult:
        return StandardResult(
            standard=self.id,
            title=self.title,
            element=self.element,
            rule_id=self.id,
            rule_version=self.version,
            subject=subject,
            result=r.result,
            indicators=r.indicators,
            findings=r.findings,
            missing=r.missing,
            notes=r.notes,
        )


@dataclass(frozen=True, init=False)
class Profile:
    """The ordered standards a decision evaluates; never empty (an empty profile would decide nothing)."""

    standards: tuple[Standard, ...]

    def __init__(self, *standards: Standard) -> None:
        if not standards:
            raise MicrocredError("a recognition profile needs at least one standard", where="Profile")
        ids = [s.id for s in standards]
        if len(set(ids)) != len(ids):
            raise MicrocredError("a standard appears twice in the profile", where="Profile")
        object.__setattr__(self, "standards", standards)


def ind(name: str, value: object) -> Indicator:
    """An indicator as the rule read it; a coded message (``Text``) keeps its code, a flag reads
    ``True``/``False`` as a coded value a catalogue can translate (ADR 0840)."""
    if isinstance(value, bool):
        return Indicator(name, msg("value.true" if value else "value.false"))
    return Indicator(name, value if isinstance(value, str) else str(value))


def missing(item: str, where: str, supplier: str) -> MissingItem:
    return MissingItem(item, where, supplier)
