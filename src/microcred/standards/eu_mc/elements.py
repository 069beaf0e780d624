"""The 16 standard elements of Annex I (11 mandatory, 5 optional) and where each lives.

Labels paraphrase Annex I, Parts I and II, of Council Recommendation 2022/C 243/02
(confirmed through Cedefop's glossary and SWD(2021) 367); the ELM column is the European
Learning Model 3.1 property that carries the element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Element:
    code: str
    label: str
    kind: Literal["mandatory", "optional"]
    applies_to: Literal["spec", "award"]
    path: str
    elm: str


ELEMENTS: tuple[Element, ...] = (
    Element(
        "M1",
        "Identification of the learner",
        "mandatory",
        "award",
        "credentialSubject",
        "credentialSubject (Person)",
    ),
    Element(
        "M2",
        "Title of the micro-credential",
        "mandatory",
        "spec",
        "title",
        "hasClaim.title / specifiedBy.title",
    ),
    Element(
        "M3",
        "Country(ies)/region(s) of the issuer",
        "mandatory",
        "spec",
        "awarding_bodies[].country",
        "awardingBody.location.address.countryCode",
    ),
    Element("M4", "Awarding body(ies)", "mandatory", "spec", "awarding_bodies", "awardedBy.awardingBody"),
    Element("M5", "Date of issuing", "mandatory", "award", "validFrom", "issued / awardingDate"),
    Element(
        "M6", "Learning outcomes", "mandatory", "spec", "learning_outcomes", "specifiedBy.learningOutcome"
    ),
    Element(
        "M7",
        "Notional workload needed to achieve the learning outcomes (in ECTS, wherever possible)",
        "mandatory",
        "spec",
        "workload",
        "specifiedBy.creditPoint / volumeOfLearning",
    ),
    Element(
        "M8",
        "Level (and cycle, if applicable) of the learning experience (EQF, QF-EHEA)",
        "mandatory",
        "spec",
        "level",
        "specifiedBy.eqfLevel / nqfLevel",
    ),
    Element(
        "M9", "Type of assessment", "mandatory", "spec", "assessment.types", "provenBy.specifiedBy.dcType"
    ),
    Element(
        "M10",
        "Form of participation in the learning activity",
        "mandatory",
        "spec",
        "participation.mode",
        "specifiedBy.mode / learningSetting",
    ),
    Element(
        "M11",
        "Type of quality assurance used to underpin the micro-credential",
        "mandatory",
        "spec",
        "quality_assurance",
        "specifiedBy.accreditation",
    ),
    Element(
        "O1",
        "Prerequisites needed to enrol in the learning activity",
        "optional",
        "spec",
        "prerequisites",
        "specifiedBy.entryRequirement",
    ),
    Element(
        "O2",
        "Supervision and identity verification during assessment",
        "optional",
        "spec",
        "supervision",
        "provenBy.idVerification",
    ),
    Element(
        "O3",
        "Grade achieved (grading scheme on the offering)",
        "optional",
        "spec",
        "grading",
        "provenBy.grade / gradingScheme",
    ),
    Element(
        "O4", "Integration/stackability options", "optional", "spec", "stackability", "specifiedBy.isPartOf"
    ),
    Element(
        "O5", "Further information", "optional", "spec", "further_information", "additionalNote / homepage"
    ),
)

BY_CODE = {e.code: e for e in ELEMENTS}

# Which element a top-level key of the exchange format implements, to name it in findings.
ELEMENT_OF_KEY = {
    "title": "M2",
    "awarding_bodies": "M4",
    "learning_outcomes": "M6",
    "workload": "M7",
    "level": "M8",
    "assessment": "M9",
    "participation": "M10",
    "quality_assurance": "M11",
    "prerequisites": "O1",
    "supervision": "O2",
    "grading": "O3",
    "stackability": "O4",
    "further_information": "O5",
}
