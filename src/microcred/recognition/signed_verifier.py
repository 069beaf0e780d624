"""A ``CredentialVerifier`` backed by ``microcred.verification`` (recognition.md §4.3 S1).

It checks the proof, the key and the validity dates offline, with the keys the given trust
registry knows (and did:key). Revocation can only be checked where a status list is at hand,
so without one the status check is reported as not checked and does not fail the credential.
Holder binding is the intake's job (it knows the applicant); this verifier reports the
signature, which is what S1 reads.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from microcred import __version__
from microcred.recognition.case import VerificationDoc
from microcred.recognition.evidence import payload_sha256
from microcred.trust import TrustRegistry
from microcred.verification import inspect


class CoreCredentialVerifier:
    """Verifies OB 3.0 / VC 2.0 documents (Data Integrity or vc+jwt) with the platform's verifier."""

    def __init__(self, trust: TrustRegistry | None = None, *, now: datetime | None = None) -> None:
        self._trust = trust
        self._now = now

    @property
    def name(self) -> str:
        return "microcred.verification"

    @property
    def version(self) -> str:
        return __version__

    def verify(self, fmt: str, document: dict[str, Any] | str) -> VerificationDoc:
        moment = self._now or datetime.now(UTC)
        report = inspect(document, trust=self._trust, now=moment)
        failed = [
            c
            for c in report.checks
            if c.failed and c.name in ("format", "proof", "key", "validity", "status")
        ]
        proof = report.check("proof")
        outcome = "valid" if proof.passed and not failed else "invalid"
        return VerificationDoc(
            method="vc_signature" if isinstance(document, str) else "ob3_signature",
            outcome=outcome,
            checked_at=moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            checker=f"{self.name} {self.version}",
            payload_sha256=payload_sha256(document),
        )
