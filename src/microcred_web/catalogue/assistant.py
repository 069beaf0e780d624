"""The design assistant's panel: the core's analyses of an editor document, ready to render.

Reads an exchange-format document (possibly incomplete, as the editor posts it), asks the core
(``microcred.design``) and words its codes (``assistant_messages``). Nothing here decides a
rule; it only picks which core function to ask and what to show.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language

from microcred.design import Activity, analyse_outcome, estimate_workload, level_fit, suggest_verbs
from microcred.design.assessment import assessment_matrix
from microcred.design.outcomes import expected_bloom
from microcred.design.readiness import recognition_notes
from microcred.errors import MicrocredError
from microcred.model import MicroCredentialSpec
from microcred.model.spec import ActivityKind
from microcred.reference import reference_data
from microcred.standards.eu_mc.lo_verbs import BLOOM_RANK
from microcred_web.catalogue.assistant_messages import BLOOM_NAMES, assistant_message
from microcred_web.catalogue.forms import ELEMENT_GROUPS

ASSISTANT_LANGUAGES = ("en", "vi", "lo")


def _decimal(value: Any) -> Decimal | None:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _bloom(name: str | None) -> str:
    return str(BLOOM_NAMES.get(name or "", name or ""))


def _quote(verbs: tuple[str, ...]) -> str:
    return ", ".join(f"“{v}”" for v in verbs)


def _level(document: dict[str, Any]) -> tuple[str, int] | None:
    level = document.get("level") or {}
    for framework in ("eqf", "aqrf"):
        value = level.get(framework)
        if isinstance(value, int) and 1 <= value <= 8:
            return framework.upper(), value
        if isinstance(value, str) and value.isdigit() and 1 <= int(value) <= 8:
            return framework.upper(), int(value)
    return None


def _outcomes(
    document: dict[str, Any], level: tuple[str, int] | None
) -> tuple[list[dict[str, Any]], list[Any], dict[str, str]]:
    rows: list[dict[str, Any]] = []
    analyses = []
    blooms: dict[str, str] = {}  # outcome id -> the highest level read in any of its languages
    intended_default = expected_bloom(level[1])[0] if level else "apply"
    for index, lo in enumerate(document.get("learning_outcomes") or ()):
        if not isinstance(lo, dict) or not isinstance(lo.get("text"), dict):
            continue
        intended = lo.get("bloom_level") if lo.get("bloom_level") in BLOOM_NAMES else intended_default
        for lang, text in lo["text"].items():
            if lang not in ASSISTANT_LANGUAGES or not isinstance(text, str) or not text.strip():
                continue
            a = analyse_outcome(text, lang)
            analyses.append(a)
            lo_id = str(lo.get("id") or f"LO{index + 1}")
            if a.bloom and (lo_id not in blooms or BLOOM_RANK[a.bloom] > BLOOM_RANK[blooms[lo_id]]):
                blooms[lo_id] = a.bloom
            suggestions = _quote(suggest_verbs(intended, lang, limit=4))
            notes = [assistant_message(code, {**a.params, "suggestions": suggestions}) for code in a.codes]
            rows.append(
                {
                    "id": lo.get("id") or f"LO{index + 1}",
                    "anchor": f"id_lo-{index}-text_{lang}",
                    "language": lang,
                    "text": a.text,
                    "bloom": _bloom(a.bloom),
                    "notes": notes,
                }
            )
    return rows, analyses, blooms


def _workload(document: dict[str, Any]) -> dict[str, Any] | None:
    w = document.get("workload") or {}
    activities = []
    for raw in w.get("activities") or ():
        kind: ActivityKind = raw.get("kind") or "other"
        weeks = raw.get("weeks")
        activities.append(
            Activity(
                kind,
                _decimal(raw["hours"]) if raw.get("hours") is not None else None,
                _decimal(raw["per_week"]) if raw.get("per_week") is not None else None,
                int(weeks) if isinstance(weeks, int) else None,
            )
        )
    stated_hours = _decimal(w.get("hours")) if w.get("hours") is not None else None
    if not activities and stated_hours is not None:
        activities = [Activity("other", stated_hours)]
    credits = _decimal(w.get("credits")) if w.get("credits") is not None else None
    try:
        estimate = estimate_workload(
            activities, stated_credits=credits, stated_system=w.get("credit_system") or None
        )
    except MicrocredError:
        return None  # the editor's own field errors say what is wrong
    notes = [assistant_message(code, dict(estimate.params)) for code in estimate.codes]
    hours_differ = bool(w.get("activities")) and stated_hours is not None and stated_hours != estimate.hours
    return {"estimate": estimate, "notes": notes, "hours_differ": hours_differ, "stated_hours": stated_hours}


def _note_anchor(outcome: str | None, types: tuple[str, ...], anchor: Any, *, first: str | None) -> str:
    """Where a matrix note is acted on: its outcome's boxes; the M9 types for a type to add;
    the first outcome's boxes when no outcome says how it is assessed yet."""
    if outcome:
        return str(anchor(outcome))
    return "id_assessment_types_0" if types else str(anchor(first))


