"""Errors of the credentials app said to people, in their language: the error's code and
parameters are translated here, at the edge, never matched by their English text."""

from __future__ import annotations

from django.utils.translation import gettext as _

from microcred.errors import MicrocredError
from microcred_web.credentials.errors import CredentialIdInUseError


def error_message(exc: MicrocredError) -> str:
    """What a page shows for ``exc``: the translated sentence of a coded error, else its text."""
    if isinstance(exc, CredentialIdInUseError):
        return _(
            "The credential id %(credential_id)s is already used by another credential on this "
            "platform. One id names one credential: nothing was issued."
        ) % {"credential_id": exc.credential_id}
    return str(exc)
