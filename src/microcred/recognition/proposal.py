"""The proposed decision as the desk stores it, read through typed values.

A proposal is the rationale report (recognition.md §4.4 "Rationale report", ``report.decision_json``)
kept exactly as the engine wrote it: its SHA-256 goes into the case's audit log
(``DECISION_FINAL.proposal_sha256``) and ``replay`` compares it byte for byte (§6.7), so the stored
JSON is never rebuilt from these values. ``Proposal`` keeps the document and gives typed access to
the parts the desk decides on; ``to_json`` returns (a copy of) the document as stored.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from microcred.recognition.desk_rules import authenticity_established


@dataclass(frozen=True)
class ProposedFinding:
    """One finding of the report (recognition.md §4.3 ``Finding``; ``report._finding``)."""

    standard: str
    code: str
    subject: str | None
    materiality: str
    explanation: str
    has_remedy: bool = False

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.standard, self.code, self.subject)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProposedFinding:
        subject = data.get("subject")
        return cls(
            standard=str(data["standard"]),
            code=str(data["code"]),
            subject=None if subject is None else str(subject),
            materiality=str(data.get("materiality") or ""),
            explanation=str(data.get("explanation") or ""),
            has_remedy=data.get("remedy") is not None,
        )


@dataclass(frozen=True)
class ProposedMissingItem:
    """One missing item (recognition.md §4.4 PENDING_INFORMATION; ``report._missing``)."""

    item: str
    where: str
    supplier: str
    code: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProposedMissingItem:
        code = data.get("code")
        return cls(
            item=str(data.get("item") or ""),
            where=str(data.get("where") or ""),
            supplier=str(data.get("supplier") or ""),
            code=None if code is None else str(code),
            params={str(k): str(v) for k, v in (data.get("params") or {}).items()},
        )


@dataclass(frozen=True)
class ProposedAward:
    """An award of the report (recognition.md §4.4 ``Award``; ``report._award``)."""

    outcome: str
    credits_awarded: str | None  # the decimal's text as the report wrote it
    credit_system: str

    @property
    def amount(self) -> Decimal | None:
        return None if self.credits_awarded is None else Decimal(self.credits_awarded)

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ProposedAward | None:
        if not data:
            return None
        credits = data.get("credits_awarded")
        return cls(
            outcome=str(data["outcome"]),
            credits_awarded=None if credits is None else str(credits),
            credit_system=str(data.get("credit_system") or ""),
        )


@dataclass(frozen=True)
class LedgerEffects:
    """What a final decision does to the learner's ledger (recognition.md §4.4 ``ledger_effects``):
    the credentials it consumes and the cap categories it adds credits to."""

    consume: tuple[str, ...]
    add_credits: tuple[str, ...]
    applies_when: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> LedgerEffects:
        data = data or {}
        return cls(
            consume=tuple(str(c) for c in data.get("consume") or ()),
            add_credits=tuple(str(c) for c in (data.get("add_credits") or {})),
            applies_when=str(data.get("applies_when") or ""),
        )


@dataclass(frozen=True)
class ConversionStep:
    """One line of the conversion arithmetic (``report._steps``)."""

    label: str
    expression: str


@dataclass(frozen=True, eq=False)
class Proposal:
    """The stored rationale report, typed where the desk reads it."""

    outcome: str
    credit_system: str
    award: ProposedAward | None
    on_condition_met: ProposedAward | None
    findings: tuple[ProposedFinding, ...]
    missing: tuple[ProposedMissingItem, ...]
    ledger_effects: LedgerEffects
    four_eyes: bool
    conversion_steps: tuple[ConversionStep, ...]
    authenticity_established: bool
    _doc: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Proposal:
        agreement = data.get("agreement") or {}
        return cls(
            outcome=str(data["outcome"]),
            credit_system=str(data.get("credit_system") or ""),
            award=ProposedAward.from_json(data.get("award")),
            on_condition_met=ProposedAward.from_json(data.get("on_condition_met")),
            findings=tuple(ProposedFinding.from_json(f) for f in data.get("findings") or ()),
            missing=tuple(ProposedMissingItem.from_json(m) for m in data.get("missing_information") or ()),
            ledger_effects=LedgerEffects.from_json(data.get("ledger_effects")),
            four_eyes=bool(agreement.get("four_eyes")),
            conversion_steps=tuple(
                ConversionStep(str(s.get("label", "")), str(s.get("expression", "")))
                for s in (data.get("conversion") or {}).get("steps") or ()
            ),
            authenticity_established=authenticity_established(data.get("standards") or []),
            _doc=copy.deepcopy(dict(data)),
        )

    def to_json(self) -> dict[str, Any]:
        """The report as stored (a copy): what is hashed, replayed and localised for display."""
        return copy.deepcopy(dict(self._doc))

    def finding(self, standard: str, code: str, subject: str | None) -> ProposedFinding | None:
        return next((f for f in self.findings if f.key == (standard, code, subject)), None)

    @property
    def awarded(self) -> tuple[Decimal | None, str]:
        """The credits the proposal awards now, or once its conditions are met."""
        award = self.award or self.on_condition_met
        return (None if award is None else award.amount), self.credit_system

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Proposal) and self._doc == other._doc

    def __hash__(self) -> int:
        return hash((self.outcome, self.findings))
