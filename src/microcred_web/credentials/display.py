"""What a credential shows people, in the viewer's language: its page, its certificate PDF and its
share metadata read the same facts from here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.urls import reverse

from microcred_web.credentials.models import IssuedCredential
from microcred_web.register import display


def facts_of(issued: IssuedCredential) -> dict[str, Any]:
    """The micro-credential's elements (EU Annex I) in the viewer's language, from the version
    that was issued; labels of controlled values come from the reference vocabularies."""
    spec: dict[str, Any] = issued.version.spec if issued.version else {}
    if not spec:
        return {}
    workload = spec.get("workload") or {}
    level = spec.get("level") or {}
    qa = spec.get("quality_assurance") or {}
    participation = spec.get("participation") or {}
    return {
        "title": display.text(spec.get("title")),
        "description": display.text(spec.get("description")),
        "outcomes": [display.text(lo.get("text")) for lo in spec.get("learning_outcomes", [])],
        "credits": workload.get("credits"),
        "credit_system": workload.get("credit_system") or "",
        "hours": workload.get("hours"),
        "eqf": level.get("eqf"),
        "national_level": level.get("national") or "",
        "assessment": [
            display.vocabulary_label("assessment_types", t)
            for t in (spec.get("assessment") or {}).get("types", [])
        ],
        "mode": display.vocabulary_label("participation_modes", participation.get("mode")),
        "qa": qa.get("body") or display.vocabulary_label("qa_types", qa.get("type")),
        "supervision": display.vocabulary_label("supervision", spec.get("supervision")),
        "register_url": reverse("register:detail", kwargs={"uuid": issued.version.uuid})
        if issued.version
        else "",
    }


def date_of(value: Any) -> date | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date() if value else None
    except ValueError:
        return None


def name_of(document: Any) -> str:
    """The credential's own name, else its achievement's (OB 3.0), else "" (any VCDM 2.0
    credential signed through the VC-API may have neither, or a language map)."""
    if not isinstance(document, dict):
        return ""
    subject = document.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    for value in (document.get("name"), achievement.get("name") if isinstance(achievement, dict) else None):
        shown = display.text(value) if isinstance(value, dict) else value
        if isinstance(shown, str | display.LangValue) and str(shown).strip():
            return str(shown)
    return ""
