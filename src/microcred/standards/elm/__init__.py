"""European Learning Model v3 (ELM 3.1, EDC application profile): JSON-LD exports.

Public API:

* :func:`elm_specification` — the spec as an ELM ``Qualification`` (a
  ``LearningAchievementSpecification`` that may carry EQF/NQF levels and accreditation);
* :func:`european_digital_credential` — the **unsealed** ``EuropeanDigitalCredential`` of an
  award. An eIDAS qualified seal is out of reach here, so the Europass viewer's seal check will
  not pass (ADR 0603).
"""

from microcred.standards.elm.export import (
    EDC_CONTEXTS,
    ELM_CONTEXT,
    UNSEALED_NOTICE,
    elm_specification,
    european_digital_credential,
)

__all__ = [
    "EDC_CONTEXTS",
    "ELM_CONTEXT",
    "UNSEALED_NOTICE",
    "elm_specification",
    "european_digital_credential",
]
