"""The QA review checklist, defined once (issue 15 item 1; ADR 1501).

Each item is one question a reviewer answers for a micro-credential version, with the evidence
they relied on. The items come from two texts, and each names its source:

* Council Recommendation of 16 June 2022 on a European approach to micro-credentials for
  lifelong learning and employability (2022/C 243/02), **Annex II**, "European principles for the
  design and issuance of micro-credentials": the ten principles (quality, transparency,
  relevance, valid assessment, learning pathways, recognition, portability, learner-centred,
  authentic, information and guidance).
* Standards and Guidelines for Quality Assurance in the European Higher Education Area (ESG
  2015), **Part 1**, standards 1.1 to 1.10 (internal quality assurance).

Some items can be *pre-checked* from the specification: the Annex I conformance checker
(``microcred.standards.eu_mc.check_document``) says, per Annex I element, whether the element is
present, absent, missing or invalid; an item tied to elements pre-checks as passed when all of
them are present. A failed pre-check does not decide for the reviewer, but an item whose
pre-check fails cannot be recorded as met (the specification must be fixed first).

The rule for approval (:func:`approval_problems`): every mandatory item answered as met with
evidence; no item met against a failed pre-check. Problems are codes with parameters; the web
layer words them. The checklist has a version (:data:`CHECKLIST_VERSION`), stored with every
answer, so a review can be read against the questions it answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "CHECKLIST",
    "CHECKLIST_VERSION",
    "Answer",
    "ChecklistItem",
    "Problem",
    "ProblemCode",
    "Source",
    "approval_problems",
    "item",
    "precheck",
    "required_elements",
    "unmet_elements",
]

CHECKLIST_VERSION = "2026.1"
"""Raise it whenever an item is added, removed or changes meaning (answers keep theirs)."""

EU_2022 = "Council Recommendation 2022/C 243/02, Annex II"
ESG_2015 = "ESG 2015, Part 1"


class Source(StrEnum):
    EU_PRINCIPLES = "eu_2022_annex_ii"
    ESG_PART_1 = "esg_2015_part_1"


@dataclass(frozen=True)
class ChecklistItem:
    """One question. ``key`` is stable; ``reference`` is the section of the source text
    (``"(a)"`` for the first Annex II principle, ``"1.2"`` for ESG standard 1.2);
    ``elements`` are the Annex I element codes the item pre-checks (empty: no pre-check)."""

    key: str
    source: Source
    reference: str
    mandatory: bool
    elements: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        text = EU_2022 if self.source == Source.EU_PRINCIPLES else ESG_2015
        return f"{text}, {self.reference}"


CHECKLIST: tuple[ChecklistItem, ...] = (
    # Annex II of the Recommendation, principles (a)-(j) in its order.
    ChecklistItem("eu.quality", Source.EU_PRINCIPLES, "(a) Quality", True, ("M11",)),
    ChecklistItem(
        "eu.transparency",
        Source.EU_PRINCIPLES,
        "(b) Transparency",
        True,
        ("M2", "M3", "M4", "M6", "M7", "M8", "M9", "M10", "M11"),
    ),
    ChecklistItem("eu.relevance", Source.EU_PRINCIPLES, "(c) Relevance", True),
    ChecklistItem("eu.valid_assessment", Source.EU_PRINCIPLES, "(d) Valid assessment", True, ("M9",)),
    ChecklistItem("eu.learning_pathways", Source.EU_PRINCIPLES, "(e) Learning pathways", True, ("O4",)),
    ChecklistItem("eu.recognition", Source.EU_PRINCIPLES, "(f) Recognition", True, ("M7", "M8")),
    ChecklistItem("eu.portability", Source.EU_PRINCIPLES, "(g) Portability", True),
    ChecklistItem("eu.learner_centred", Source.EU_PRINCIPLES, "(h) Learner-centred", True, ("M6",)),
    ChecklistItem("eu.authentic", Source.EU_PRINCIPLES, "(i) Authentic", True, ("M4",)),
    ChecklistItem(
        "eu.information_guidance", Source.EU_PRINCIPLES, "(j) Information and guidance", True, ("O5",)
    ),
    # ESG 2015 Part 1: the programme-level standards are mandatory, the institution-level ones
    # are recorded (often by pointing at the institution's evidence) but do not block approval.
    ChecklistItem("esg.1_1", Source.ESG_PART_1, "1.1 Policy for quality assurance", False),
    ChecklistItem("esg.1_2", Source.ESG_PART_1, "1.2 Design and approval of programmes", True, ("M6", "M7")),
    ChecklistItem(
        "esg.1_3", Source.ESG_PART_1, "1.3 Student-centred learning, teaching and assessment", True, ("M9",)
    ),
    ChecklistItem(
        "esg.1_4",
        Source.ESG_PART_1,
        "1.4 Student admission, progression, recognition and certification",
        True,
    ),
    ChecklistItem("esg.1_5", Source.ESG_PART_1, "1.5 Teaching staff", False),
    ChecklistItem("esg.1_6", Source.ESG_PART_1, "1.6 Learning resources and student support", False),
    ChecklistItem("esg.1_7", Source.ESG_PART_1, "1.7 Information management", False),
    ChecklistItem("esg.1_8", Source.ESG_PART_1, "1.8 Public information", False, ("O5",)),
    ChecklistItem("esg.1_9", Source.ESG_PART_1, "1.9 On-going monitoring and periodic review", False),
    ChecklistItem("esg.1_10", Source.ESG_PART_1, "1.10 Cyclical external quality assurance", False),
)

_BY_KEY: Mapping[str, ChecklistItem] = MappingProxyType({i.key: i for i in CHECKLIST})


def item(key: str) -> ChecklistItem | None:
    """The item with ``key`` in the current checklist, or ``None``."""
    return _BY_KEY.get(key)


@dataclass(frozen=True)
class Answer:
    """A reviewer's answer to one item: met or not, and the evidence (text, optional link)."""

    met: bool
    evidence: str
    link: str = ""

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence.strip())


