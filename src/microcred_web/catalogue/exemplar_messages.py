"""The annotations of the exemplary specifications (``microcred.design.exemplars``) in the
reader's language, for the studio guide (ADR 1613)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from microcred.design.exemplars import exemplars
from microcred.model.language import best_text
from microcred.reference import reference_data
from microcred_web.catalogue.assistant_messages import BLOOM_NAMES
from microcred_web.core.wording import worded
from microcred_web.register.display import ELEMENT_LABELS

NOTES: dict[str, Any] = {
    "exemplar.outcomes_observable": _(
        "Every outcome starts with one verb that says what the learner does (%(verbs)s), so each can be assessed on its own."
    ),
    "exemplar.outcomes_climb": _(
        "The outcomes climb from “%(low)s” to “%(high)s”: the highest reaches what EQF level %(level)s expects."
    ),
    "exemplar.workload_fits": _(
        "%(hours)s hours for %(credits)s %(system)s credits: within the %(min)s–%(max)s hours a credit counts, so the credits can be converted and trusted."
    ),
    "exemplar.assessment_two_kinds": _(
        "Two kinds of assessment (%(types)s): a supervised examination for knowledge, and a piece of work for the higher outcomes."
    ),
    "exemplar.qa_named": _(
        "The external QA body and its registry are named (%(body)s; %(registry)s): the first thing a recognition officer checks."
    ),
    "exemplar.supervision_named": _(
        "Supervision and identity verification are stated, although Annex I calls them optional: partners' recognition rules ask for them."
    ),
    "exemplar.stackable_toward": _("It names the larger credential it stacks toward: “%(toward)s”."),
    "exemplar.bilingual": _(
        "Title and outcomes are in English and in the language of the learners (%(languages)s), so both the register and the learners can read them."
    ),
}


def _types(codes: str, lang: str) -> str:
    vocab = reference_data().vocabulary("assessment_types")
    names = []
    for code in codes.split(", "):
        entry = vocab.get(code)
        names.append((entry.label.get(lang) or entry.label["en"]) if entry else code)
    return ", ".join(names)


def exemplar_context() -> list[dict[str, Any]]:
    """Each exemplar with its title in the reader's language and its worded notes."""
    lang = get_language() or "en"
    out = []
    for e in exemplars():
        notes = []
        for n in e.notes:
            params = dict(n.params)
            if "types" in params:
                params["types"] = _types(params["types"], lang)
            for key in ("low", "high"):
                if key in params:
                    params[key] = str(BLOOM_NAMES.get(params[key], params[key]))
            notes.append(
                {
                    "element": n.element,
                    "label": ELEMENT_LABELS.get(n.element, n.element),
                    "text": worded(NOTES, n.code, params),
                }
            )
        mc = e.spec
        body = mc.awarding_bodies[0] if mc.awarding_bodies else None
        out.append(
            {
                "key": e.key,
                "title": best_text(mc.title, lang),
                "institution": best_text(body.name, lang) if body else "",
                "outcomes": [best_text(lo.text, lang) for lo in mc.learning_outcomes],
                "notes": notes,
            }
        )
    return out
