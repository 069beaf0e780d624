"""Template helpers for the studio: text in the reader's language and vocabulary labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from microcred.model import best_text
from microcred.reference import reference_data

register = template.Library()


@register.filter
def lang_text(value: Any) -> str:
    """A language map shown in the current interface language (else English, else any)."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    return best_text(value, (get_language() or "en")[:2])


@register.filter
def vocab(key: Any, vocabulary: str) -> str:
    """The label of a controlled-vocabulary key (e.g. ``blended`` in participation_modes)."""
    if not key:
        return ""
    entry = reference_data().vocabulary(vocabulary).get(str(key))
    return best_text(entry.label, (get_language() or "en")[:2]) if entry else str(key)


@register.filter
def isced_label(code: Any) -> str:
    field = reference_data().isced.get(str(code or ""))
    return f"{code} — {best_text(field.label, (get_language() or 'en')[:2])}" if field else str(code or "")


# The section of the designer's guide (studio/guide.html) that explains each editor group.
GUIDE_SECTIONS = {
    "fs-general": "what",
    "fs-learning_outcomes": "outcomes",
    "fs-level": "level",
    "fs-workload": "workload",
    "fs-workload_activities": "workload",
    "fs-assessment": "assessment",
    "fs-supervision": "recognition",
    "fs-quality_assurance": "recognition",
}


@register.filter
def guide_section(fieldset_id: Any) -> str:
    """The guide anchor for an editor group id, or "" when the guide has no section for it."""
    return GUIDE_SECTIONS.get(str(fieldset_id), "")
