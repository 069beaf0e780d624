"""The evidence hook for signed credentials (recognition.md §4.2 ``verification``, §6.2).

``microcred.verification`` (the credentials engineer's module, not yet there) will provide a
``CredentialVerifier``. At *intake* ``verify_signed_credentials`` runs it over every
``signed_credential`` of a case and writes the result into the case's ``verification`` list;
the canonical case (with those results) is what the audit log snapshots. The decision reads
only the recorded result, so a replay years later does not depend on keys, status lists or
networks that may have changed (§6.7). Without a verifier, S1 asks for verification
(PENDING_INFORMATION), never refuses.
"""

from __future__ import annotations

import hashlib
from typing import Any, Protocol

from microcred.crypto.jcs import canonicalize
from microcred.recognition.case import CaseDoc, SignedCredentialEvidence, VerificationDoc


class CredentialVerifier(Protocol):
    """Verifies one signed document; raises nothing for a bad signature, it reports it."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def verify(self, fmt: str, document: dict[str, Any] | str) -> VerificationDoc:
        """``outcome`` valid / invalid / mismatch, with ``checked_at``, ``checker`` and the payload hash."""
        ...


def payload_sha256(document: dict[str, Any] | str) -> str:
    """SHA-256 of the document as received: the UTF-8 of compact JWS text (or of a JSON text kept
    as a string), or of the RFC 8785 JCS bytes of a JSON object (ADR 0510; before it, sorted
    ``json.dumps``, which gives the same bytes for documents without floats, private-use keys
    or integers beyond 2**53). Raises :class:`microcred.crypto.errors.JcsError` for a value
    JCS cannot write (NaN, lone surrogates)."""
    raw = document.encode("utf-8") if isinstance(document, str) else canonicalize(document)
    return hashlib.sha256(raw).hexdigest()


def verify_signed_credentials(doc: CaseDoc, verifier: CredentialVerifier) -> CaseDoc:
    """The case with each signed credential's verification result recorded (intake step)."""
    creds = []
    for ev in doc.credentials:
        if isinstance(ev, SignedCredentialEvidence):
            result = verifier.verify(ev.format, ev.document)
            if result.payload_sha256 is None:
                result = result.model_copy(update={"payload_sha256": payload_sha256(ev.document)})
            if result.checker is None:
                result = result.model_copy(update={"checker": f"{verifier.name} {verifier.version}"})
            ev = ev.model_copy(update={"verification": [*ev.verification, result]})
        creds.append(ev)
    return doc.model_copy(update={"credentials": creds})
