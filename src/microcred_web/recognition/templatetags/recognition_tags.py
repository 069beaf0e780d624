"""Small display filters of the recognition pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def arithmetic(step: Any) -> str:
    """A conversion step's expression as the text report prints it (κ's sum in brackets)."""
    from microcred.recognition.report import step_text

    if not isinstance(step, dict):
        return ""
    return step_text(str(step.get("label", "")), str(step.get("expression", "")))


@register.filter
def normalize(value: Any) -> str:
    """A Decimal without trailing zeros (4.00 -> 4)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


# Django ships no date formats for Lao: its DATE_FORMAT falls back to English ("Nov. 28, 2026").
# Lao readers write the day first with numbers, as the notice does.
_NUMERIC_DATE = {"lo": "j/n/Y"}


@register.filter
def local_date(value: Any) -> str:
    """A date in the page's language: Django's DATE_FORMAT, or day/month/year where Django has
    no format for the language (Lao)."""
    from django.utils.dateformat import format as date_format
    from django.utils.formats import date_format as localized
    from django.utils.translation import get_language

    if not value:
        return ""
    pattern = _NUMERIC_DATE.get((get_language() or "en").split("-")[0])
    return date_format(value, pattern) if pattern else localized(value, "DATE_FORMAT")


@register.filter
def event_label(action: Any, reader: str = "officer") -> str:
    """The name of a case event (``CASE_OPENED``…) for the officer or, with ``"learner"``, for
    the learner, in the page's language."""
    from microcred_web.recognition.messages import event_label as named

    return named(str(action), learner=reader == "learner")


@register.filter
def engine_label(value: Any) -> str:
    """The name of an engine code (outcome, result, materiality, element, supplier…) in the
    page's language (ADR 0840); the code itself when it has no name."""
    from microcred_web.recognition.messages import label

    return label(str(value)) if value not in (None, "") else ""


@register.filter
def indicator_label(value: Any) -> str:
    """The name of an engine indicator (``holder_matches``, ``issuer.qa``…) in the page's language."""
    from microcred_web.recognition.messages import indicator_label as name_of

    return name_of(str(value))


@register.filter
def coverage_label(value: Any) -> str:
    """How far a target outcome is covered (FULL, PARTIAL, NONE; recognition.md §4.3 S7), named."""
    from microcred_web.recognition.messages import label

    return label(f"coverage.{value}") if value else ""


@register.filter
def language_name(code: Any) -> str:
    """A notice language by its own name (Tiếng Việt, ພາສາລາວ), not its code."""
    from microcred_web.recognition.notice import LANGUAGE_NAMES

    return LANGUAGE_NAMES.get(str(code or ""), str(code or ""))


@register.filter
def result_label(value: Any) -> str:
    """The result of a standard (PASS, PARTIAL, FAIL…; recognition.md §4.3), named: PARTIAL of a
    standard is "partly met", not the outcome "recognised in part"."""
    from microcred_web.recognition.messages import LABELS, label

    code = f"result.{value}"
    return label(code) if code in LABELS else label(str(value or ""))
