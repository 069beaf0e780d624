"""Typed domain values: the micro-credential specification and its parts."""

from microcred.model.language import LANGUAGES, LangText, best_text
from microcred.model.spec import (
    Assessment,
    AwardingBody,
    EmployerCoDesigner,
    Grading,
    LearningOutcome,
    Level,
    MicroCredentialSpec,
    Participation,
    QualityAssurance,
    Stackability,
    Workload,
    WorkloadActivity,
    dump_spec,
    load_spec,
    parse_spec,
)

__all__ = [
    "LANGUAGES",
    "Assessment",
    "AwardingBody",
    "EmployerCoDesigner",
    "Grading",
    "LangText",
    "LearningOutcome",
    "Level",
    "MicroCredentialSpec",
    "Participation",
    "QualityAssurance",
    "Stackability",
    "Workload",
    "WorkloadActivity",
    "best_text",
    "dump_spec",
    "load_spec",
    "parse_spec",
]
