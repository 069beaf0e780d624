"""The QA review checklist as the designer sees it before submitting (issue 16 item 3, ADR 1612):
each item of the checklist a reviewer will use (``microcred.qa.checklist``, ADR 1501), and for
the items the checker can pre-check, whether the draft meets the pre-check now and which Annex I
elements it still lacks. Nothing is decided here: the core says what is met."""

from __future__ import annotations

from typing import Any

from microcred.qa import checklist
from microcred.standards.eu_mc import ConformanceReport
from microcred_web.catalogue.forms import ELEMENT_GROUPS
from microcred_web.qa.checklist_labels import item_question
from microcred_web.register.display import ELEMENT_LABELS


def _element(code: str) -> str:
    return f"{code} {ELEMENT_LABELS[code]}" if code in ELEMENT_LABELS else code


def qa_preview(report: ConformanceReport, *, link_prefix: str | None = None) -> dict[str, Any]:
    """Rows of the checklist with the draft's pre-checks, and the counts for the summary. Each
    element a pre-check still lacks links to the part of the editor that gives it
    (``link_prefix`` + ``#`` + fieldset id; ``None``: no links), so the designer can act on it."""
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
                "unmet": [_element(code) for code in unmet],
                "unmet_links": [
                    (
                        _element(code),
                        None
                        if link_prefix is None or code not in ELEMENT_GROUPS
                        else f"{link_prefix}#{ELEMENT_GROUPS[code]}",
                    )
                    for code in unmet
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
