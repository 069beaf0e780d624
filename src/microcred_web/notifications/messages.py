"""The notifications' codes in the reader's language (services return codes with parameters;
only this module and the templates word them). A code not listed is shown as itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from microcred_web.core.wording import worded

MESSAGES: dict[str, Any] = {
    # e-mail subjects
    "subject.claim_link": _("Your credential “%(title)s” from %(institution)s"),
    "subject.changes_requested": _("Changes requested: %(code)s version %(version)s"),
    "subject.information_request": _("Information requested for recognition case %(reference)s"),
    # why a claim link does not work
    "claim.unknown": _("This link is not a valid claim link. Check that it was copied whole."),
    "claim.used": _("This link has been used already: the credential is in the account that used it."),
    "claim.expired": _(
        "This link has expired. Ask the institution that issued the credential to send it again."
    ),
    "claim.revoked": _("This credential has been revoked by its issuer; it cannot be taken."),
    "claim.other_account": _(
        "This credential is already in another account. Sign in with that account, or ask the issuer."
    ),
    "claim.account_exists": _(
        "An account with this e-mail address exists: sign in with it, then open the link again."
    ),
    "claim.username": _("Choose a username."),
    "claim.username_taken": _("This username is taken: choose another."),
    "claim.passwords_differ": _("The two passwords differ."),
    # the to-do lists of the home page
    "todo.review": _("To review"),
    "todo.issue": _("To issue"),
    "todo.answer": _("To answer"),
    "todo.decide": _("To decide"),
    "todo.review.version": _("%(code)s version %(version)s (%(institution)s) waits for QA review"),
    "todo.issue.offering": _("%(title)s, %(term)s — learners ready for their credential: %(count)s"),
    "todo.issue.batch": _("Bulk issue of %(code)s started %(started)s is not finished"),
    "todo.answer.changes": _("%(code)s version %(version)s: QA asked for changes"),
    "todo.answer.comments": _("%(code)s version %(version)s: new comments from the review"),
    "todo.answer.case": _("Recognition case %(reference)s — items asked of you: %(count)s"),
    "todo.answer.issuer": _(
        "%(institution)s, case %(reference)s — items asked of your institution: %(count)s"
    ),
    "todo.answer.survey": _("%(code)s, %(term)s: tell us how it went (a short survey)"),
    "todo.decide.case": _("Recognition case %(reference)s: %(status)s"),
    "todo.decide.approval": _("Recognition case %(reference)s: a decision waits for a second signature"),
    "todo.none": _("Nothing waits for you."),
}


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """``code`` with ``params`` in the active language."""
    return worded(MESSAGES, code, params)
