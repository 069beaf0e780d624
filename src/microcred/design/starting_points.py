"""Where a new specification starts (issue 16 item 4, ADR 1613): a template per type of
micro-credential, or a copy of a published one of any partner.

Templates hold structure and choices, not prose: the designer writes every text (outcomes,
title, description) in their own words, and the assistant checks it. A copy keeps the source's
content but becomes the designer's institution's: its awarding bodies are replaced, its code
and version dropped; the original is never touched (the web records the provenance).
"""

from __future__ import annotations

import copy
from typing import Any

from microcred.errors import InputError

# The three types of issue 16 item 4. Workload breakdowns follow the ECTS Users' Guide 2015
# §3.2 (every learning activity counts, including self-study and assessment); the hours are a
# typical shape to edit, not a norm.
TEMPLATES: dict[str, dict[str, Any]] = {
    # A stand-alone short course: open to anyone, assessed by a project, about 5 ECTS.
    "short_course": {
        "participation": {"mode": "blended", "learning_setting": "non_formal"},
        "assessment": {"types": ["project_work", "oral_examination"]},
        "supervision": "supervised_with_id",
        "stackability": {"kind": "standalone"},
        "workload": {
            "activities": [
                {"kind": "lecture", "hours": "14"},
                {"kind": "seminar", "hours": "10"},
                {"kind": "self_study", "hours": "55"},
                {"kind": "project", "hours": "45"},
                {"kind": "exam", "hours": "2"},
            ],
            "hours": "126",
        },
    },
    # A module of a degree programme opened as a micro-credential: stackable toward the
    # programme (name it), programme QA, the programme's examination.
    "degree_module": {
        "participation": {"mode": "onsite", "learning_setting": "formal"},
        "assessment": {"types": ["written_examination", "marked_assignment"]},
        "supervision": "supervised_with_id",
        "stackability": {"kind": "stackable"},
        "quality_assurance": {"type": "programme_qa", "internal_qa": True},
        "workload": {
            "activities": [
                {"kind": "lecture", "per_week": "2", "weeks": 13},
                {"kind": "seminar", "per_week": "1", "weeks": 13},
                {"kind": "self_study", "hours": "80"},
                {"kind": "assessment_preparation", "hours": "27"},
                {"kind": "exam", "hours": "2"},
            ],
            "hours": "148",
        },
    },
    # A course designed with an employer: work-based, assessed on practice, the employer named
    # as co-designer (add it in the editor).
    "employer_course": {
        "participation": {"mode": "work_based", "learning_setting": "non_formal"},
        "assessment": {"types": ["practical_assessment", "project_work"]},
        "supervision": "supervised_with_id",
        "stackability": {"kind": "standalone"},
        "workload": {
            "activities": [
                {"kind": "seminar", "hours": "8"},
                {"kind": "lab", "hours": "24"},
                {"kind": "project", "hours": "40"},
                {"kind": "self_study", "hours": "24"},
                {"kind": "exam", "hours": "4"},
            ],
            "hours": "100",
        },
    },
}

# Keys of a published specification that belong to its owner, not to a copy.
_NOT_COPIED = ("code", "version", "awarding_bodies", "homepage")


def template_document(kind: str, *, start: dict[str, Any]) -> dict[str, Any]:
    """The template ``kind`` over ``start`` (the institution's prefilled draft: awarding body,
    credit system). Raises ``InputError`` for an unknown kind."""
    if kind not in TEMPLATES:
        raise InputError(f"unknown template {kind!r}; templates are {', '.join(TEMPLATES)}", where="template")
    document = copy.deepcopy(start)
    for key, value in copy.deepcopy(TEMPLATES[kind]).items():
        if isinstance(value, dict) and isinstance(document.get(key), dict):
            document[key] = {**value, **{k: v for k, v in document[key].items() if k not in value}}
        else:
            document[key] = value
    return document


def copy_as_new_draft(source: dict[str, Any], *, start: dict[str, Any]) -> dict[str, Any]:
    """A published specification as a new draft of another institution: everything but the
    owner's code, version, awarding bodies and homepage, which come from ``start``. The credit
    system stays the source's (its hours and credits were stated in it)."""
    document = {k: copy.deepcopy(v) for k, v in source.items() if k not in _NOT_COPIED}
    document["awarding_bodies"] = copy.deepcopy(start.get("awarding_bodies") or [])
    return document
