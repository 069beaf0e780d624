"""The QA review checklist as the designer sees it before submitting (issue 16 item 3, ADR 1612):
each item of the checklist a reviewer will use (``microcred.qa.checklist``, ADR 1501), and for
the items the checker can pre-check, whether the draft meets the pre-check now and which Annex I
elements it still lacks. Nothing is decided here: the core says what is met."""

from __future__ import annotations

from typing import Any

from microcred.qa import checklist
from microcred.standards.eu_mc import ConformanceReport
from microcred_web.qa.checklist_labels import item_question
from microcred_web.register.display import ELEMENT_LABELS


def qa_preview(report: ConformanceReport) -> dict[str, Any]:
    """Rows of the checklist with the draft's pre-checks, and the counts for the summary."""
    status = report.element_status()
    rows = []
    for i in checklist.CHECKLIST:
        unmet = checklist.unmet_elements(i, status)
        rows.append(
            {
                "key": i.key,
                "question": item_question(i.key),
                "citation": i.citation,
                "mandatory": i.mandatory,
                "prechecked": bool(i.elements),
                "met": bool(i.elements) and not unmet,
                "unmet": [
                    f"{code} {ELEMENT_LABELS[code]}" if code in ELEMENT_LABELS else code for code in unmet
                ],
            }
        )
    prechecked = [r for r in rows if r["prechecked"]]
    return {
        "rows": rows,
        "version": checklist.CHECKLIST_VERSION,
        "prechecked": len(prechecked),
        "met": sum(1 for r in prechecked if r["met"]),
        "blocking": sum(1 for r in prechecked if not r["met"] and r["mandatory"]),
    }
