"""A ``CredentialVerifier`` backed by ``microcred.verification`` (recognition.md §4.3 S1).

It takes the core's verdict on the credential (ADR 0606; issuer binding included), offline,
with the keys the given trust registry knows (and did:key). The revocation/suspension status is
recorded on its own (``VerificationDoc.status``: result, list URL, date, check code; ADR 0530), so
S1 can say what was checked: the ``outcome`` is the verdict of the format, proof, key and validity
checks, plus a status list that failed to verify; ``valid`` → ``valid``, ``invalid`` → ``invalid``,
"could not confirm" (an unresolvable key) → ``not_checked``. A revoked, suspended or unchecked
status is in ``status`` only, where S1 reads it (revoked/suspended: refused; not checked: asked for,
never a pass). Holder binding is the intake's job (it knows the applicant), so the verdict is the
one without the holder check.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from microcred import __version__
from microcred.recognition.case import StatusCheckDoc, VerificationDoc, status_list_urls
from microcred.recognition.evidence import payload_sha256
from microcred.trust import TrustRegistry
from microcred.verification import Check, StatusFetcher, VerificationReport, inspect

_STATUS_RESULT: dict[str, Literal["active", "no_entry", "revoked", "suspended"]] = {
    "status.ok": "active",
    "status.no_entry": "no_entry",
    "status.revoked": "revoked",
    "status.suspended": "suspended",
}
_REPORTED_IN_STATUS = ("status.revoked", "status.suspended")


def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def status_of(
    report: VerificationReport, document: dict[str, Any] | str, *, checked_at: str, checker: str
) -> StatusCheckDoc:
    """The status check of ``report`` in the case format (Bitstring Status List v1.0 §3.2)."""
    check: Check = report.check("status")
    url = check.params.get("url")
    if not isinstance(url, str) or not url:
        named = status_list_urls(dict(report.credential) if report.credential is not None else document)
        url = ", ".join(u for u in named if u) or None
    return StatusCheckDoc(
        result=_STATUS_RESULT.get(check.code, "not_checked"),
        source=url,
        checked_at=checked_at,
        checker=checker,
        code=check.code,
    )


def outcome_of(report: VerificationReport) -> Literal["valid", "invalid", "not_checked"]:
    """The verdict without what ``status_of`` reports (revoked, suspended, not checked)."""
    unconfirmed = False
    for c in report.checks:
        if c.name not in ("format", "proof", "key", "status", "validity"):
            continue
        if c.name == "status" and (c.state != "failed" or c.code in _REPORTED_IN_STATUS):
            continue
        if c.state == "failed":
            return "invalid"
        if c.state != "passed":
            unconfirmed = True
    return "not_checked" if unconfirmed else "valid"


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
        checker = f"{self.name} {self.version}"
        return VerificationDoc(
            method="vc_signature" if isinstance(document, str) else "ob3_signature",
            outcome=outcome_of(report),
            checked_at=_at(moment),
            checker=checker,
            payload_sha256=payload_sha256(document),
            status=status_of(report, document, checked_at=_at(moment), checker=checker),
        )
