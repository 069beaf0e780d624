"""The case's JSON columns are read and written through typed values (issue 10 item 6): what
they write is exactly the shape the columns, the case document and the log always had."""

from __future__ import annotations

from microcred.recognition.desk_rules import Decision
from microcred_web.recognition.models import FindingOverride, LevelAssessment, PendingSignature

OVERRIDE = {
    "doc": {
        "standard": "S7",
        "code": "LO_COVERAGE",
        "subject": None,
        "materiality": "REMEDIABLE",
        "justification": "the missing outcome is covered by the project work",
        "actor": "user:7 (recognition_officer)",
        "approved_by": "user:9 (recognition_officer)",
        "remedy": {"type": "supplementary_assessment", "description": "an oral exam on LO3"},
    },
    "by": 7,
    "approved_by": 9,
}
PENDING = {
    "outcome": "NOT_RECOGNISED",
    "credits": None,
    "credit_system": "ECTS",
    "override": True,
    "justification": "the level is below the target's",
    "by": 7,
    "actor": "user:7 (recognition_officer)",
    "at": "2026-12-07T10:00:00Z",
}


def test_a_reclassification_reads_back_as_it_was_stored() -> None:
    entry = FindingOverride.from_json(OVERRIDE)
    assert entry.to_json() == OVERRIDE
    assert entry.key == ("S7", "LO_COVERAGE", None)
    unapproved = {
        **OVERRIDE,
        "approved_by": None,
        "doc": {**OVERRIDE["doc"], "approved_by": None, "remedy": None},
    }
    assert FindingOverride.from_json(unapproved).to_json() == unapproved


def test_a_pending_signature_reads_back_as_it_was_stored() -> None:
    pending = PendingSignature.from_json(PENDING)
    assert pending.to_json() == PENDING
    assert pending.decision == Decision(
        "NOT_RECOGNISED", None, "ECTS", True, "the level is below the target's"
    )
    assert (pending.outcome, pending.credits, pending.by) == ("NOT_RECOGNISED", None, 7)


def test_a_recorded_level_reads_back_as_it_was_stored() -> None:
    stored = {
        "credential_id": "urn:uuid:1",
        "level": "EQF:6",
        "justification": "the course is taught in the third year of a bachelor",
        "actor": "user:7 (recognition_officer)",
    }
    assert LevelAssessment.from_json(stored).to_json() == stored
