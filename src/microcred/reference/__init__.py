"""Versioned reference data: credit systems, qualification frameworks, ELM vocabularies, ISCED-F.

Every entry carries its source and a confidence mark (C confirmed, S secondary source,
U unconfirmed). Entries marked as an assumption are shown to people as assumptions.
"""

from microcred.reference.tables import (
    Confidence,
    CreditSystem,
    Framework,
    IscedField,
    LevelMapping,
    LevelRef,
    ReferenceData,
    VocabularyEntry,
    parse_level,
    reference_data,
)

__all__ = [
    "Confidence",
    "CreditSystem",
    "Framework",
    "IscedField",
    "LevelMapping",
    "LevelRef",
    "ReferenceData",
    "VocabularyEntry",
    "parse_level",
    "reference_data",
]
