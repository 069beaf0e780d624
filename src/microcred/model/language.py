"""Multilingual text as language maps (ELM and OB 3.0 both carry text per language).

English is the common language of the consortium and is required wherever text is; the
partners' languages are optional.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# ISO 639-1 codes: English, Vietnamese, Lao, Czech, Italian, Croatian, French.
LANGUAGES: tuple[str, ...] = ("en", "vi", "lo", "cs", "it", "hr", "fr")


def _check_lang_map(value: dict[str, str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in LANGUAGES:
            raise PydanticCustomError(
                "language_unknown",
                "language '{value}' is not one of the platform's languages ({known})",
                {"value": lang, "known": ", ".join(LANGUAGES)},
            )
        text = text.strip()
        if not text:
            raise PydanticCustomError(
                "text_empty", "the '{value}' text is empty; leave the language out instead", {"value": lang}
            )
        cleaned[lang] = text
    if not cleaned:
        raise PydanticCustomError("text_none", "at least one language is needed")
    return cleaned


LangText = Annotated[dict[str, str], AfterValidator(_check_lang_map)]


def best_text(text: dict[str, str] | None, language: str, fallback: str = "en") -> str:
    """The text in ``language``, else in ``fallback``, else in any language given."""
    if not text:
        return ""
    return text.get(language) or text.get(fallback) or next(iter(text.values()))