def _matrix(spec: MicroCredentialSpec, blooms: dict[str, str], rows_of: dict[str, int]) -> dict[str, Any]:
    """The matrix, each outcome and each note about one linked to the outcome's "Assessed by"
    boxes in the editor (``rows_of``: outcome id -> editor row)."""
    m = assessment_matrix(spec, blooms)

    def anchor(outcome: str | None) -> str:
        return f"id_lo-{rows_of[outcome]}-assessed_by_0" if outcome in rows_of else ""

    vocab = reference_data().vocabulary("assessment_types")
    lang = get_language() or "en"
    labels = {t: (vocab[t].label.get(lang) or vocab[t].label["en"]) if t in vocab else t for t in m.types}
    rows = [
        {"id": lo, "anchor": anchor(lo), "cells": [(lo, t) in m.cells for t in m.types]} for lo in m.outcomes
    ]
    notes = [
        {
            "message": assistant_message(
                n.code, {"outcome": n.outcome or "", "types": ", ".join(labels.get(t, t) for t in n.types)}
            ),
            "anchor": _note_anchor(n.outcome, n.types, anchor, first=next(iter(rows_of), None)),
        }
        for n in m.notes
    ]
    return {"types": [labels[t] for t in m.types], "rows": rows, "notes": notes}


def assistant_context(document: dict[str, Any], spec: MicroCredentialSpec | None) -> dict[str, Any]:
    """Everything the assistant panel shows for ``document`` (``spec`` when it parses)."""
    level = _level(document)
    rows, analyses, blooms = _outcomes(document, level)
    fit = None
    if level is not None:
        lang = next((a.language for a in analyses), "en")
        f = level_fit(analyses, level[1], framework=level[0], language=lang)
        params = {
            **f.params(),
            "low": _bloom(f.expected[0]),
            "high": _bloom(f.expected[1]),
            "highest": _bloom(f.highest),
            "suggestions": _quote(f.suggestions),
        }
        fit = {"code": f.code, "message": assistant_message(f.code, params), "source": f.source}
    notes = []
    outcome_rows = {
        str(lo.get("id") or f"LO{i + 1}"): i
        for i, lo in enumerate(document.get("learning_outcomes") or ())
        if isinstance(lo, dict)
    }
    matrix = _matrix(spec, blooms, outcome_rows) if spec is not None else None
    if spec is not None:
        notes = [
            {
                "element": n.element,
                "message": assistant_message(n.code),
                "code": n.code,
                "anchor": ELEMENT_GROUPS.get(n.element, ""),
            }
            for n in recognition_notes(spec)
        ]
    return {
        "assistant": {
            "outcomes": rows,
            "level": level,
            "fit": fit,
            "no_level": assistant_message("level.none") if level is None else "",
            "workload": _workload(document),
            "recognition_notes": notes,
            "matrix": matrix,
        }
    }
