"""European Learning Model v3 (ELM 3.1, EDC application profile): JSON-LD exports.

Public API:

* :func:`elm_specification` — the spec as an ELM ``Qualification`` (a
  ``LearningAchievementSpecification`` that may carry EQF/NQF levels and accreditation);
* :func:`european_digital_credential` — the **unsealed** ``EuropeanDigitalCredential`` of an
  award. An eIDAS qualified seal is out of reach here, so the Europass viewer's seal check will
  not pass (ADR 0603). Both conform to the EDC SHACL shapes (EDCI 2.0.6 v1.0.0, ELM 3.1
  v1.1.0) and the register's Qualification to the LOQ shapes (ADR 1330, docs/elm-shapes.md);
* :class:`LegalIdentifier` — the issuer's ``eidasLegalIdentifier``.
"""

from microcred.standards.elm.export import (
    EDC_CONTEXTS,
    ELM_CONTEXT,
    QDR_PREFIX,
    UNSEALED_NOTICE,
    LegalIdentifier,
    elm_specification,
    european_digital_credential,
)

__all__ = [
    "EDC_CONTEXTS",
    "ELM_CONTEXT",
    "QDR_PREFIX",
    "UNSEALED_NOTICE",
    "LegalIdentifier",
    "elm_specification",
    "european_digital_credential",
]
