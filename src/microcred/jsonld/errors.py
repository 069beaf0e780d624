"""Errors of JSON-LD processing. Each names the JSON-LD 1.1 API error code it corresponds to
(when there is one) and says where: a JSON path such as ``$.credentialSubject.achievement.type``,
a context URL, or a term."""

from __future__ import annotations

from microcred.errors import MicrocredError


class JsonLdError(MicrocredError):
    """A JSON-LD document or context cannot be processed (JSON-LD 1.1 API §9.4 error codes)."""

    def __init__(self, message: str, *, where: str = "", code: str = "") -> None:
        super().__init__(f"{message} [{code}]" if code else message, where=where)
        self.code = code


class UnknownContextError(JsonLdError):
    """A context URL that the offline bundle does not hold (never fetched from the network)."""


class ContextIntegrityError(JsonLdError):
    """A bundled context file whose bytes do not match the pinned sha256."""


class UnsafeDocumentError(JsonLdError):
    """Safe mode refused the document: something would be dropped, guessed or left relative."""


class UnsupportedFeatureError(JsonLdError):
    """A JSON-LD construct this processor deliberately does not implement (refused, not ignored)."""
