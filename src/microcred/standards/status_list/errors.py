"""Errors of Bitstring Status List v1.0 §3.5 "Processing Errors".

``code`` is the spec's error name; ``problem_type`` the RFC 9457 ``type`` URL the spec assigns.
"""

from __future__ import annotations

from typing import Final

from microcred.errors import MicrocredError

__all__ = ["PROBLEM_TYPE_BASE", "StatusListError"]

PROBLEM_TYPE_BASE: Final = "https://www.w3.org/ns/credentials/status-list#"


class StatusListError(MicrocredError):
    """A status list that cannot be used: STATUS_RETRIEVAL_ERROR, STATUS_VERIFICATION_ERROR,
    STATUS_LIST_LENGTH_ERROR or RANGE_ERROR (Bitstring Status List v1.0 §3.5).
    """

    def __init__(self, message: str, *, where: str = "", code: str = "STATUS_VERIFICATION_ERROR") -> None:
        super().__init__(message, where=where)
        self.code = code

    @property
    def problem_type(self) -> str:
        return PROBLEM_TYPE_BASE + self.code
