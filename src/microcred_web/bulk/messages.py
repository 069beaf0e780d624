"""The sentences of bulk issuing's codes, in the user's language (the services speak in codes)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from microcred_web.bulk.services import BulkInputError, FailureCode

FAILURES: dict[str, Any] = {
    FailureCode.NOT_PASSED: _("The learner did not pass: no credential is issued."),
    FailureCode.ALREADY_ISSUED: _(
        "The learner already has this credential from another batch: it is not issued twice."
    ),
    FailureCode.SUPERVISION_NOT_MET: _(
        "The supervision and identity check applied is weaker than the micro-credential requires."
    ),
    FailureCode.INVALID_LEARNER: _("The learner's name or e-mail address is not valid."),
    FailureCode.INVALID_RESULT: _("The result is not valid (check the dates, the grade and the credits)."),
    FailureCode.VERSION_NOT_PUBLISHED: _("The micro-credential is no longer published."),
    FailureCode.NO_SIGNING_KEY: _("The institution has no active signing key."),
    FailureCode.NOT_ALLOWED: _("The person who started the batch may no longer issue credentials."),
    FailureCode.SIGNING_FAILED: _("The credential could not be signed and verified."),
    FailureCode.INTERNAL_ERROR: _("The credential could not be issued after several tries."),
}


def failure_message(code: str) -> str:
    return str(FAILURES.get(code, FAILURES[FailureCode.INTERNAL_ERROR]))


def input_error_message(exc: BulkInputError) -> str:
    params = {"where": exc.where, **exc.params}
    sentences: dict[str, Any] = {
        "version_not_published": _("Only a published micro-credential is issued."),
        "empty_batch": _("The list of learners is empty."),
        "too_many_items": _("%(count)s learners are more than the %(limit)s a batch may hold."),
        "missing_external_id": _("Every learner needs an id (external_id)."),
        "duplicate_external_id": _("The learner id %(external_id)s appears twice."),
    }
    return str(sentences.get(exc.code, _("The batch could not be started."))) % params
