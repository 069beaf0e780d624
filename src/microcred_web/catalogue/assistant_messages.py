"""The design assistant's codes in the user's language (the core returns codes with
parameters; only this module words them). A code not listed here is shown as itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

BLOOM_NAMES: dict[str, Any] = {
    "remember": _("remember"),
    "understand": _("understand"),
    "apply": _("apply"),
    "analyse": _("analyse"),
    "evaluate": _("evaluate"),
    "create": _("create"),
}

MESSAGES: dict[str, Any] = {
    "outcome.not_observable": _(
        "“%(verb)s” describes a state nobody can observe. Start with what the learner does, e.g. %(suggestions)s."
    ),
    "outcome.bundled": _(
        "This outcome bundles several (%(verbs)s): split it so that each can be assessed on its own."
    ),
    "outcome.verb_unknown": _(
        "The assistant does not recognise the first verb, so it cannot tell the Bloom level. Start with a verb such as %(suggestions)s."
    ),
    "outcome.language_unsupported": _("The assistant has no verb list for this language yet."),
    "level.below": _(
        "At %(framework)s level %(level)s the highest outcome should reach at least “%(low)s”; yours reach “%(highest)s”. The set is pitched below the level: try %(suggestions)s."
    ),
    "level.above": _(
        "At %(framework)s level %(level)s outcomes up to “%(high)s” are expected; all of yours are above that. Check the level, or the outcomes."
    ),
    "level.fits": _(
        "At %(framework)s level %(level)s the highest outcome should reach “%(low)s” to “%(high)s”; yours reaches “%(highest)s”."
    ),
    "level.unknown": _(
        "Give outcomes with observable verbs to compare them with %(framework)s level %(level)s."
    ),
    "level.none": _("Choose the EQF (or AQRF) level to compare the outcomes with its descriptors."),
    "workload.credits_disagree": _(
        "%(hours)s hours give %(low)s–%(high)s %(system)s credits, but %(stated)s are stated. Check the hours or the credits."
    ),
    "workload.no_hours": _("Add the learning activities with their hours to see the credits."),
    "assessment.matrix_empty": _(
        "Say for each outcome how it is assessed (“Assessed by”): every outcome must be assessed."
    ),
    "assessment.outcome_unassessed": _("%(outcome)s is never assessed: tick at least one assessment type."),
    "assessment.attendance_only": _(
        "%(outcome)s is assessed by attendance only, which shows presence, not learning."
    ),
    "assessment.weak_for_level": _(
        "%(outcome)s asks learners to evaluate or create, but %(types)s cannot show that: add a project, an oral examination or an artefact."
    ),
    "assessment.type_unlisted": _("Also tick %(types)s under the types of assessment (M9)."),
    "recognition.supervision_missing": _(
        "Annex I lets you leave supervision and identity verification out, but a partner recognising this micro-credential will ask for it: its rules set the minimum identity check they accept. Say how learners are assessed and identified."
    ),
    "recognition.supervision_unsupervised": _(
        "Unsupervised assessment without an identity check is accepted by few recognition rules; partners that require a supervised, identified assessment will refuse it."
    ),
    "recognition.qa_body_missing": _(
        "No external QA body, registry or accreditation decision is named. The recognition desk checks quality assurance first; without it a partner must ask you, and recognition stalls."
    ),
    "recognition.internal_qa_unstated": _(
        "Say whether the institution's internal QA covers this micro-credential: recognition reads it."
    ),
}


def assistant_message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """``code`` with ``params`` in the active language."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    text = str(template)
    try:
        return text % dict(params or {})
    except (KeyError, ValueError, TypeError):
        return text
