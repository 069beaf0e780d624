"""Errors of the credentials app. They derive from the core's ``MicrocredError`` so every adapter
(page, VC-API, command) renders them the same way: what went wrong and where."""

from __future__ import annotations

from microcred.errors import MicrocredError


class CredentialError(MicrocredError):
    """Something about issuing, signing or changing the status of a credential."""


class CredentialInputError(CredentialError):
    """A credential or request that is not acceptable as given (VC-API 400, a form error)."""

    def __init__(self, message: str, *, where: str = "", code: str = "MALFORMED_CREDENTIAL") -> None:
        super().__init__(message, where=where)
        self.code = code


class NoSigningKeyError(CredentialError):
    """The institution has no active signing key yet."""


class StatusChangeError(CredentialError):
    """A status change that makes no sense now (revoking twice, unsuspending a valid credential)."""


class CredentialIdInUseError(CredentialError):
    """The credential ``id`` is already taken by another credential on this platform (ADR 0607):
    one id names one credential (VCDM 2.0 §4.4). The VC-API answers 409; pages say it with
    :func:`microcred_web.credentials.messages.error_message`."""

    code = "CREDENTIAL_ID_IN_USE"

    def __init__(self, credential_id: str) -> None:
        super().__init__("another credential on this platform already has this id", where=credential_id)
        self.credential_id = credential_id
