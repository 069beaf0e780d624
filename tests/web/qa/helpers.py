"""Answer the QA checklist of a version in review as a reviewer would (ADR 1501); record an
employer endorsement row as the QA plan counts it (ADR 1481)."""

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


def endorse(slug: str, version: Any, by: Any, *, revoked: bool = False) -> None:
    """A row of an employer's endorsement of ``version`` (an unsigned stand-in document: the QA
    plan counts rows, the signing is tested in ``tests/web/skills``); revoked when asked."""
    from datetime import UTC, datetime

    from microcred_web.skills.models import Employer, Endorsement

    employer, _ = Employer.objects.get_or_create(slug=slug, defaults={"name": slug, "country": "VN"})
    Endorsement.objects.create(
        employer=employer,
        version=version,
        endorsed_by=by,
        document={},
        status_index=Endorsement.objects.filter(employer=employer).count(),
        revoked_at=datetime(2026, 10, 1, tzinfo=UTC) if revoked else None,
    )
