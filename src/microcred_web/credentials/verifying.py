"""Check a credential someone hands us, offline, and say what was found in named checks.

The checks are the core's (``microcred.verification.inspect``): ``format``, ``proof``, ``key``,
``trust``, ``status``, ``validity`` and, when the presenter offers evidence, ``holder``. This
module feeds it what only the web layer knows (this instance's keys and trust registry, its own
status lists) and turns each result into a sentence for people, in the interface language,
with the core's technical reason on demand and an RFC 9457 problem type for the VC-API.

Outcomes: ``passed``, ``failed`` or ``unknown`` ("could not check"). Nothing is fetched from
the network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from microcred.crypto.errors import CryptoError, UnknownKey
from microcred.crypto.multibase import b64url_decode
from microcred.errors import MicrocredError
from microcred.untrusted_input import (
    InputLimitError,
    UntrustedInputError,
    check_counts,
    read_compact_jws,
    read_json_object,
)
from microcred.verification import Check as CoreCheck
from microcred.verification import HolderEvidence, inspect
from microcred_web.core.input_errors import input_error_message
from microcred_web.credentials.selectors import institution_for_did
from microcred_web.credentials.trust import local_status_list, trust_registry
from microcred_web.credentials.vcdm import issuer_id

Outcome = Literal["passed", "failed", "unknown"]
VCDM_ERRORS: Final = "https://www.w3.org/TR/vc-data-model#"
DI_ERRORS: Final = "https://w3id.org/security#"
STATUS_ERRORS: Final = "https://www.w3.org/ns/credentials/status-list#"
# Revoked, suspended and "not the learner" are findings, not processing errors: no W3C code fits.
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
            "title": self.summary,
            "detail": self.detail or self.summary,
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
    def failed(self) -> bool:
        """Some check found something wrong (as opposed to not being able to check)."""
        return any(c.outcome == "failed" for c in self.checks if c.name not in ("trust", "holder"))

    @property
    def verified(self) -> bool:
        """The signature verified and nothing is wrong (trust and presenter are reported beside)."""
        proof = self.check("proof")
        return proof is not None and proof.outcome == "passed" and not self.failed

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
    """Pasted or uploaded text → (credential JSON, JWS if it was one, a failed format check),
    read within the core's limits on untrusted input (ADR 0608)."""
    text = (text or "").strip()
    if not text:
        return None, "", _parsing_error(_("Nothing was given to check."))
    try:
        if not text.startswith("{") and text.count(".") == 2:
            try:
                jws, _header, payload = read_compact_jws(text)
            except InputLimitError:
                raise
            except UntrustedInputError:
                payload = None
            if not isinstance(payload, dict):
                return None, text, _parsing_error(_("This looks like a JWS, but its payload is not JSON."))
            return payload, jws, None
        document = read_json_object(text, what="a credential")
        check_counts(document)
    except UntrustedInputError as exc:
        return None, "", _parsing_error(input_error_message(exc))
    return document, "", None


def _parsing_error(detail: str) -> Check:
    return Check(
        "format", "failed", _("This is not a credential we can read."), detail, VCDM_ERRORS + "PARSING_ERROR"
    )


def _proof_methods(document: Mapping[str, Any], jws: str) -> list[str]:
    if jws:
        try:
            header = json.loads(b64url_decode(jws.split(".")[0]))
        except (ValueError, MicrocredError):
            return []
        kid = header.get("kid") if isinstance(header, dict) else None
        issuer = issuer_id(document) or ""
        if isinstance(kid, str) and kid.startswith("#"):
            kid = issuer + kid
        return [kid] if isinstance(kid, str) else []
    raw = document.get("proof")
    proofs = raw if isinstance(raw, list) else [raw]
    return [
        p["verificationMethod"]
        for p in proofs
        if isinstance(p, dict) and isinstance(p.get("verificationMethod"), str)
    ]


def inspect_credential(
    document: dict[str, Any] | None,
    *,
    jws: str = "",
    holder_email: str = "",
    holder_code: str = "",
) -> Report:
    """Run every check on a credential (a JSON document, or the compact JWS ``jws``)."""
    report = Report(credential=document, jws=jws)
    if document is None and not jws:
        report.checks.append(_parsing_error("no credential"))
        return report
    registry = trust_registry()
    resolver = registry.resolver()
    evidence = HolderEvidence(email=holder_email, salt=holder_code) if holder_email else None
    core = inspect(
        jws or document or {}, resolver=resolver, trust=registry, status=local_status_list, holder=evidence
    )
    if core.credential is not None:
        report.credential = dict(core.credential)
    credential = report.credential or {}
    methods = _proof_methods(credential, jws)
    unknown_key = ""
    for method in methods:
        try:
            resolver.resolve_verification_method(method, purpose="assertionMethod")
        except UnknownKey as exc:
            unknown_key = str(exc)
        except CryptoError:
            pass
    issuer = issuer_id(credential)
    institution = institution_for_did(issuer or "")
    if institution is not None:
        report.issuer_name = institution.display_name((get_language() or "en").split("-")[0])
    signed = any(c.name == "proof" and c.state == "passed" for c in core.checks)
    for check in core.checks:
        if check.name == "holder" and evidence is None:
            continue
        report.checks.append(
            _describe(
                check, unknown_key=unknown_key, methods=methods, issuer=issuer, report=report, signed=signed
            )
        )
    return report


