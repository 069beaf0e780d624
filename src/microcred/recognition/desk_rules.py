"""The rules an officer's judgment must keep, written once (recognition.md §4.3 design notes,
§4.4, §6.5, §6.8; LRC Art. III.5; ADR 0852).

* An **override** sets the engine's proposal aside with a justification; it may refuse whatever
  the engine says, but it never awards credits where authenticity and revocation (S1) are not
  established, and a proposal that waits for information cannot be *confirmed*.
* A **reclassification** changes one finding's materiality with a justification; never an S1
  finding (authenticity is not a judgment call: ask the issuer).
* **Four eyes** on a decision: where the governing agreement asks for it, every override and
  every refusal is countersigned (``microcred.four_eyes.second_signature_needed``; who may
  countersign is ``microcred.four_eyes.check``, asked by the web's policy).
* An **appeal** is lodged within the deadline with stated grounds, and decided upheld or
  dismissed with reasons; a decision credential no longer states a decision whose outcome or
  credits changed.

Each rule is a pure function returning ``None`` (allowed) or a :class:`Refusal`: a code with its
parameters and the field it concerns. The web words the codes (``service.<code>`` in the
recognition services' messages); the core never speaks to a user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Final

from microcred import four_eyes

__all__ = [
    "MATERIALITIES",
    "MIN_APPEAL_GROUNDS",
    "MIN_JUSTIFICATION",
    "Decision",
    "Refusal",
    "appeal_decision_refusal",
    "appeal_refusal",
    "authenticity_established",
    "confirm_refusal",
    "decision_changed",
    "needs_second_signature",
    "override_refusal",
    "reclassification_refusal",
]

MIN_JUSTIFICATION: Final = 20  # an override, a reclassification, a level, an appeal's reasons
MIN_APPEAL_GROUNDS: Final = 10
MATERIALITIES: Final = ("SUBSTANTIAL", "NON_SUBSTANTIAL", "REMEDIABLE")  # recognition.md §4.3
AWARDING: Final = ("FULL", "PARTIAL", "CONDITIONAL")  # outcomes that state credits (§4.4)
APPEAL_RESULTS: Final = ("upheld", "dismissed")


@dataclass(frozen=True)
class Refusal:
    """Why a rule refused: ``code`` (worded at the edge), its ``params``, the field ``where``."""

    code: str
    where: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """A decision as the desk records it (recognition.md §4.4): its outcome, the credits as the
    decimal's text (as recorded: a confirmation takes the engine's figure, an override the
    officer's, normalised), the credit system, whether it overrides the proposal, and why.
    ``to_json``/``from_json`` are the shape of the decision in the case's log and columns."""

    outcome: str
    credits: str | None
    credit_system: str
    override: bool
    justification: str

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "credits": self.credits,
            "credit_system": self.credit_system,
            "override": self.override,
            "justification": self.justification,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Decision:
        credits = data.get("credits")
        return cls(
            outcome=str(data["outcome"]),
            credits=None if credits is None else str(credits),
            credit_system=str(data.get("credit_system") or ""),
            override=bool(data.get("override")),
            justification=str(data.get("justification") or ""),
        )

    @property
    def amount(self) -> Decimal | None:
        return None if self.credits is None else Decimal(self.credits)


def authenticity_established(standards: Iterable[Mapping[str, Any]]) -> bool:
    """S1 (authenticity, integrity, revocation) passed for every credential: the one finding no
    override can set aside (recognition.md §4.3 S1; ADR 0810). ``standards`` are the proposal's
    standard results."""
    s1 = [s for s in standards if s.get("standard") == "S1"]
    return bool(s1) and all(s.get("result") in ("PASS", "PASS_WITH_NOTE") for s in s1)


def confirm_refusal(proposed_outcome: str) -> Refusal | None:
    """A proposal can be confirmed unless it waits for information (then: a justified override)."""
    if proposed_outcome == "PENDING_INFORMATION":
        return Refusal("decide.confirm_pending", "decision")
    return None


def override_refusal(
    *, outcome: str, credits: Decimal | None, justification: str, authenticity: bool
) -> Refusal | None:
    """An override's outcome, credits and justification (recognition.md §4.3 design notes)."""
    if outcome not in (*AWARDING, "NOT_RECOGNISED"):
        return Refusal("decide.outcome_needed", "outcome")
    if len(justification.strip()) < MIN_JUSTIFICATION:
        return Refusal("decide.justification_short", "justification", {"min": MIN_JUSTIFICATION})
    if outcome in AWARDING and credits is None:
        return Refusal("decide.credits_needed", "credits")
    if outcome != "NOT_RECOGNISED" and not authenticity:
        return Refusal("decide.authenticity", "outcome")
    return None


def reclassification_refusal(
    *,
    standard: str,
    materiality: str,
    current: str,
    justification: str,
    remedy_type: str,
    remedy_description: str,
    finding_has_remedy: bool,
    already: bool,
) -> Refusal | None:
    """A finding reclassified by an officer (recognition.md §4.3 design notes, §6.5)."""
    if standard == "S1":
        return Refusal("reclassify.authenticity", "finding")
    if materiality not in MATERIALITIES or materiality == current:
        return Refusal("reclassify.same_materiality", "materiality")
    if len(justification.strip()) < MIN_JUSTIFICATION:
        return Refusal("reclassify.justification_short", "justification", {"min": MIN_JUSTIFICATION})
    has_type, has_description = bool(remedy_type.strip()), bool(remedy_description.strip())
    if has_type != has_description:
        return Refusal("reclassify.remedy_incomplete", "remedy")
    if materiality == "REMEDIABLE" and not has_type and not finding_has_remedy:
        return Refusal("reclassify.remedy_needed", "remedy")
    if already:
        return Refusal("reclassify.already", "finding")
    return None


def needs_second_signature(*, agreement_asks: bool, outcome: str, override: bool) -> bool:
    """Does a decision need a second officer's signature (ADR 0801)? The four-eyes rule of the
    core (``microcred.four_eyes``), on the governing agreement's ``four_eyes``."""
    return four_eyes.second_signature_needed(
        governance_asks=agreement_asks, override=override, refusal=outcome == "NOT_RECOGNISED"
    )


def appeal_refusal(*, today: date, deadline: date | None, grounds: str) -> Refusal | None:
    """An appeal lodged against a final decision (LRC Art. III.5, recognition.md §6.8)."""
    if deadline is not None and today > deadline:
        return Refusal("appeal.deadline_passed", "appeal", {"value": deadline.isoformat()})
    if len(grounds.strip()) < MIN_APPEAL_GROUNDS:
        return Refusal("appeal.grounds_short", "grounds")
    return None


def appeal_decision_refusal(*, result: str, reasons: str) -> Refusal | None:
    """An appeal decided upheld or dismissed, with reasons (recognition.md §6.8)."""
    if result not in APPEAL_RESULTS:
        return Refusal("appeal_decide.result", "result")
    if len(reasons.strip()) < MIN_JUSTIFICATION:
        return Refusal("appeal_decide.reasons_short", "reasons", {"min": MIN_JUSTIFICATION})
    return None


def decision_changed(before: Decision, after: Decision) -> bool:
    """Whether a decision credential stating ``before`` no longer states the decision ``after``
    (its outcome or its credits changed)."""
    return before.outcome != after.outcome or before.amount != after.amount
