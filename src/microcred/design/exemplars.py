"""Exemplary specifications, annotated with why they are good (issue 16 item 4, ADR 1613).

Three published specifications of the consortium's examples (a European, a Vietnamese and a
Lao one; copies in ``data/exemplars``, from ``examples/specs``). Each annotation is a code with
parameters per Annex I element, and its parameters are read from the specification itself
(verbs, hours, credit system, QA body), so an annotation cannot praise what is not there; the
web words them in en/vi/lo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from microcred.design.outcomes import analyse_outcome
from microcred.model import MicroCredentialSpec, parse_spec
from microcred.reference import reference_data

# key, file, the notes that make it exemplary (in Annex I order)
_EXEMPLARS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "muni-econometrics",
        "muni-econometrics-in-r.json",
        (
            "outcomes_observable",
            "outcomes_climb",
            "workload_fits",
            "assessment_two_kinds",
            "qa_named",
            "supervision_named",
            "stackable_toward",
        ),
    ),
    (
        "neu-ifrs",
        "neu-ifrs-financial-reporting.json",
        (
            "outcomes_observable",
            "workload_fits",
            "assessment_two_kinds",
            "qa_named",
            "supervision_named",
            "bilingual",
        ),
    ),
    (
        "nuol-accounting",
        "nuol-sme-financial-accounting.json",
        (
            "outcomes_observable",
            "workload_fits",
            "assessment_two_kinds",
            "qa_named",
            "stackable_toward",
            "bilingual",
        ),
    ),
)

_ELEMENT = {
    "outcomes_observable": "M6",
    "outcomes_climb": "M6",
    "workload_fits": "M7",
    "assessment_two_kinds": "M9",
    "qa_named": "M11",
    "supervision_named": "O2",
    "stackable_toward": "O4",
    "bilingual": "M2",
}


@dataclass(frozen=True)
class Note:
    """Why one element is good: ``code`` (``exemplar.<reason>``) with ``params``."""

    element: str
    code: str
    params: dict[str, str]


@dataclass(frozen=True)
class Exemplar:
    key: str
    spec: MicroCredentialSpec
    document: dict[str, Any]
    notes: tuple[Note, ...]


def _params(reason: str, spec: MicroCredentialSpec) -> dict[str, str]:
    if reason == "outcomes_observable":
        verbs = [a.verb for lo in spec.learning_outcomes if (a := analyse_outcome(lo.text["en"], "en")).verb]
        return {"verbs": ", ".join(verbs)}
    if reason == "outcomes_climb":
        blooms = [
            a.bloom for lo in spec.learning_outcomes if (a := analyse_outcome(lo.text["en"], "en")).bloom
        ]
        return {
            "low": blooms[0] if blooms else "",
            "high": blooms[-1] if blooms else "",
            "level": str(spec.level.eqf if spec.level else ""),
        }
    if reason == "workload_fits" and spec.workload and spec.workload.credit_system:
        cs = reference_data().credit_system(spec.workload.credit_system)
        return {
            "hours": str(spec.workload.hours),
            "credits": str(spec.workload.credits),
            "system": cs.code,
            "min": str(cs.hours_range[0]),
            "max": str(cs.hours_range[1]),
        }
    if reason == "assessment_two_kinds" and spec.assessment:
        return {"types": ", ".join(spec.assessment.types)}
    if reason == "qa_named" and spec.quality_assurance:
        return {"body": spec.quality_assurance.body or "", "registry": spec.quality_assurance.registry or ""}
    if reason == "stackable_toward" and spec.stackability and spec.stackability.toward:
        return {"toward": spec.stackability.toward.get("en", "")}
    if reason == "bilingual":
        others = sorted({lang for lo in spec.learning_outcomes for lang in lo.text} - {"en"})
        return {"languages": ", ".join(others)}
    return {}


@cache
def exemplars() -> tuple[Exemplar, ...]:
    """The annotated exemplary specifications."""
    out = []
    folder = resources.files("microcred.design").joinpath("data", "exemplars")
    for key, name, reasons in _EXEMPLARS:
        document = json.loads(folder.joinpath(name).read_text("utf-8"))
        spec = parse_spec(document)
        notes = tuple(Note(_ELEMENT[r], f"exemplar.{r}", _params(r, spec)) for r in reasons)
        out.append(Exemplar(key, spec, document, notes))
    return tuple(out)