def _describe(
    check: CoreCheck,
    *,
    unknown_key: str,
    methods: list[str],
    issuer: str | None,
    report: Report,
    signed: bool = True,
) -> Check:
    """The core's check as a sentence for people (translated) plus its reason as the detail.

    When the signature did not verify (``signed`` false), the key and issuer checks only say
    what the credential *claims*: "signed with the issuer's key" or "issued by X" would read as
    a confirmation of a changed document."""
    name, state, reason = check.name, check.state, check.reason
    details = dict(check.details)
    outcome: Outcome = "unknown" if state == "not_checked" else state
    if name == "format":
        if state == "passed":
            return Check(name, "passed", _("A W3C Verifiable Credential 2.0."), reason)
        return Check(
            name,
            outcome,
            _("The credential does not have the shape of a W3C Verifiable Credential 2.0."),
            reason,
            VCDM_ERRORS + "MALFORMED_VALUE_ERROR",
        )
    if name == "proof":
        if state == "passed":
            return Check(name, "passed", _("The signature is valid."), reason)
        if unknown_key or state == "not_checked":
            return Check(
                name,
                "unknown",
                _("The signature could not be checked."),
                unknown_key or reason,
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        if "no proof" in reason:
            return Check(
                name,
                "failed",
                _("The credential is not signed."),
                reason,
                DI_ERRORS + "MALFORMED_PROOF_ERROR",
            )
        if "code" in details:
            return Check(
                name,
                "failed",
                _("The signature does not match: the credential was changed or is damaged."),
                reason,
                DI_ERRORS + str(details["code"]),
            )
        return Check(
            name,
            "failed",
            _("The signature could not be checked: the credential cannot be processed."),
            reason,
            DI_ERRORS + "PROOF_TRANSFORMATION_ERROR",
        )
    if name == "key":
        if unknown_key:
            return Check(
                name,
                "unknown",
                _("The signing key is not one this platform knows."),
                unknown_key,
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        controllers = {m.partition("#")[0] for m in methods}
        if state == "passed" and issuer is not None and controllers == {issuer} and not signed:
            return Check(
                name, "unknown", _("The key named in the signature belongs to the issuer it names."), reason
            )
        if state == "passed" and issuer is not None and controllers == {issuer}:
            return Check(name, "passed", _("The credential was signed with the issuer's own key."), reason)
        if state == "passed":
            return Check(
                name,
                "failed",
                _("The credential was not signed by its issuer."),
                reason,
                DI_ERRORS + "PROOF_VERIFICATION_ERROR",
            )
        return Check(
            name,
            outcome,
            _("The signing key cannot be used."),
            reason,
            DI_ERRORS + "PROOF_VERIFICATION_ERROR",
        )
    if name == "trust":
        if state == "passed":
            name_text = report.issuer_name or str(details.get("name", ""))
            if not signed:
                return Check(
                    name,
                    "unknown",
                    _(
                        "The credential names %(name)s, a member of the consortium, as its issuer;"
                        " the signature does not confirm it."
                    )
                    % {"name": name_text},
                    reason,
                )
            return Check(
                name,
                "passed",
                _("Issued by %(name)s, a member of the consortium.") % {"name": name_text},
                reason,
            )
        return Check(name, outcome, _("The issuer is not in this platform's trust registry."), reason)
    if name == "status":
        if state == "passed":
            if "no status entry" in reason:
                return Check(
                    name, "passed", _("The issuer did not give a way to revoke this credential."), reason
                )
            return Check(name, "passed", _("Not revoked and not suspended."), reason)
        if details.get("state") == "revoked":
            return Check(
                name,
                "failed",
                _("The issuer has revoked this credential."),
                reason,
                OWN_PROBLEMS + "credential-revoked",
            )
        if details.get("state") == "suspended":
            return Check(
                name,
                "failed",
                _("The issuer has suspended this credential."),
                reason,
                OWN_PROBLEMS + "credential-suspended",
            )
        if state == "not_checked":
            return Check(
                name,
                "unknown",
                _("The status could not be checked."),
                reason,
                STATUS_ERRORS + "STATUS_RETRIEVAL_ERROR",
            )
        return Check(
            name,
            "failed",
            _("The status could not be read."),
            reason,
            STATUS_ERRORS + "STATUS_VERIFICATION_ERROR",
        )
    if name == "validity":
        if state == "passed":
            if "validUntil" in (report.credential or {}):
                return Check(name, "passed", _("Within its validity period."), reason)
            return Check(name, "passed", _("Valid, with no end date."), reason)
        if details.get("state") == "not_yet_valid":
            return Check(
                name, "failed", _("The credential is not valid yet."), reason, VCDM_ERRORS + "RANGE_ERROR"
            )
        return Check(name, outcome, _("The credential has expired."), reason, VCDM_ERRORS + "RANGE_ERROR")
    if name == "holder":
        if state == "passed":
            return Check(name, "passed", _("The e-mail and proof code match the learner's."), reason)
        if state == "failed":
            return Check(
                name,
                "failed",
                _("The e-mail and proof code do not match the learner's."),
                reason,
                OWN_PROBLEMS + "holder-mismatch",
            )
        return Check(name, "unknown", _("The credential carries no e-mail to compare with."), reason)
    return Check(name, outcome, reason, reason)
