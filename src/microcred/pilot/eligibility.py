"""Who may receive the micro-credential of an offering (issue 11, item 2; ADR 1001).

The rule: the learner **passed**, AND the identity check actually applied at the assessment
satisfies the specification's **supervision element** — EU Council Recommendation 2022/C 243/02,
Annex I, optional element O2 "supervision and identity verification", whose values are ordered
weakest first in :data:`microcred.recognition.values.SUPERVISION_ORDER`. A check at least as strong
as the one the specification promises satisfies it; a specification that promises none is
satisfied by any check, or none. An unknown or missing applied check never satisfies a promise.
"""

from __future__ import annotations

from dataclasses import dataclass

from microcred.recognition.values import SUPERVISION_ORDER


def supervision_satisfies(applied: str | None, required: str | None) -> bool:
    """Does the check ``applied`` keep the promise ``required`` (Annex I O2)?"""
    if required is None or required == "":
        return True
    if applied not in SUPERVISION_ORDER or required not in SUPERVISION_ORDER:
        return False
    return SUPERVISION_ORDER.index(applied) >= SUPERVISION_ORDER.index(required)


@dataclass(frozen=True)
class Eligibility:
    """The answer, with the codes of what stands in the way (empty when eligible):
    ``eligibility.no_result``, ``eligibility.not_passed``, ``eligibility.supervision_short``
    (params ``applied``, ``required``)."""

    eligible: bool
    reasons: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()


def eligibility(*, passed: bool | None, applied: str | None, required: str | None) -> Eligibility:
    """``passed`` is ``None`` while there is no result yet."""
    reasons: list[str] = []
    if passed is None:
        reasons.append("eligibility.no_result")
    elif not passed:
        reasons.append("eligibility.not_passed")
    if not supervision_satisfies(applied, required):
        reasons.append("eligibility.supervision_short")
    params = (("applied", applied or ""), ("required", required or ""))
    return Eligibility(eligible=not reasons, reasons=tuple(reasons), params=params)
