"""A ``CredentialVerifier`` backed by ``microcred.verification`` (recognition.md §4.3 S1).

It takes the core's verdict on the credential (ADR 0606; issuer binding included), offline,
with the keys the given trust registry knows (and did:key): ``valid`` → ``valid``, ``invalid`` →
``invalid``, "could not confirm" (an unresolvable key, a status entry with no list at hand) →
``not_checked``, which S1 reads as unknown, never as valid. Holder binding is the intake's job
(it knows the applicant), so the verdict is the one without the holder check.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from microcred import __version__
from microcred.recognition.case import VerificationDoc
from microcred.recognition.evidence import payload_sha256
from microcred.trust import TrustRegistry
from microcred.verification import StatusFetcher, inspect


class CoreCredentialVerifier:
    """Verifies OB 3.0 / VC 2.0 documents (Data Integrity or vc+jwt) with the platform's verifier."""

    def __init__(
        self,
        trust: TrustRegistry | None = None,
        *,
        status: StatusFetcher | None = None,
        now: datetime | None = None,
    ) -> None:
        self._trust = trust
        self._status = status  # status list credentials by URL; without them: "could not confirm"
        self._now = now

    @property
    def name(self) -> str:
        return "microcred.verification"

    @property
    def version(self) -> str:
        return __version__

    def verify(self, fmt: str, document: dict[str, Any] | str) -> VerificationDoc:
        moment = self._now or datetime.now(UTC)
        report = inspect(document, trust=self._trust, status=self._status, now=moment)
        verdict = report.credential_verdict
        outcome: Literal["valid", "invalid", "not_checked"] = (
            "not_checked" if verdict == "unconfirmed" else verdict
        )
        return VerificationDoc(
            method="vc_signature" if isinstance(document, str) else "ob3_signature",
            outcome=outcome,
            checked_at=moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            checker=f"{self.name} {self.version}",
            payload_sha256=payload_sha256(document),
        )
