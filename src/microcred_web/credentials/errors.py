"""Errors of the credentials app. They derive from the core's ``MicrocredError`` so every adapter
(page, VC-API, command) renders them the same way: what went wrong and where."""

from __future__ import annotations

from typing import Final

from microcred.errors import MicrocredError

# RFC 9457 problem types (VC-API ``problemDetails``). Only the registered W3C codes are minted in
# a W3C namespace; anything else is our own finding under ``urn:microcred:problem:``.
VCDM_ERRORS: Final = "https://www.w3.org/TR/vc-data-model#"
DI_ERRORS: Final = "https://w3id.org/security#"
STATUS_ERRORS: Final = "https://www.w3.org/ns/credentials/status-list#"
OWN_PROBLEMS: Final = "urn:microcred:problem:"
#: VCDM 2.0 §7.1 "Problem Details".
VCDM_CODES: Final = frozenset(
    {"PARSING_ERROR", "CRYPTOGRAPHIC_SECURITY_ERROR", "MALFORMED_VALUE_ERROR", "RANGE_ERROR"}
)
#: VC Data Integrity 1.0 "Processing Errors" and "Securing Data Losslessly".
DI_CODES: Final = frozenset(
    {
        "PROOF_GENERATION_ERROR",
        "PROOF_VERIFICATION_ERROR",
        "PROOF_TRANSFORMATION_ERROR",
        "MALFORMED_PROOF_ERROR",
        "MISMATCHED_PROOF_PURPOSE_ERROR",
        "INVALID_DOMAIN_ERROR",
        "INVALID_CHALLENGE_ERROR",
        "DATA_LOSS_DETECTION_ERROR",
    }
)
#: Bitstring Status List v1.0 §3.6 "Processing Errors" (RANGE_ERROR and MALFORMED_VALUE_ERROR are
#: the VCDM ones).
STATUS_CODES: Final = frozenset(
    {"STATUS_RETRIEVAL_ERROR", "STATUS_VERIFICATION_ERROR", "STATUS_LIST_LENGTH_ERROR"}
)


def problem_type(code: str) -> str:
    """The problem ``type`` URL of ``code``: the W3C namespace that registers it, else ours
    (``NOT_FOUND`` → ``urn:microcred:problem:not-found``)."""
    if code in VCDM_CODES:
        return VCDM_ERRORS + code
    if code in DI_CODES:
        return DI_ERRORS + code
    if code in STATUS_CODES:
        return STATUS_ERRORS + code
    return OWN_PROBLEMS + code.lower().replace("_", "-")


class CredentialError(MicrocredError):
    """Something about issuing, signing or changing the status of a credential."""


class CredentialInputError(CredentialError):
    """A credential or request that is not acceptable as given (VC-API 400, a form error)."""

    def __init__(self, message: str, *, where: str = "", code: str = "MALFORMED_VALUE_ERROR") -> None:
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
