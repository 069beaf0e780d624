"""The employers' codes (co-design, endorsements, demand profiles) in the user's language; the
services raise codes, only this module words them. An unknown code is shown as itself."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "empty": _("This needs some text."),
    "too_long": _("The text is longer than the limit."),
    "field_path": _("Choose the text the change is for."),
    "not_draft": _("Co-design is open only while the micro-credential is a draft."),
    "not_open": _("This proposal has been decided already."),
    "invalid": _("The change does not fit the specification; nothing was changed."),
    "duplicate": _("Your organisation already endorses this version."),
    "not_published": _("Only a published micro-credential can be endorsed."),
    "list_full": _("The organisation's revocation list is full."),
    "headcount": _("The number of people must be a whole number from 1."),
    "horizon": _("The dates must be real dates, the second not before the first."),
    "job_role": _("Name the job role (up to 200 characters)."),
    "not_its_key": _("This key is not one of your organisation's."),
    "compromised_moment": _("Give the moment as a date and time that has passed."),
    "compromised_later": _(
        "The key is already marked compromised from an earlier moment; only an earlier one can be set."
    ),
    "unknown_skill": _("A chosen skill is not in the imported ESCO classification; nothing was saved."),
    "too_many_skills": _("A demand profile can require at most 50 skills."),
}


def message(code: str) -> str:
    text = MESSAGES.get(code)
    return gettext(str(text)) if text is not None else code
