"""Answer the QA checklist of a version in review as a reviewer would (ADR 1501)."""

from __future__ import annotations

from typing import Any

from microcred.qa.checklist import CHECKLIST
from microcred_web.qa import selectors, services


def answer_checklist(version: Any, by: Any, *, skip: str = "") -> None:
    checks = selectors.prechecks(version)
    for item in CHECKLIST:
        if item.key != skip:
            services.checklist_answer_record(
                version=version, by=by, item=item.key, met=checks.get(item.key) is not False, evidence="seen"
            )


def checklist_answered(version: Any, by: Any) -> None:
    """Every item answered as met, written directly (for tests about who may approve, not
    about the checklist)."""
    from microcred.qa.checklist import CHECKLIST_VERSION
    from microcred_web.qa.models import ChecklistAnswer

    ChecklistAnswer.objects.bulk_create(
        ChecklistAnswer(
            version=version, checklist_version=CHECKLIST_VERSION, item=i.key, met=True, evidence="seen", by=by
        )
        for i in CHECKLIST
    )
