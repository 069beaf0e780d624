"""ESCO, the European classification of skills and occupations: the official CSV download read
into typed records (:mod:`~microcred.esco.layout`), imported so that only what changed is
written (:mod:`~microcred.esco.store`), and skills suggested for learning outcomes
(:mod:`~microcred.esco.suggest`) with their calibration (:mod:`~microcred.esco.calibration`).
ADRs 1401 (import and store) and 1402 (suggestions)."""

from microcred.esco.layout import (
    Classification,
    Concept,
    ConceptText,
    EscoFileError,
    Problem,
    Relation,
    read_classification,
)
from microcred.esco.store import EscoStore, ImportPlan, SkillRecord, SqliteEscoStore, import_into, plan_import

__all__ = [
    "Classification",
    "Concept",
    "ConceptText",
    "EscoFileError",
    "EscoStore",
    "ImportPlan",
    "Problem",
    "Relation",
    "SkillRecord",
    "SqliteEscoStore",
    "import_into",
    "plan_import",
    "read_classification",
]
