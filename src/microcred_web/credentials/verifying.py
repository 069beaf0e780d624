"""Check a credential someone hands us, offline, and say what was found in named checks.

Checks (the same names as the core's ``verification.inspect``): ``format`` (VCDM 2.0 shape),
``proof`` (the signature), ``key`` (the signing key belongs to the issuer), ``trust`` (the issuer
is an institution this platform knows), ``status`` (revocation/suspension), ``validity``
(validFrom/validUntil). Each is ``passed``, ``failed`` or ``unknown`` ("could not check").

Nothing is fetched from the network: keys come from the DID documents of this instance's
institutions (and ``did:key``), status from this instance's own status lists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal

from django.utils.translation import gettext_lazy as _

from microcred.crypto.errors import CryptoError, UnknownKey
from microcred.crypto.multibase import b64url_decode
from microcred.crypto.proofs import verify_proofs
from microcred.crypto.proofs.jose import verify_vc_jwt
from microcred.errors import MicrocredError
from microcred.standards.ob3.identity import identity_matches, normalise_email
from microcred.standards.status_list import StatusListError, check_status
from microcred_web.credentials.identity import public_base_url
from microcred_web.credentials.selectors import institution_for_did, known_resolver, status_list_by_id
from microcred_web.credentials.services import status_list_current
from microcred_web.credentials.vcdm import credential_problems, issuer_id

Outcome = Literal["passed", "failed", "unknown"]
VCDM_ERRORS: Final = "https://www.w3.org/TR/vc-data-model#"
DI_ERRORS: Final = "https://w3id.org/security#"
STATUS_ERRORS: Final = "https://www.w3.org/ns/credentials/status-list#"
# Revoked and suspended are findings, not processing errors, so no W3C error code fits them.
OWN_PROBLEMS: Final = "urn:microcred:problem:"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    outcome: Outcome
    summary: str
    detail: str = ""
    problem_type: str = ""

    def problem(self) -> dict[str, str]:
        """RFC 9457 problem detail of a failed check (VC-API ``problemDetails`` item)."""
        return {
            "type": self.problem_type or VCDM_ERRORS + "MALFORMED_VALUE_ERROR",
            "title": str(self.summary),
            "detail": self.detail or str(self.summary),
        }


@dataclass(slots=True)
class Report:
    credential: dict[str, Any] | None
    checks: list[Check] = field(default_factory=list)
    jws: str = ""
    issuer_name: str = ""

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def verified(self) -> bool:
        """The proof verified and no check failed (trust is reported, not required)."""
        proof = self.check("proof")
        return proof is not None and proof.outcome == "passed" and not self.failed

    @property
    def failed(self) -> bool:
        """Some check found something wrong (as opposed to not being able to check)."""
        return any(c.outcome == "failed" for c in self.checks if c.name not in ("trust", "holder"))

    @property
    def trusted(self) -> bool:
        trust = self.check("trust")
        return self.verified and trust is not None and trust.outcome == "passed"

    def problems(self) -> list[dict[str, str]]:
        problems = [
            c.problem() for c in self.checks if c.outcome == "failed" and c.name not in ("trust", "holder")
        ]
        proof = self.check("proof")
        if not problems and proof is not None and proof.outcome != "passed":
            problems.append(proof.problem())
        return problems


def parse_submission(text: str) -> tuple[dict[str, Any] | None, str, Check | None]:
    """Pasted or uploaded text → (credential JSON, JWS if it was one, a failed format check)."""
    text = (text or "").strip()
    if not text:
        return None, "", Check("format", "failed", str(_("Nothing was given to check.")))
    if not text.startswith("{") and text.count(".") == 2:
        try:
            payload = json.loads(b64url_decode(text.split(".")[1]))
        except (ValueError, MicrocredError):
            payload = None
        if not isinstance(payload, dict):
            return None, text, _parsing_error(str(_("This looks like a JWS, but its payload is not JSON.")))
        credential = payload.get("vc") if isinstance(payload.get("vc"), dict) else payload
        return credential, text, None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, "", _parsing_error(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
    if not isinstance(document, dict):
        return None, "", _parsing_error("a credential must be a JSON object")
    return document, "", None


def _parsing_error(detail: str) -> Check:
    return Check(
        "format",
        "failed",
        str(_("This is not a credential we can read.")),
        detail,
        VCDM_ERRORS + "PARSING_ERROR",
    )


def inspect_credential(
    document: dict[str, Any] | None, *, jws: str = "", now: datetime | None = None
) -> Report:
    """Run every check on a credential (a JSON document, or the payload of ``jws``)."""
    report = Report(credential=document, jws=jws)
    if document is None:
        report.checks.append(_parsing_error("no credential"))
        return report
    moment = now or datetime.now(UTC)
    problems = credential_problems(document, require_proof=not jws)
    if problems:
        detail = "; ".join(f"{where}: {message}" for where, message in problems)
        report.checks.append(
            Check(
                "format",
                "failed",
                str(_("The credential does not have the shape of a W3C Verifiable Credential 2.0.")),
                detail,
                VCDM_ERRORS + "MALFORMED_VALUE_ERROR",
            )
        )
    else:
        report.checks.append(Check("format", "passed", str(_("A W3C Verifiable Credential 2.0."))))
    resolver = known_resolver()
    report.checks += _proof_and_key(document, jws, resolver, moment)
    report.checks.append(_trust(document, report))
    report.checks.append(_status(document, resolver, moment))
    report.checks.append(_validity(document, moment))
    return report


def holder_check(document: dict[str, Any] | None, *, email: str, code: str) -> Check:
    """ADR 0601 "hashed email": does an ``emailAddress`` identifier of the subject hash
    ``email`` with the learner's proof code (salt)? Answers whether the presenter is the learner,
    not whether the credential is valid."""
    subject = document.get("credentialSubject") if isinstance(document, dict) else None
    subjects = subject if isinstance(subject, list) else [subject]
    identities = [
        i
        for s in subjects
        if isinstance(s, dict)
        for i in (s.get("identifier") or [])
        if isinstance(i, dict) and i.get("identityType") == "emailAddress"
    ]
    if not identities:
        return Check("holder", "unknown", str(_("The credential carries no e-mail to compare with.")))
    if any(identity_matches(i, normalise_email(email), code.strip()) for i in identities):
        return Check("holder", "passed", str(_("The e-mail and proof code match the learner's.")))
    return Check(
        "holder",
        "failed",
        str(_("The e-mail and proof code do not match the learner's.")),
        problem_type=OWN_PROBLEMS + "holder-mismatch",
    )


def _proof_and_key(document: dict[str, Any], jws: str, resolver: Any, now: datetime) -> list[Check]:
    issuer = issuer_id(document)
    try:
        if jws:
            verified = verify_vc_jwt(jws, resolver, now=now)
            methods = [verified.key_id or ""]
        else:
            methods = [p.verification_method for p in verify_proofs(document, resolver, now=now)]
    except UnknownKey as exc:
        return [
            Check(
                "proof",
                "unknown",
                str(_("The signature could not be checked.")),
                str(exc),
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            ),
            Check(
                "key",
                "unknown",
                str(_("The signing key is not one this platform knows.")),
                str(exc),
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            ),
        ]
    except CryptoError as exc:
        return [
            Check(
                "proof",
                "failed",
                str(_("The signature does not match: the credential was changed or is damaged.")),
                str(exc),
                DI_ERRORS + exc.code,
            )
        ]
    except MicrocredError as exc:
        return [
            Check(
                "proof",
                "failed",
                str(_("The signature could not be checked: the credential cannot be processed.")),
                str(exc),
                DI_ERRORS + "PROOF_TRANSFORMATION_ERROR",
            )
        ]
    checks = [Check("proof", "passed", str(_("The signature is valid.")))]
    controllers = {m.partition("#")[0] for m in methods}
    if issuer is not None and controllers == {issuer}:
        checks.append(Check("key", "passed", str(_("The credential was signed with the issuer's own key."))))
    else:
        checks.append(
            Check(
                "key",
                "failed",
                str(_("The credential was not signed by its issuer.")),
                f"issuer {issuer}, signed by {', '.join(sorted(controllers))}",
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        )
    return checks


def _trust(document: dict[str, Any], report: Report) -> Check:
    issuer = issuer_id(document) or ""
    institution = institution_for_did(issuer)
    if institution is not None:
        report.issuer_name = institution.display_name("en")
        return Check(
            "trust",
            "passed",
            str(_("Issued by %(name)s, a member of the consortium.") % {"name": report.issuer_name}),
        )
    return Check(
        "trust",
        "unknown",
        str(_("The issuer is not in this platform's trust registry.")),
        issuer,
    )


def _status(document: dict[str, Any], resolver: Any, now: datetime) -> Check:
    raw = document.get("credentialStatus")
    if raw is None:
        return Check("status", "passed", str(_("The issuer did not give a way to revoke this credential.")))
    entries = raw if isinstance(raw, list) else [raw]
    base = public_base_url() + "/status/"
    findings: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            return Check(
                "status", "unknown", str(_("The status could not be checked.")), "unsupported status type"
            )
        url = entry.get("statusListCredential")
        if not isinstance(url, str) or not url.startswith(base):
            return Check(
                "status",
                "unknown",
                str(_("The status could not be checked.")),
                f"the status list {url} is not published by this platform; it is never fetched",
                STATUS_ERRORS + "STATUS_RETRIEVAL_ERROR",
            )
        slug, _sep, list_id = url[len(base) :].partition("/")
        status_list = status_list_by_id(slug, list_id)
        if status_list is None:
            return Check(
                "status",
                "failed",
                str(_("The status list named by the credential does not exist.")),
                url,
                STATUS_ERRORS + "STATUS_RETRIEVAL_ERROR",
            )
        listed = status_list_current(status_list)
        try:
            verify_proofs(listed, resolver, now=now)
            result = check_status(entry, listed, now=now)
        except StatusListError as exc:
            return Check(
                "status", "failed", str(_("The status could not be read.")), str(exc), exc.problem_type
            )
        except MicrocredError as exc:
            return Check(
                "status",
                "failed",
                str(_("The status list's signature is not valid.")),
                str(exc),
                STATUS_ERRORS + "STATUS_VERIFICATION_ERROR",
            )
        if result.state == "revoked":
            return Check(
                "status",
                "failed",
                str(_("The issuer has revoked this credential.")),
                url,
                OWN_PROBLEMS + "credential-revoked",
            )
        if result.state == "suspended":
            return Check(
                "status",
                "failed",
                str(_("The issuer has suspended this credential.")),
                url,
                OWN_PROBLEMS + "credential-suspended",
            )
        findings.append(result.purpose)
    return Check(
        "status",
        "passed",
        str(_("Not revoked and not suspended.")),
        ", ".join(findings),
    )


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _validity(document: dict[str, Any], now: datetime) -> Check:
    valid_from = _parse_time(document.get("validFrom"))
    valid_until = _parse_time(document.get("validUntil"))
    if valid_from is not None and valid_from > now:
        return Check(
            "validity",
            "failed",
            str(_("The credential is not valid yet.")),
            f"validFrom {document.get('validFrom')}",
            VCDM_ERRORS + "RANGE_ERROR",
        )
    if valid_until is not None and valid_until <= now:
        return Check(
            "validity",
            "failed",
            str(_("The credential has expired.")),
            f"validUntil {document.get('validUntil')}",
            VCDM_ERRORS + "RANGE_ERROR",
        )
    if valid_until is None:
        return Check("validity", "passed", str(_("Valid, with no end date.")))
    return Check("validity", "passed", str(_("Within its validity period.")))