def unmet_elements(checklist_item: ChecklistItem, element_status: Mapping[str, str]) -> tuple[str, ...]:
    """The Annex I elements of ``checklist_item`` that are not ``present`` (its pre-check fails
    exactly when this is not empty); the studio's preview names them to the designer."""
    return tuple(code for code in checklist_item.elements if element_status.get(code) != "present")


def required_elements() -> frozenset[str]:
    """The Annex I elements a mandatory item pre-checks: optional in Annex I, yet a version
    without them cannot be approved (the studio says so where the checker calls them optional,
    ADR 1633)."""
    return frozenset(code for i in CHECKLIST if i.mandatory for code in i.elements)


def precheck(element_status: Mapping[str, str]) -> dict[str, bool]:
    """Items that can be pre-checked, mapped to whether the pre-check passed: every Annex I
    element of the item is ``present`` in the conformance checker's ``element_status()``."""
    return {i.key: not unmet_elements(i, element_status) for i in CHECKLIST if i.elements}


class ProblemCode(StrEnum):
    MANDATORY_UNANSWERED = "qa.checklist.mandatory_unanswered"
    """A mandatory item has no answer (parameter ``item``)."""
    MANDATORY_NOT_MET = "qa.checklist.mandatory_not_met"
    """A mandatory item is answered as not met (parameter ``item``)."""
    NO_EVIDENCE = "qa.checklist.no_evidence"
    """An item is answered as met without evidence (parameter ``item``)."""
    PRECHECK_FAILED = "qa.checklist.precheck_failed"
    """An item is answered as met though its pre-check failed (parameter ``item``)."""


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    item: str


def approval_problems(answers: Mapping[str, Answer], prechecks: Mapping[str, bool]) -> tuple[Problem, ...]:
    """Why the answers do not allow approval (empty: they do). In checklist order, one problem
    per item at most; answers to keys outside the checklist are ignored."""
    problems: list[Problem] = []
    for i in CHECKLIST:
        answer = answers.get(i.key)
        if answer is None:
            if i.mandatory:
                problems.append(Problem(ProblemCode.MANDATORY_UNANSWERED, i.key))
            continue
        if answer.met and prechecks.get(i.key) is False:
            problems.append(Problem(ProblemCode.PRECHECK_FAILED, i.key))
        elif answer.met and not answer.has_evidence:
            problems.append(Problem(ProblemCode.NO_EVIDENCE, i.key))
        elif i.mandatory and not answer.met:
            problems.append(Problem(ProblemCode.MANDATORY_NOT_MET, i.key))
    return tuple(problems)
