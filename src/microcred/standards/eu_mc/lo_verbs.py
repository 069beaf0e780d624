"""Is a learning outcome phrased with an observable verb?

Outcomes should say what a learner can *do* (ECTS Users' Guide 2015, §2.2; Bloom's revised
taxonomy). Verbs such as "understand" or "know" describe states nobody can observe, so the
checker warns about them. Only the leading verb is judged; an outcome whose verb is not in
either list is not judged at all, rather than guessed at.
"""

from __future__ import annotations

import re

# Lead-ins that precede the verb ("Students will be able to ...").
_LEAD_INS = re.compile(
    r"^(?:(?:the\s+)?(?:students?|learners?|participants?|graduates?)\s+)?"
    r"(?:(?:will|shall|should|can|could|are|is)\s+)?(?:be\s+)?(?:able\s+to\s+)?",
    re.IGNORECASE,
)

NOT_OBSERVABLE = {
    "en": {
        "understand",
        "know",
        "appreciate",
        "learn",
        "comprehend",
        "realise",
        "realize",
        "believe",
        "grasp",
        "familiarise",
        "familiarize",
        "aware",
        "acquainted",
        "familiar",
        "gain",
        "acquire",
        "internalise",
        "internalize",
        "value",
    },
    # Vietnamese and Lao: "hiểu"/"biết"/"nắm" (understand/know/grasp); "ເຂົ້າໃຈ"/"ຮູ້" (understand/know).
    "vi": {"hiểu", "biết", "nắm", "nắm được", "làm quen"},
    "lo": {"ເຂົ້າໃຈ", "ຮູ້", "ຮູ້ຈັກ"},
}


def leading_verb(text: str, language: str = "en") -> str:
    stripped = text.strip()
    if language == "en":
        stripped = _LEAD_INS.sub("", stripped, count=1)
        match = re.match(r"[A-Za-z-]+", stripped)
        return match.group(0).lower() if match else ""
    return stripped.lower()


def is_not_observable(text: str, language: str = "en") -> str | None:
    """The offending verb when the outcome starts with a non-observable one, else ``None``."""
    verbs = NOT_OBSERVABLE.get(language)
    if not verbs:
        return None
    if language == "en":
        verb = leading_verb(text, language)
        return verb if verb in verbs else None
    lowered = text.strip().lower()
    for verb in sorted(verbs, key=len, reverse=True):
        if lowered.startswith(verb):
            return verb
    return None
