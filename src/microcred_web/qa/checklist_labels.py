"""The QA review checklist's items as questions people read (en, vi, lo), by item key
(``microcred.qa.checklist.CHECKLIST``, ADR 1501). The citation stays the source's own words."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ITEM_QUESTIONS: dict[str, Any] = {
    "eu.quality": _("Is the micro-credential covered by internal and external quality assurance?"),
    "eu.transparency": _("Does the specification state every mandatory element clearly?"),
    "eu.relevance": _("Does it answer an identified need of learners, employers or society?"),
    "eu.valid_assessment": _("Are the outcomes assessed against transparent criteria?"),
    "eu.learning_pathways": _("Can it be combined or stacked into a larger credential?"),
    "eu.recognition": _("Are workload and level stated so that others can recognise it?"),
    "eu.portability": _("Can learners keep and share it (e.g. as a digital credential)?"),
    "eu.learner_centred": _("Are the outcomes written for learners and their needs?"),
    "eu.authentic": _("Is the awarding body identified so the credential can be verified?"),
    "eu.information_guidance": _("Is information and guidance available to learners?"),
    "esg.1_1": _("Is there an institutional policy for quality assurance?"),
    "esg.1_2": _("Was it designed and approved with intended outcomes and workload?"),
    "esg.1_3": _("Do teaching and assessment put students at the centre?"),
    "esg.1_4": _("Are admission, progression, recognition and certification rules published?"),
    "esg.1_5": _("Are the teaching staff competent?"),
    "esg.1_6": _("Are learning resources and student support adequate?"),
    "esg.1_7": _("Is information collected to manage the course?"),
    "esg.1_8": _("Is clear, up-to-date information published?"),
    "esg.1_9": _("Is the course monitored and reviewed periodically?"),
    "esg.1_10": _("Does the institution undergo external quality assurance cyclically?"),
}


def item_question(key: str) -> str:
    question = ITEM_QUESTIONS.get(key)
    return str(question) if question is not None else key
