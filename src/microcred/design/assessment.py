"""The assessment matrix: which assessment types (M9) assess which learning outcome (M6).

ESG 2015 standard 1.3 and principle 4 of Annex II of Council Recommendation 2022/C 243/02
("valid assessment"): every outcome is assessed, against published criteria. Each outcome
lists its types in ``assessed_by``; this module reports, as codes:

* ``assessment.matrix_empty`` — no outcome says how it is assessed yet;
* ``assessment.outcome_unassessed`` — an outcome no type assesses (when others are mapped);
* ``assessment.type_unlisted`` — a type used in the matrix but missing from ``assessment.types``;
* ``assessment.attendance_only`` — attendance is the only "assessment" of an outcome;
* ``assessment.weak_for_level`` — an outcome at evaluate/create assessed only by a quiz or
  attendance, which cannot show that level (ADR 1604).
"""

from __future__ import annotations

from dataclasses import dataclass

from microcred.model import MicroCredentialSpec
from microcred.standards.eu_mc.lo_verbs import BLOOM_RANK

_RECALL_ONLY = frozenset({"quiz", "level_of_attendance"})


@dataclass(frozen=True)
class MatrixNote:
    code: str
    outcome: str | None = None
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssessmentMatrix:
    outcomes: tuple[str, ...]
    types: tuple[str, ...]
    cells: frozenset[tuple[str, str]]
    notes: tuple[MatrixNote, ...]


def assessment_matrix(spec: MicroCredentialSpec, blooms: dict[str, str] | None = None) -> AssessmentMatrix:
    """The outcome x type matrix of ``spec`` and its notes; ``blooms`` maps an outcome id to the
    Bloom level the assistant read (the stated ``bloom_level`` wins)."""
    blooms = blooms or {}
    listed = tuple(spec.assessment.types) if spec.assessment else ()
    used = tuple(dict.fromkeys(t for lo in spec.learning_outcomes for t in lo.assessed_by))
    types = tuple(dict.fromkeys((*listed, *used)))
    cells = frozenset((lo.id, t) for lo in spec.learning_outcomes for t in lo.assessed_by)
    notes: list[MatrixNote] = []
    if spec.learning_outcomes and not cells:
        notes.append(MatrixNote("assessment.matrix_empty"))
    for lo in spec.learning_outcomes if cells else ():
        methods = set(lo.assessed_by)
        bloom = lo.bloom_level or blooms.get(lo.id)
        if not methods:
            notes.append(MatrixNote("assessment.outcome_unassessed", lo.id))
        elif methods == {"level_of_attendance"}:
            notes.append(MatrixNote("assessment.attendance_only", lo.id))
        elif bloom and BLOOM_RANK[bloom] >= BLOOM_RANK["evaluate"] and methods <= _RECALL_ONLY:
            notes.append(MatrixNote("assessment.weak_for_level", lo.id, tuple(sorted(methods))))
    missing = tuple(t for t in used if t not in listed)
    if missing:
        notes.append(MatrixNote("assessment.type_unlisted", None, missing))
    return AssessmentMatrix(tuple(lo.id for lo in spec.learning_outcomes), types, cells, tuple(notes))
