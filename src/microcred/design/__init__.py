"""The design assistant: pure functions that teach while they check (issue 16).

``outcomes`` reads learning outcomes (Bloom level, observability, bundling, level fit);
``workload`` turns learning activities into notional hours and credits. Both return codes with
parameters; the web layer words them (docs/design-assistant.md).
"""

from microcred.design.outcomes import (
    LevelFit,
    OutcomeAnalysis,
    analyse_outcome,
    expected_bloom,
    level_fit,
    suggest_verbs,
)
from microcred.design.workload import (
    ACTIVITY_KINDS,
    Activity,
    CreditFigure,
    WorkloadEstimate,
    estimate_workload,
)

__all__ = [
    "ACTIVITY_KINDS",
    "Activity",
    "CreditFigure",
    "LevelFit",
    "OutcomeAnalysis",
    "WorkloadEstimate",
    "analyse_outcome",
    "estimate_workload",
    "expected_bloom",
    "level_fit",
    "suggest_verbs",
]
