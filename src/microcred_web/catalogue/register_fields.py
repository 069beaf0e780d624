"""Derive the register's database columns from a specification (catalogue.models docstring).

The register filters and sorts in SQL, so a published version carries its title, EQF level,
ECTS-equivalent credits and so on as columns. They are computed from the specification with
the core's conversions, never typed in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from microcred.conversion import convert_credits, eqf_level_of
from microcred.errors import MicrocredError
from microcred.model import MicroCredentialSpec
from microcred.search import index_text


@dataclass(frozen=True)
class RegisterFields:
    title_en: str
    eqf_level: int | None
    credits_ects: Decimal | None
    hours: Decimal | None
    isced_f: str
    participation_mode: str
    languages: str
    skills: str
    search_text: str


def eqf_level(spec: MicroCredentialSpec) -> int | None:
    """The declared EQF level, else the EQF level of the national (or AQRF) level."""
    lv = spec.level
    if lv is None:
        return None
    if lv.eqf is not None:
        return lv.eqf
    for other in (lv.national, f"AQRF:{lv.aqrf}" if lv.aqrf is not None else None):
        if other:
            try:
                return eqf_level_of(other)
            except MicrocredError:
                # An ambiguous or unmapped level leaves the column empty; the checker reports it.
                continue
    return None


def credits_in_ects(spec: MicroCredentialSpec) -> Decimal | None:
    w = spec.workload
    if w is None or w.credits is None or w.credit_system is None:
        return None
    try:
        result = convert_credits(w.credits, w.credit_system, "ECTS").result
    except MicrocredError:
        return None
    return result.quantize(Decimal("0.01"))


def register_fields(spec: MicroCredentialSpec) -> RegisterFields:
    w = spec.workload
    skills: list[str] = []
    for lo in spec.learning_outcomes:
        skills.extend(uri for uri in lo.esco_skills if uri not in skills)
    return RegisterFields(
        title_en=(spec.title or {}).get("en", "")[:300],
        eqf_level=eqf_level(spec),
        credits_ects=credits_in_ects(spec),
        hours=w.hours.quantize(Decimal("0.1")) if w is not None and w.hours is not None else None,
        isced_f=spec.isced_f or "",
        participation_mode=(spec.participation.mode or "") if spec.participation else "",
        languages=" ".join(spec.languages_of_instruction),
        skills=" ".join(skills),
        search_text=index_text(spec),
    )
