"""Fixed identifiers of Open Badges 3.0 and VCDM 2.0 used when composing credentials."""

from __future__ import annotations

from typing import Final

VCDM2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB3_EXTENSIONS_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
#: OB 3.0 §8.1: VCDM 2.0 first, the OB context second; ``extensions.json``
#: defines ``1EdTechJsonSchemaValidator2019`` (undefined without it: perf-baselines caveat 1).
OB3_CONTEXTS: Final[tuple[str, ...]] = (VCDM2_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT)

#: OB 3.0 §B.1.1 credentialSchema: the published URL of the AchievementCredential schema.
OB3_SCHEMA_URL: Final = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
OB3_SCHEMA_VALIDATOR: Final = "1EdTechJsonSchemaValidator2019"

#: OB 3.0 §B.3 AchievementType enumeration includes ``MicroCredential``.
ACHIEVEMENT_TYPE: Final = "MicroCredential"

# Alignment target types for EU elements (OB 3.0 §B.1.5 AlignmentTargetType is an extensible
# enumeration: ``ext:`` + name). ADR 0602 gives the mapping.
TARGET_ESCO_SKILL: Final = "ext:ESCOSkill"
TARGET_EQF_LEVEL: Final = "ext:EQFLevel"
TARGET_NQF_LEVEL: Final = "ext:NQFLevel"
TARGET_AQRF_LEVEL: Final = "ext:AQRFLevel"
TARGET_ISCED_F: Final = "ext:ISCEDFField"
TARGET_ASSESSMENT: Final = "ext:ELMAssessmentType"
TARGET_MODE: Final = "ext:ELMLearningMode"
TARGET_SETTING: Final = "ext:ELMLearningSetting"
TARGET_SUPERVISION: Final = "ext:ELMSupervisionVerification"
TARGET_QA: Final = "ext:ELMAccreditationType"
TARGET_CREDIT_SYSTEM: Final = "ext:ELMCreditSystem"
TARGET_STACKABLE: Final = "ext:StackableToward"

#: OB 3.0 §B.2.4 IdentifierTypeEnum is extensible; the date of birth uses our extension (ADR 0601).
IDENTITY_TYPE_DATE_OF_BIRTH: Final = "ext:dateOfBirth"
