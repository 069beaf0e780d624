"""Verification of credentials: :func:`verify` raises, :func:`inspect` returns a report for people.

Named checks, each ``passed`` / ``failed`` / ``not_checked``, with a stable machine ``code``, its
``params`` (a dict) and an English ``reason`` for the CLI and logs. Other layers translate the
*code*, never the reason (ADR 0606).

``format``
    VCDM 2.0 §4 basics (``@context`` starts with the v2 context, ``type`` has
    ``VerifiableCredential``, ``issuer``, ``credentialSubject``, XSD dateTimeStamps) and, for an
    Open Badge, the OB 3.0 JSON Schema (OB 3.0 §9.1 step 1).
``proof``
    Data Integrity (``eddsa-rdfc-2022``, ``eddsa-jcs-2022``, ECDSA suites) or VC-JOSE ``vc+jwt``
    (OB 3.0 §9.1 step 2). Every proof of a proof set must verify, and a proof naming
    ``previousProof`` is checked over the proofs it names (VC Data Integrity §2.1.1–2.1.2).
``key``
    Every verification method resolves (offline: did:key, or a document from the trust
    registry) and is listed by its controller under ``assertionMethod`` (VC Data Integrity §4.3),
    and at least one proof is *bound to the issuer*: the controller of its method is the
    credential's ``issuer`` (VC Data Integrity §2.1 ``verificationMethod`` and the Controlled
    Identifiers "controller" rule: the DID before ``#`` of a did:key/did:web method, or the id
    of the https controller document that lists the key). Other signers (a witness, an
    endorser) may add proofs beside it.
``trust``
    The issuer-bound key's controller belongs to the same consortium institution as the
    credential's issuer; the institution's QA status is reported. Trust is reported *beside*
    validity: a credential can be valid and issued by someone outside the consortium.
``status``
    Revocation/suspension through the Bitstring Status List v1.0 §3.2, via an injected fetcher.
``validity``
    ``validFrom`` ≤ now < ``validUntil`` (VCDM 2.0 §4.9; OB 3.0 §9.1 step 3).
``holder``
    Optional (ADR 0601): the presenter's e-mail and salt against the hashed identity, or a
    presentation signed by ``credentialSubject.id`` over a verifier's challenge.

The verdict (:attr:`VerificationReport.verdict`, ADR 0606) is one of

``valid``
    format, proof, key and validity passed, status passed, and the holder check passed or was
    not asked for (code ``holder.no_evidence``);
``invalid``
    any check other than trust failed;
``unconfirmed`` ("could not confirm")
    nothing failed, but something that matters could not be checked: a key that cannot be
    resolved (so the signature was not checked), a status entry with no list at hand or of a
    type we cannot read, a holder check asked for that could not be run.

A credential without ``credentialStatus`` stays valid (code ``status.no_entry``: the issuer gave
no way to revoke it). Trust never changes the verdict; ``require_trusted`` is a separate switch.

Check codes (``params`` in brackets):

=====================================  ===========  ==========================================
code                                   state        meaning
=====================================  ===========  ==========================================
``format.ok``                          passed       a VCDM 2.0 credential [open_badge]
``format.unreadable``                  failed       neither a JSON object nor a compact JWS
``format.invalid``                     failed       a VCDM/OB rule is broken [where, message]
``proof.ok``                           passed       every proof verifies [cryptosuite, skipped]
``proof.missing``                      failed       no proof: unsigned
``proof.malformed``                    failed       a proof is malformed [where, error]
``proof.signature_mismatch``           failed       changed after signing [where, error]
``proof.previous_proof_broken``        failed       ``previousProof`` names no proof [where]
``proof.cannot_canonicalize``          failed       the document cannot be canonicalized [where]
``proof.jwt_not_canonical``            failed       a JWS segment is not canonical base64url
``proof.not_checked_no_key``           not_checked  a key could not be resolved
``key.ok``                             passed       resolved and bound [verification_methods,
                                                    issuer, bound, other_signers]
``key.no_method``                      failed       the proof names no verification method
``key.unresolvable``                   not_checked  controller unknown offline [key, controller]
``key.not_authorised``                 failed       not listed under assertionMethod [key, message]
``key.unusable``                       failed       the key cannot be used [key, message]
``key.not_controlled_by_issuer``       failed       no proof's key is the issuer's [key, keys,
                                                    controllers, issuer]
``key.revoked``                        failed       the key was retired as compromised before
                                                    the proof was made, or the proof has no
                                                    date [key, revoked, created] (ADR 0204)
``trust.ok``                           passed       in the registry [institution, name, qa]
``trust.no_registry``                  not_checked  no registry given
``trust.no_issuer``                    failed       the credential names no issuer
``trust.issuer_not_listed``            failed       issuer not in the registry [issuer]
``trust.key_not_of_issuer``            failed       key of another institution [key, name]
``trust.key_not_listed``               failed       the registry lists no such key [key, name]
``trust.key_differs``                  failed       resolver and registry disagree [key, name]
``trust.key_not_in_use``               failed       key used outside its period [key, name,
                                                    created, retired, valid_from]
``status.ok``                          passed       not revoked or suspended [results]
``status.no_entry``                    passed       no ``credentialStatus``: cannot be revoked
``status.not_checked_no_list``         not_checked  a status entry and no list at hand
``status.unsupported_type``            not_checked  a status entry of another type [type]
``status.list_unavailable``            not_checked  the list could not be fetched [url, error]
``status.entry_malformed``             failed       no ``statusListCredential`` URL
``status.list_invalid``                failed       the list does not verify, or its key is not
                                                    its issuer's [url, error]
``status.list_wrong_issuer``           failed       the list is not the issuer's [url]
``status.list_broken``                 failed       the list cannot be read [url, error]
``status.revoked``                     failed       revoked by its issuer
``status.suspended``                   failed       suspended by its issuer
``validity.ok``                        passed       within its dates [valid_from, valid_until]
``validity.not_yet_valid``             failed       [valid_from]
``validity.expired``                   failed       [valid_until]
``validity.bad_date``                  failed       a date cannot be read
``holder.email_match``                 passed       e-mail and salt match
``holder.presentation_match``          passed       the subject signed over the challenge
``holder.no_evidence``                 not_checked  not asked (verdict stays valid)
``holder.no_email_identity``           not_checked  the credential has no e-mail identity
``holder.no_subject_id``               not_checked  no ``credentialSubject.id`` to bind to
``holder.mismatch``                    failed       e-mail and salt do not match
``holder.no_challenge``                failed       a presentation without our challenge
``holder.credential_not_presented``    failed       the presentation lacks this credential
``holder.presentation_invalid``        failed       the presentation does not verify [error]
``holder.wrong_signer``                failed       signed by someone else [signers]
``<check>.not_reached``                not_checked  the token has no readable credential
=====================================  ===========  ==========================================
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final, Literal

import orjson

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import CryptoError, UnknownKey
from microcred.crypto.keys import PublicKey
from microcred.crypto.multibase import b64url_decode, b64url_is_canonical, b64url_spare_bits_are_zero
from microcred.crypto.proofs import PROOF_TYPES, verify_proofs
from microcred.crypto.proofs.data_integrity import KeyResolver, VerifiedProof
from microcred.crypto.proofs.jose import VerifiedJwt, verify_vc_jwt
from microcred.errors import MicrocredError
from microcred.standards.ob3.endorsement import is_endorsement
from microcred.standards.ob3.identity import identity_matches, normalise_email
from microcred.standards.status_list import StatusListError, check_status
from microcred.standards.vcdm import (
    FormatReading,
    VcdmError,
    credential_from_jwt_claims,
    issuer_id,
    read_credential,
    validity_window,
)
from microcred.standards.vcdm import credential_problems as format_problems
from microcred.trust import IssuerKey, TrustedIdentifier, TrustRegistry
from microcred.untrusted_input import parse_date_time

__all__ = [
    "CHECKS",
    "Check",
    "CredentialExpired",
    "CredentialNotYetValid",
    "CredentialRevoked",
    "CredentialSuspended",
    "HolderEvidence",
    "HolderMismatch",
    "InvalidCredentialProof",
    "IssuerNotBound",
    "MalformedCredential",
    "StatusFetcher",
    "UnresolvableKey",
    "UntrustedIssuer",
    "Verdict",
    "VerificationError",
    "VerificationReport",
    "VerificationUnconfirmed",
    "VerifiedCredential",
    "check_format",
    "controller_of",
    "inspect",
    "verify",
]

CheckName = Literal["format", "proof", "key", "trust", "status", "validity", "holder"]
CheckState = Literal["passed", "failed", "not_checked"]
CHECKS: Final[tuple[CheckName, ...]] = ("format", "proof", "key", "trust", "status", "validity", "holder")
_CHECK_INDEX: Final[dict[str, int]] = {name: i for i, name in enumerate(CHECKS)}

#: Fetches a status list credential by URL (``statusListCredential``); raise to say "cannot".
StatusFetcher = Callable[[str], Mapping[str, Any]]


# --------------------------------------------------------------------------------------------
# Report types

#: ``Check``'s ``params`` when none is given (replaced by a new ``{}``, as ``default_factory``).
_NO_PARAMS: Final[Any] = object()

Verdict = Literal["valid", "invalid", "unconfirmed"]
#: The checks whose failure makes a credential invalid (trust is reported beside, ADR 0606).
_VERDICT_CHECKS: Final[tuple[CheckName, ...]] = ("format", "proof", "key", "status", "validity")


@dataclass(frozen=True, slots=True)
class Check:
    """One named check: its state, a stable machine ``code`` with ``params``, and an English reason.

    Layers that show the check to people translate ``code`` + ``params``; ``reason`` is for the
    CLI and logs (ADR 0606).
    """

    name: CheckName
    state: CheckState
    code: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(
        self,
        name: CheckName,
        state: CheckState,
        code: str,
        reason: str,
        params: Mapping[str, Any] = _NO_PARAMS,
    ) -> None:
        # The dataclass's own frozen ``__init__`` with the same fields, order and default (a new
        # ``{}`` when ``params`` is not given), writing each slot through its descriptor instead
        # of ``object.__setattr__``, which costs about four times as much: every verification
        # makes seven checks (ADR 0611). Assigning to a field afterwards still raises.
        set_name, set_state, set_code, set_reason, set_params = _CHECK_SLOTS
        set_name(self, name)
        set_state(self, state)
        set_code(self, code)
        set_reason(self, reason)
        set_params(self, {} if params is _NO_PARAMS else params)

    @property
    def passed(self) -> bool:
        return self.state == "passed"

    @property
    def failed(self) -> bool:
        return self.state == "failed"

    @property
    def details(self) -> Mapping[str, Any]:
        """The former name of :attr:`params` (kept for callers written before ADR 0606)."""
        return self.params

    def as_dict(self) -> dict[str, Any]:
        return {
            **dict(self.params),
            "check": self.name,
            "state": self.state,
            "code": self.code,
            "reason": self.reason,
            "params": dict(self.params),
        }


def _slot_setters(cls: type, *names: str) -> tuple[Callable[[object, Any], None], ...]:
    """The ``__set__`` of each named slot of ``cls`` (a ``slots=True`` dataclass), for a fast
    ``__init__`` of a frozen dataclass (ADR 0611)."""
    return tuple(cls.__dict__[n].__set__ for n in names)


_CHECK_SLOTS: Final = _slot_setters(Check, "name", "state", "code", "reason", "params")


def _verdict(checks: tuple[Check, ...], names: tuple[CheckName, ...]) -> Verdict:
    unconfirmed = False
    for c in checks:
        if c.name not in names:
            continue
        if c.state == "failed":
            return "invalid"
        if c.state != "passed" and not (c.name == "holder" and c.code == "holder.no_evidence"):
            unconfirmed = True
    return "unconfirmed" if unconfirmed else "valid"


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """Every check of one credential, in the order of :data:`CHECKS`."""

    checks: tuple[Check, ...]
    credential: Mapping[str, Any] | None
    proof_format: Literal["data-integrity", "vc-jwt", "unknown"]

    def __init__(
        self,
        checks: tuple[Check, ...],
        credential: Mapping[str, Any] | None,
        proof_format: Literal["data-integrity", "vc-jwt", "unknown"],
    ) -> None:
        # the dataclass's frozen ``__init__``, written through the slots' descriptors (as ``Check``)
        set_checks, set_credential, set_proof_format = _REPORT_SLOTS
        set_checks(self, checks)
        set_credential(self, credential)
        set_proof_format(self, proof_format)

    def check(self, name: CheckName) -> Check:
        checks = self.checks
        at = _CHECK_INDEX.get(name, -1)
        if 0 <= at < len(checks) and checks[at].name == name:  # the order of CHECKS (``_report``)
            return checks[at]
        return next(c for c in checks if c.name == name)

    @property
    def verdict(self) -> Verdict:
        """``valid``, ``invalid`` or ``unconfirmed`` ("could not confirm"), holder included (ADR 0606)."""
        return _verdict(self.checks, (*_VERDICT_CHECKS, "holder"))

    @property
    def credential_verdict(self) -> Verdict:
        """The verdict on the credential alone, without the holder check.

        For a caller that binds the holder by other means (recognition intake: the platform's own
        record of whom it issued the credential to)."""
        return _verdict(self.checks, _VERDICT_CHECKS)

    @property
    def valid(self) -> bool:
        """``verdict == "valid"``: signed by its issuer, not revoked or suspended, within its dates,
        every check that matters confirmed (trust aside)."""
        return self.verdict == "valid"

    @property
    def trusted(self) -> bool:
        return self.check("trust").passed

    def unconfirmed_checks(self) -> list[Check]:
        """The checks that keep the verdict at "could not confirm" (empty unless unconfirmed)."""
        if self.verdict != "unconfirmed":
            return []
        return [
            c
            for c in self.checks
            if c.name != "trust" and c.state == "not_checked" and c.code != "holder.no_evidence"
        ]

    def problem_details(self, *, require_trusted: bool = False) -> list[dict[str, str]]:
        """RFC 9457 problem details of the failed checks, for a VC-API ``problemDetails`` list,
        and of the unconfirmed ones when the verdict is "could not confirm".

        Types: VC Data Integrity §2.3 codes (``https://w3id.org/security#…``) for proof and key
        failures, Bitstring Status List §3.6 for status, VCDM 2.0 §7.1 for format and validity;
        ours, kebab-case under ``urn:microcred:problem:`` like every problem type the web layer
        mints, for the holder (``holder-not-confirmed``) and trust (``untrusted-issuer``).
        """
        out = []
        unconfirmed = self.unconfirmed_checks()
        for c in self.checks:
            if c.name == "trust":
                if not require_trusted or c.passed:
                    continue
            elif not (c.failed or c in unconfirmed):
                continue
            error = str(c.params.get("error", ""))
            if c.name == "proof":
                kind = f"https://w3id.org/security#{error or 'PROOF_VERIFICATION_ERROR'}"
            elif c.name == "key":
                kind = "https://w3id.org/security#PROOF_VERIFICATION_ERROR"  # the key cannot be used
            elif c.name == "status" and c.failed:
                kind = "https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR"
            elif c.name == "status":
                kind = "https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR"
            elif c.name == "validity":
                kind = "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"
            elif c.name == "format":
                kind = "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"
            elif c.name == "holder":
                kind = "urn:microcred:problem:holder-not-confirmed"
            else:
                kind = "urn:microcred:problem:untrusted-issuer"
            out.append({"type": kind, "title": f"{c.name} check: {c.code}", "detail": c.reason})
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "valid": self.valid,
            "trusted": self.trusted,
            "proof_format": self.proof_format,
            "credential_id": (self.credential or {}).get("id"),
            "issuer": _issuer_id(self.credential) if self.credential else None,
            "checks": [c.as_dict() for c in self.checks],
        }


@dataclass(frozen=True, slots=True)
class VerifiedCredential:
    """What :func:`verify` returns: the credential, who signed it, and the full report."""

    credential: Mapping[str, Any]
    issuer: str
    proof_format: Literal["data-integrity", "vc-jwt"]
    verification_method: str
    report: VerificationReport

    def __init__(
        self,
        credential: Mapping[str, Any],
        issuer: str,
        proof_format: Literal["data-integrity", "vc-jwt"],
        verification_method: str,
        report: VerificationReport,
    ) -> None:
        # the dataclass's frozen ``__init__``, written through the slots' descriptors (as ``Check``)
        set_credential, set_issuer, set_proof_format, set_method, set_report = _VERIFIED_SLOTS
        set_credential(self, credential)
        set_issuer(self, issuer)
        set_proof_format(self, proof_format)
        set_method(self, verification_method)
        set_report(self, report)


_REPORT_SLOTS: Final = _slot_setters(VerificationReport, "checks", "credential", "proof_format")
_VERIFIED_SLOTS: Final = _slot_setters(
    VerifiedCredential, "credential", "issuer", "proof_format", "verification_method", "report"
)


@dataclass(frozen=True, slots=True)
class HolderEvidence:
    """What the presenter offers to show the credential is theirs (ADR 0601).

    Either ``email`` + ``salt`` (matched against the hashed ``emailAddress`` identity), or a
    verifiable ``presentation`` with an ``authentication`` proof over ``challenge`` (and
    ``domain``) signed by a key of ``credentialSubject.id``.
    """

    email: str | None = None
    salt: str | None = None
    presentation: Mapping[str, Any] | None = None
    challenge: str | None = None
    domain: str | None = None


class VerificationError(MicrocredError):
    """A credential that failed verification; ``check`` names the check, ``report`` has them all,
    ``code`` is the check's machine code (ADR 0606)."""

    check: CheckName = "proof"

    def __init__(
        self,
        message: str,
        *,
        where: str = "",
        report: VerificationReport | None = None,
        check_code: str = "",
    ) -> None:
        super().__init__(message, where=where)
        self.report = report
        self.check_code = check_code


class MalformedCredential(VerificationError):
    """Not a VCDM 2.0 credential, or not a valid OB 3.0 credential (format check)."""

    check: CheckName = "format"


class InvalidCredentialProof(VerificationError):
    """The signature does not match: changed after signing, or a malformed proof (proof check)."""

    check: CheckName = "proof"


class UnresolvableKey(VerificationError):
    """The verification method is not authorised for assertionMethod, or no proof's key is
    controlled by the issuer (key check)."""

    check: CheckName = "key"


class IssuerNotBound(UnresolvableKey):
    """No proof's verification method is controlled by the credential's ``issuer``: someone
    else signed it (key check, code ``key.not_controlled_by_issuer``; ADR 0606)."""


class UntrustedIssuer(VerificationError):
    """The issuer is not in the consortium registry (raised only when trust is required)."""

    check: CheckName = "trust"


class CredentialRevoked(VerificationError):
    check: CheckName = "status"


class CredentialSuspended(VerificationError):
    check: CheckName = "status"


class CredentialNotYetValid(VerificationError):
    check: CheckName = "validity"


class CredentialExpired(VerificationError):
    check: CheckName = "validity"


class HolderMismatch(VerificationError):
    check: CheckName = "holder"


class VerificationUnconfirmed(VerificationError):
    """Nothing failed, but something that matters could not be checked ("could not confirm",
    ADR 0606): an unresolvable key, a status entry with no list at hand, a holder check that
    could not be run. ``check`` names the first such check. Raised by :func:`verify` unless
    ``accept_unconfirmed=True``."""

    check: CheckName = "status"

    def __init__(
        self,
        message: str,
        *,
        where: str = "",
        report: VerificationReport | None = None,
        check_code: str = "",
        check: CheckName = "status",
    ) -> None:
        super().__init__(message, where=where, report=report, check_code=check_code)
        self.check = check


# --------------------------------------------------------------------------------------------
# Helpers


def _types(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _issuer_id(credential: Mapping[str, Any] | None) -> str | None:
    return issuer_id(credential)


def _parse_datetime(value: str) -> datetime:
    """The one date-time reader (``microcred.untrusted_input``); its error is a ``ValueError``."""
    return parse_date_time(value)


def check_format(credential: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first format problem as (JSON path, message), or ``None``.

    Delegates to the one format checker, :func:`microcred.standards.vcdm.credential_problems`
    (VCDM 2.0 and VCDM 1.1 §4; the OB 3.0 JSON Schema for a VCDM 2.0 Open Badge; ADR 0902).
    """
    problems = format_problems(credential)
    if not problems:
        return None
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return first.path.removeprefix("$."), f"{first.message}{more}"


def _decode_jwt_payload(token: str) -> Mapping[str, Any] | None:
    parts = token.strip().split(".")
    if len(parts) != 3:
        return None
    try:
        claims = orjson.loads(b64url_decode(parts[1]))
    except (CryptoError, orjson.JSONDecodeError):
        return None
    if not isinstance(claims, dict):
        return None
    vc = credential_from_jwt_claims(claims)  # VCDM 1.1 §6.3.1 for a 1.1 credential in ``vc``
    return vc if vc is not None else claims


def _canonical_base64url(token: str, *, decoded: bool = False) -> bool:
    """Every segment is the one base64url encoding of its bytes (RFC 7515 §2, RFC 4648 §3.5).

    ``decoded``: the signature check verified the token, so each of its three segments went
    through :func:`b64url_decode` (strict: the alphabet only, no impossible length) and only the
    spare bits of each last character are left to look at (ADR 0611)."""
    if decoded:
        # the two dots found by ``str.find`` (a memchr), not by ``split``'s scan of every character
        text = token.strip()
        first = text.find(".")
        second = text.find(".", first + 1)
        if first >= 0 and second >= 0 and text.find(".", second + 1) < 0:  # three segments
            return (
                b64url_spare_bits_are_zero(text[:first])
                and b64url_spare_bits_are_zero(text[first + 1 : second])
                and b64url_spare_bits_are_zero(text[second + 1 :])
            )
    return all(b64url_is_canonical(part) for part in token.strip().split("."))


def _jwt_kid(token: str) -> str | None:
    try:
        header = orjson.loads(b64url_decode(token.strip().split(".")[0]))
    except (CryptoError, orjson.JSONDecodeError, IndexError):
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


# --------------------------------------------------------------------------------------------
# The checks


def _format_check(credential: Mapping[str, Any] | None) -> Check:
    return _read_format(credential)[0]


def _read_format(credential: Mapping[str, Any] | None) -> tuple[Check, FormatReading | None]:
    """The format check, and what the format checker read on the way (its version and dates,
    used again by the validity check instead of being read twice; ADR 0203 "one walk")."""
    if credential is None:
        return Check(
            "format",
            "failed",
            "format.unreadable",
            "the input is neither a credential (JSON object) nor a compact JWS",
        ), None
    reading = read_credential(credential)  # the one VCDM 2.0 / 1.1 / OB 3.0 checker
    problems = reading.problems
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        where = first.path.removeprefix("$.")
        return Check(
            "format",
            "failed",
            "format.invalid",
            f"{where}: {first.message}{more}",
            {
                "where": where,
                "message": first.message,
                "problem": first.code,
                "problems": [p.as_dict() for p in problems],
            },
        ), reading
    ob = reading.open_badge
    version = reading.version or "1.1"
    if not ob:
        kind = " (not an Open Badge)"
    elif version == "2.0":
        kind = " that fits the OB 3.0 JSON Schema"
    else:
        kind = " (an Open Badge 3.0.0–3.0.2)"
    return Check(
        "format",
        "passed",
        "format.ok",
        f"a VCDM {version} credential{kind}",
        {"open_badge": ob, "vcdm": version},
    ), reading


def _foreign_proofs(credential: Mapping[str, Any]) -> list[str]:
    """Types of proofs we cannot verify (not in ``PROOF_TYPES``), skipped when a supported proof
    remains (OB 3.0 §8: a verifier may check any one proof)."""
    proofs = _types(credential.get("proof"))
    foreign = [
        str(p.get("type")) for p in proofs if isinstance(p, Mapping) and p.get("type") not in PROOF_TYPES
    ]
    return foreign if len(foreign) < len(proofs) else []


def _proof_methods(credential: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """``(_foreign_proofs(credential), _methods(credential))`` in one look at the proofs."""
    proofs = _types(credential.get("proof"))
    foreign: list[str] = []
    methods: list[str] = []
    supported_methods: list[str] = []
    for p in proofs:
        if not (type(p) is dict or isinstance(p, Mapping)):
            continue
        kind = p.get("type")
        supported = kind in PROOF_TYPES
        if not supported:
            foreign.append(str(kind))
        method = p.get("verificationMethod")
        if isinstance(method, str):
            methods.append(method)
            if supported:
                supported_methods.append(method)
    if len(foreign) < len(proofs) and foreign:
        return foreign, supported_methods
    return [], methods


def _methods(credential: Mapping[str, Any], foreign_proofs: list[str] | None = None) -> list[str]:
    proofs = _types(credential.get("proof"))
    foreign = bool(_foreign_proofs(credential) if foreign_proofs is None else foreign_proofs)
    return [
        p["verificationMethod"]
        for p in proofs
        if isinstance(p, Mapping)
        and isinstance(p.get("verificationMethod"), str)
        and (not foreign or p.get("type") in PROOF_TYPES)
    ]


def controller_of(method: str) -> str:
    """The controller a verification method id names: the part before ``#`` (a DID, or an https
    controller document id). The offline resolver finds a method only in the document with
    exactly this id, and only when the method's own ``controller`` is that document
    (VC Data Integrity §2.1 ``verificationMethod``; Controlled Identifiers §2.1 ``controller``)."""
    return method.partition("#")[0]


def _controller_known(resolver: KeyResolver, controller: str) -> bool:
    resolve = getattr(resolver, "resolve", None)
    if not callable(resolve):
        return False
    try:
        resolve(controller)
    except CryptoError:
        return False
    return True


_LOCAL_DIDS: Final = ("did:key:", "did:jwk:")


def _revoked_at(resolver: KeyResolver, method: str) -> datetime | None:
    """The Controlled Identifiers 1.0 §2.2 ``revoked`` moment of ``method`` in its controller's
    document, if the resolver keeps documents and the method has one (ADR 0204)."""
    controller = controller_of(method)
    if (
        controller.startswith(_LOCAL_DIDS)
        and getattr(type(resolver), "resolve", None) is DidResolver.resolve
        and "resolve" not in getattr(resolver, "__dict__", ())
    ):
        # DidResolver.resolve builds a did:key/did:jwk document from the DID itself, and such a
        # document never marks a method revoked: the answer is None without building it.
        return None
    resolve = getattr(resolver, "resolve", None)
    if not callable(resolve):
        return None
    try:
        document = resolve(controller)
        revoked = document.method(method).revoked
    except (CryptoError, AttributeError):
        return None
    return revoked if isinstance(revoked, datetime) else None


def _revoked_check(method: str, revoked: datetime, created: datetime | None) -> Check | None:
    """A failed key check when the proof was made at or after the key's ``revoked`` moment, or
    cannot be dated (Controlled Identifiers 1.0 §2.2 ``revoked``: not to be used from then on).
    A proof dated before it stands: the date is the signer's own, the limit ADR 0204 states."""
    if created is not None and created < revoked:
        return None
    when = f"made {created.isoformat()}" if created is not None else "not dated"
    return Check(
        "key",
        "failed",
        "key.revoked",
        f"the key {method} was retired as compromised from {revoked.isoformat()}, and the proof was "
        f"{when}: its issuer no longer vouches for signatures made with it since then",
        {
            "key": method,
            "revoked": revoked.isoformat(),
            "created": created.isoformat() if created is not None else None,
            "where": method,
        },
    )


def _key_check(
    methods: list[str],
    resolver: KeyResolver,
    issuer: str | None,
    created: datetime | Callable[[], datetime | None] | None = None,
) -> tuple[Check, bool]:
    """The key check, and whether every key resolved (so the proofs can be checked).

    Issuer binding (VC Data Integrity §2.1, §4.4 step on the verification method; ADR 0606): at
    least one proof's method must be controlled by the credential's ``issuer``; the others (a
    witness, an endorser) must resolve too, since all proofs of a set are verified. A method
    whose controller marks it ``revoked`` (Controlled Identifiers 1.0 §2.2) fails for a proof
    ``created`` at or after that moment (``key.revoked``, ADR 0204); ``created`` may be a function
    that reads it, called only then (ADR 0612).
    """
    if not methods:
        return Check("key", "failed", "key.no_method", "the proof names no verification method"), True
    problem: Check | None = None
    for method in methods:
        controller = controller_of(method)
        try:
            resolver.resolve_verification_method(method, purpose="assertionMethod")
            revoked = _revoked_at(resolver, method)
            if revoked is not None:
                if callable(created):
                    created = created()
                failed = _revoked_check(method, revoked, created)
                if failed is not None:
                    return failed, True
        except UnknownKey as exc:
            params = {"key": method, "controller": controller, "message": exc.message}
            if controller.startswith("did:key:") or _controller_known(resolver, controller):
                return (
                    Check(
                        "key",
                        "failed",
                        "key.not_authorised",
                        f"cannot use the key {method}: {exc.message}",
                        {**params, "where": method},
                    ),
                    False,
                )
            problem = problem or Check(
                "key",
                "not_checked",
                "key.unresolvable",
                f"could not resolve the key {method} offline: {exc.message}",
                {**params, "where": method},
            )
        except CryptoError as exc:
            return (
                Check(
                    "key",
                    "failed",
                    "key.unusable",
                    f"the key {method} is unusable: {exc.message}",
                    {"key": method, "controller": controller, "message": exc.message, "where": method},
                ),
                False,
            )
    bound, others, reason = _key_binding(issuer, methods)
    if not bound:
        controllers = [controller_of(m) for m in methods]
        who = ", ".join(dict.fromkeys(controllers))
        return (
            Check(
                "key",
                "failed",
                "key.not_controlled_by_issuer",
                f"the key {methods[0]} is controlled by {who}, not by the issuer {issuer}: "
                "the credential was not signed by the issuer it names",
                {
                    "key": methods[0],
                    "keys": methods,
                    "verification_methods": methods,
                    "controllers": list(dict.fromkeys(controllers)),
                    "issuer": issuer or "",
                    "where": "proof.verificationMethod",
                },
            ),
            problem is None,
        )
    if problem is not None:
        return problem, False
    return (
        Check(
            "key",
            "passed",
            "key.ok",
            reason,
            {
                "verification_methods": methods,
                "issuer": issuer,
                "bound": list(bound),
                "other_signers": list(others),
            },
        ),
        True,
    )


#: Which of a credential's methods its issuer controls, the others, and the passed key check's
#: reason, by (issuer, methods): strings that recur from one credential to the next (an issuer
#: and its keys), and an answer that depends on them alone (ADR 0612). Bounded; emptied when full.
_KEY_BINDINGS: dict[tuple[str | None, tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...], str]] = {}
_KEY_BINDINGS_LIMIT: Final = 1024


def _key_binding(issuer: str | None, methods: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The methods ``issuer`` controls (VC Data Integrity §2.1: the controller is the part before
    ``#``), the others, and the reason of a passed key check that names them."""
    cache_key = (issuer, tuple(methods))
    found = _KEY_BINDINGS.get(cache_key)
    if found is not None:
        return found
    bound = [m for m in methods if issuer is not None and controller_of(m) == issuer]
    others = [m for m in methods if m not in bound]
    note = f"; also signed by {', '.join(others)}" if others else ""
    reason = f"{', '.join(bound)} is controlled by the issuer {issuer} and listed under assertionMethod{note}"
    found = (tuple(bound), tuple(others), reason)
    if len(_KEY_BINDINGS) >= _KEY_BINDINGS_LIMIT:
        _KEY_BINDINGS.clear()
    _KEY_BINDINGS[cache_key] = found
    return found


def _bound_methods(key: Check, methods: list[str]) -> list[str]:
    """The methods the trust check looks at: the issuer-bound ones, else all (so that a key of
    someone else is never taken for the issuer's)."""
    bound = key.params.get("bound")
    return list(bound) if key.passed and isinstance(bound, list) and bound else methods


def _endorser_only(
    key: Check, credential: Mapping[str, Any] | None, issuer: str | None, trust: TrustRegistry | None
) -> Check:
    """ADR 1432: a key the registry lists for an *endorser* signs OB 3.0 endorsements only. Any
    other credential "issued" by an endorser fails the key check (``key.endorser_only``), so an
    employer's key never makes a micro-credential VALID, trusted or not."""
    if trust is None or issuer is None or credential is None or not key.passed:
        return key
    endorser = trust.endorser_of(issuer)
    if endorser is None or is_endorsement(credential):
        return key
    return Check(
        "key",
        "failed",
        "key.endorser_only",
        f"the issuer {issuer} is {endorser.display_name}, listed as an endorser: its keys sign "
        "endorsements only, not credentials awarded to learners",
        {"issuer": issuer, "name": endorser.display_name, "where": "issuer"},
    )


def _endorser_trust(
    issuer: str, methods: list[str], trust: TrustRegistry, credential: Mapping[str, Any] | None
) -> Check | None:
    """The trust check of a credential whose issuer is a listed endorser (ADR 1432); ``None`` when
    the issuer is not one."""
    found = trust.endorser_lookup(issuer)
    if found is None:
        return None
    org, _ = found
    name = org.display_name
    if credential is None or not is_endorsement(credential):
        return Check(
            "trust",
            "failed",
            "trust.endorser_not_issuer",
            f"{name} is listed as an endorser, not as an issuer of micro-credentials",
            {"issuer": issuer, "name": name},
        )
    for method in methods:
        signer = trust.endorser_lookup(method)
        if signer is None or signer[0].slug != org.slug:
            return Check(
                "trust",
                "failed",
                "trust.key_not_of_issuer",
                f"the key {method} does not belong to {name}, the issuer",
                {"key": method, "name": name},
            )
    return Check(
        "trust",
        "passed",
        "trust.endorser",
        f"an endorsement by {name} ({org.country}), listed as an endorser (not an issuer of micro-credentials)",
        {"endorser": org.slug, "name": name, "role": "endorser"},
    )


#: What a registry entry lists for a verification method: (the entry, its public key or ``None``
#: when it lists no such method, that key's history), by (``id`` of the entry, method id). The
#: entries are frozen (``TrustedIdentifier``, ``DidDocument``: tuples of frozen methods and keys),
#: so the answer never changes; the entry is kept, so its ``id`` is never another's (ADR 0611).
_LISTED_KEYS: dict[tuple[int, str], tuple[TrustedIdentifier, PublicKey | None, IssuerKey | None]] = {}
_LISTED_KEYS_LIMIT: Final = 1024
_LISTED_KEYS_LOCK = threading.Lock()


def _listed_key(entry: TrustedIdentifier, method: str) -> tuple[PublicKey | None, IssuerKey | None]:
    """``entry.document.method(method).public_key`` (``None`` for :class:`UnknownKey`) and
    ``entry.key_history`` of it, remembered per entry and method."""
    cache_key = (id(entry), method)
    found = _LISTED_KEYS.get(cache_key)
    if found is not None and found[0] is entry:
        return found[1], found[2]
    try:
        listed: PublicKey | None = entry.document.method(method).public_key
    except UnknownKey:
        listed = None
    history = entry.key_history(listed) if listed is not None else None
    with _LISTED_KEYS_LOCK:
        if len(_LISTED_KEYS) >= _LISTED_KEYS_LIMIT:
            _LISTED_KEYS.clear()
        _LISTED_KEYS[cache_key] = (entry, listed, history)
    return listed, history


#: The trust check's reading of a registry, by (``id`` of the registry, issuer, methods, day):
#: the institution, each method's listed key and its history, and the passed check's reason and
#: QA parameters. Kept only when every lookup succeeded (a failing issuer or method is looked up
#: every time). A :class:`TrustRegistry` never changes its entries after ``__init__`` and they
#: are frozen, so the answer depends on the key alone; the registry is kept in the value, so its
#: ``id`` is never another's while the entry is cached. What depends on the credential is still
#: asked every time: the resolver's key for each method and the key's history at the proof's
#: ``created`` (ADR 0612).
_TrustPlan = tuple[
    TrustRegistry,
    tuple[tuple[str, PublicKey, IssuerKey | None], ...],
    str,
    str,
    dict[str, Any],
]
_TRUST_PLANS: dict[tuple[int, str, tuple[str, ...], date], _TrustPlan] = {}
_TRUST_PLANS_LIMIT: Final = 1024
_TRUST_PLANS_LOCK = threading.Lock()


def _trust_plan(trust: TrustRegistry, issuer: str, methods: list[str], today: date) -> _TrustPlan | None:
    """The registry's side of a passing trust check of ``issuer`` signing with ``methods`` on
    ``today`` (see :data:`_TRUST_PLANS`), or ``None`` when a lookup fails."""
    cache_key = (id(trust), issuer, tuple(methods), today)
    found = _TRUST_PLANS.get(cache_key)
    if found is not None and found[0] is trust:
        return found
    looked_up = trust.lookup(issuer)
    if looked_up is None:
        return None
    institution, _ = looked_up
    steps: list[tuple[str, PublicKey, IssuerKey | None]] = []
    for method in methods:
        signer = trust.lookup(method)
        if signer is None or signer[0].slug != institution.slug:
            return None
        listed, history = _listed_key(signer[1], method)
        if listed is None:
            return None
        steps.append((method, listed, history))
    name = institution.display_name
    details: dict[str, Any] = {"institution": institution.slug, "name": name}
    qa = "no QA status recorded"
    status = institution.qa
    if status is not None:
        qa = status.describe(today)
        details["qa"] = {
            "registry": status.registry,
            "body": status.body,
            "valid_until": status.valid_until.isoformat() if status.valid_until else None,
            "current": status.current(today),
        }
    plan = (trust, tuple(steps), name, f"issued by {name} ({institution.country}); {qa}", details)
    with _TRUST_PLANS_LOCK:
        if len(_TRUST_PLANS) >= _TRUST_PLANS_LIMIT:
            _TRUST_PLANS.clear()
        _TRUST_PLANS[cache_key] = plan
    return plan


def _listed_key_problem(
    method: str,
    name: str,
    listed: PublicKey,
    history: IssuerKey | None,
    created: datetime | None,
    resolver: KeyResolver | None,
) -> Check | None:
    """The trust check's rule for one key the registry lists for the issuer, asked for every
    credential whether the registry's side was planned (ADR 0612) or looked up: the key the
    resolver gives for ``method`` is the listed one, and the key was in use when the proof was
    made. ``None`` when both hold."""
    if resolver is not None:
        try:
            used = resolver.resolve_verification_method(method, purpose="assertionMethod")
        except CryptoError:
            used = None
        # ``is`` first: the very key object the registry lists is equal to it (keys compare by class and bytes)
        if used is not None and used is not listed and used != listed:
            return Check(
                "trust",
                "failed",
                "trust.key_differs",
                f"the key that verified {method} is not the one the registry lists for {name}",
                {"key": method, "name": name},
            )
    if created is not None and history is not None and not history.in_use_at(created):
        if history.retired is not None and created >= history.retired:
            when = f"it was retired on {history.retired.isoformat()}"
        else:
            when = f"it was in use only from {history.valid_from.isoformat() if history.valid_from else '?'}"
        return Check(
            "trust",
            "failed",
            "trust.key_not_in_use",
            f"the proof was made {created.isoformat()} with a key of {name}, but {when}",
            {
                "key": method,
                "name": name,
                "created": created.isoformat(),
                "retired": history.retired.isoformat() if history.retired else None,
                "valid_from": history.valid_from.isoformat() if history.valid_from else None,
            },
        )
    return None


def _trust_check(
    issuer: str | None,
    methods: list[str],
    created: datetime | None,
    trust: TrustRegistry | None,
    now: datetime,
    resolver: KeyResolver | None = None,
    credential: Mapping[str, Any] | None = None,
) -> Check:
    if trust is None:
        return _NO_REGISTRY
    if issuer is None:
        return Check("trust", "failed", "trust.no_issuer", "the credential names no issuer")
    plan = _trust_plan(trust, issuer, methods, now.date())
    if plan is None:  # a lookup fails: every lookup made, in the order they always were
        return _trust_check_looked_up(issuer, methods, created, trust, now, resolver, credential)
    _, steps, name, reason, details = plan
    for method, listed, history in steps:
        problem = _listed_key_problem(method, name, listed, history, created, resolver)
        if problem is not None:
            return problem
    params = dict(details)  # each report its own parameters (a caller may keep or change them)
    qa = params.get("qa")
    if qa is not None:
        params["qa"] = dict(qa)
    return Check("trust", "passed", "trust.ok", reason, params)


def _trust_check_looked_up(
    issuer: str,
    methods: list[str],
    created: datetime | None,
    trust: TrustRegistry,
    now: datetime,
    resolver: KeyResolver | None,
    credential: Mapping[str, Any] | None,
) -> Check:
    """The trust check with every lookup made (the code before ADR 0612's plans): used when a
    lookup fails, so that the failure, and any key or date failure before it, is the same."""
    found = trust.lookup(issuer)
    if found is None:
        endorsed = _endorser_trust(issuer, methods, trust, credential)
        if endorsed is not None:
            return endorsed
        return Check(
            "trust",
            "failed",
            "trust.issuer_not_listed",
            f"the issuer {issuer} is not in the {trust.consortium or 'consortium'} registry",
            {"issuer": issuer, "consortium": trust.consortium or ""},
        )
    institution, _ = found
    name = institution.display_name
    for method in methods:
        signer = trust.lookup(method)
        if signer is None or signer[0].slug != institution.slug:
            return Check(
                "trust",
                "failed",
                "trust.key_not_of_issuer",
                f"the key {method} does not belong to {name}, the issuer",
                {"key": method, "name": name},
            )
        listed, history = _listed_key(signer[1], method)
        if listed is None:
            return Check(
                "trust",
                "failed",
                "trust.key_not_listed",
                f"{name} lists no key {method}",
                {"key": method, "name": name},
            )
        problem = _listed_key_problem(method, name, listed, history, created, resolver)
        if problem is not None:
            return problem
    details: dict[str, Any] = {"institution": institution.slug, "name": name}
    qa = "no QA status recorded"
    status = institution.qa
    if status is not None:
        today = now.date()
        qa = status.describe(today)
        details["qa"] = {
            "registry": status.registry,
            "body": status.body,
            "valid_until": status.valid_until.isoformat() if status.valid_until else None,
            "current": status.current(today),
        }
    return Check("trust", "passed", "trust.ok", f"issued by {name} ({institution.country}); {qa}", details)


#: Status lists whose proofs verified, by (URL, SHA-256 of the listing's sorted-key JSON): many
#: credentials point at one list, and its signature need not be checked for each of them.
_VERIFIED_LISTS: dict[
    tuple[str, bytes], tuple[tuple[VerifiedProof, ...], tuple[tuple[str, PublicKey], ...]]
] = {}
_VERIFIED_LISTS_LIMIT: Final = 256
_VERIFIED_LISTS_LOCK = threading.Lock()


def _verified_list(
    url: str, listing: Mapping[str, Any], resolver: KeyResolver, now: datetime
) -> tuple[VerifiedProof, ...]:
    """``verify_proofs(listing, resolver, now=now)``, remembered for a listing seen before.

    A remembered result stands only for the same bytes (a list that changes is verified again)
    and only while every key that verified it still resolves, through this ``resolver``, to the
    same public key (a key removed or replaced is checked again); a proof with ``expires`` is
    never remembered, so the clock is always asked. The signature over the same bytes with the
    same key gives the same answer; failures are never remembered."""
    try:
        digest = hashlib.sha256(orjson.dumps(listing, option=orjson.OPT_SORT_KEYS)).digest()
    except (TypeError, orjson.JSONEncodeError):  # not plain JSON: verified every time
        return verify_proofs(listing, resolver, now=now)
    key = (url, digest)
    found = _VERIFIED_LISTS.get(key)
    if found is not None:
        proofs, keys = found
        try:
            if all(resolver.resolve_verification_method(m, purpose="assertionMethod") == k for m, k in keys):
                return proofs
        except CryptoError:
            pass  # verified again below, which says what is wrong
    proofs = verify_proofs(listing, resolver, now=now)
    if not any(isinstance(p, Mapping) and "expires" in p for p in _types(listing.get("proof"))):
        keys = tuple((p.verification_method, p.public_key) for p in proofs)
        with _VERIFIED_LISTS_LOCK:
            if len(_VERIFIED_LISTS) >= _VERIFIED_LISTS_LIMIT:
                _VERIFIED_LISTS.clear()
            _VERIFIED_LISTS[key] = (proofs, keys)
    return proofs


def _status_check(
    credential: Mapping[str, Any], resolver: KeyResolver, fetcher: StatusFetcher | None, now: datetime
) -> Check:
    entries = [e for e in _types(credential.get("credentialStatus")) if e is not None]
    if not entries:
        return _NO_STATUS_ENTRY
    results = []
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
            kind = entry.get("type") if isinstance(entry, Mapping) else type(entry).__name__
            return Check(
                "status",
                "not_checked",
                "status.unsupported_type",
                f"could not check a status entry of type {kind!r}",
                {"type": str(kind)},
            )
        if fetcher is None:
            return Check(
                "status",
                "not_checked",
                "status.not_checked_no_list",
                "could not check revocation/suspension: the credential has a status entry and no "
                "status list was given (offline)",
                {"url": str(entry.get("statusListCredential", ""))},
            )
        url = entry.get("statusListCredential")
        if not isinstance(url, str):
            return Check(
                "status",
                "failed",
                "status.entry_malformed",
                "the status entry has no statusListCredential URL",
            )
        try:
            listing = fetcher(url)
        except Exception as exc:  # the fetcher is the caller's I/O; any failure means "could not check"
            return Check(
                "status",
                "not_checked",
                "status.list_unavailable",
                f"could not fetch the status list {url}: {exc}",
                {"url": url, "error": str(exc)},
            )
        try:
            list_proofs = _verified_list(url, listing, resolver, now)
        except MicrocredError as exc:
            return Check(
                "status",
                "failed",
                "status.list_invalid",
                f"the status list {url} does not verify: {exc}",
                {"url": url, "error": str(exc)},
            )
        if not any(controller_of(p.verification_method) == _issuer_id(listing) for p in list_proofs):
            return Check(
                "status",
                "failed",
                "status.list_invalid",
                f"the status list {url} is not signed by a key of its issuer",
                {"url": url, "error": "not signed by its issuer"},
            )
        if _issuer_id(listing) != _issuer_id(credential):
            return Check(
                "status",
                "failed",
                "status.list_wrong_issuer",
                f"the status list {url} was issued by someone other than the issuer",
                {"url": url},
            )
        try:
            result = check_status(entry, listing, now=now)
        except StatusListError as exc:
            return Check(
                "status",
                "failed",
                "status.list_broken",
                f"status list {url}: {exc.message}",
                {"url": url, "error": exc.message},
            )
        if result.state == "revoked":
            return Check(
                "status",
                "failed",
                "status.revoked",
                "the credential has been REVOKED by its issuer",
                {"state": "revoked"},
            )
        if result.state == "suspended":
            return Check(
                "status",
                "failed",
                "status.suspended",
                "the credential is SUSPENDED by its issuer",
                {"state": "suspended"},
            )
        results.append(f"{result.purpose}: {result.state}")
    return Check(
        "status",
        "passed",
        "status.ok",
        "not revoked or suspended (" + ", ".join(results) + ")",
        {"results": results},
    )


def _validity_check(
    credential: Mapping[str, Any], now: datetime, reading: FormatReading | None = None
) -> Check:
    try:
        # validFrom/validUntil, or 1.1 issuanceDate/expirationDate; the dates the format check read
        # are not read again
        window = (
            validity_window(credential)
            if reading is None
            else validity_window(credential, version=reading.version, instants=reading.instants)
        )
    except VcdmError as exc:
        return Check(
            "validity", "failed", "validity.bad_date", f"{exc.where}: {exc.message}", {"where": exc.where}
        )
    start, end = window.start_text, window.end_text
    if window.not_yet_valid(now):
        return Check(
            "validity",
            "failed",
            "validity.not_yet_valid",
            f"not valid yet: valid from {start}",
            {"state": "not_yet_valid", "valid_from": start},
        )
    if window.expired(now):
        return Check(
            "validity",
            "failed",
            "validity.expired",
            f"expired: valid until {end}",
            {"state": "expired", "valid_until": end},
        )
    span = f"from {start}" if isinstance(start, str) else "with no start date"
    span += f" until {end}" if isinstance(end, str) else ", no end date"
    return Check(
        "validity",
        "passed",
        "validity.ok",
        f"valid {span}",
        {
            "valid_from": start if isinstance(start, str) else None,
            "valid_until": end if isinstance(end, str) else None,
        },
    )


def _holder_check(
    credential: Mapping[str, Any], evidence: HolderEvidence | None, resolver: KeyResolver, now: datetime
) -> Check:
    if evidence is None or (evidence.email is None and evidence.presentation is None):
        return _NO_HOLDER_EVIDENCE
    subjects = [s for s in _types(credential.get("credentialSubject")) if isinstance(s, Mapping)]
    if evidence.email is not None:
        identities = [
            i
            for s in subjects
            for i in _types(s.get("identifier"))
            if isinstance(i, Mapping) and i.get("identityType") == "emailAddress"
        ]
        if not identities:
            return Check(
                "holder",
                "not_checked",
                "holder.no_email_identity",
                "the credential carries no e-mail identity to match",
            )
        email = normalise_email(evidence.email)
        if any(identity_matches(dict(i), email, evidence.salt) for i in identities):
            return Check(
                "holder",
                "passed",
                "holder.email_match",
                "the presenter's e-mail and salt match the credential's hashed e-mail",
            )
        return Check(
            "holder",
            "failed",
            "holder.mismatch",
            "the presenter's e-mail and salt do not match the credential",
        )
    vp = evidence.presentation
    assert vp is not None
    if evidence.challenge is None:
        return Check(
            "holder",
            "failed",
            "holder.no_challenge",
            "a presentation is checked only against the verifier's own challenge",
        )
    subject_ids = {s.get("id") for s in subjects if isinstance(s.get("id"), str)}
    if not subject_ids:
        return Check(
            "holder",
            "not_checked",
            "holder.no_subject_id",
            "the credential has no credentialSubject.id to bind a presentation to",
        )
    held = [c for c in _types(vp.get("verifiableCredential")) if isinstance(c, Mapping)]
    if not any(c.get("id") == credential.get("id") for c in held):
        return Check(
            "holder",
            "failed",
            "holder.credential_not_presented",
            "the presentation does not contain this credential",
        )
    try:
        proofs: tuple[VerifiedProof, ...] = verify_proofs(
            vp,
            resolver,
            expected_purpose="authentication",
            challenge=evidence.challenge,
            domain=evidence.domain,
            now=now,
        )
    except MicrocredError as exc:
        return Check(
            "holder",
            "failed",
            "holder.presentation_invalid",
            f"the presentation does not verify: {exc}",
            {"error": str(exc)},
        )
    signers = sorted({controller_of(p.verification_method) for p in proofs})
    if not set(signers) & subject_ids:
        return Check(
            "holder",
            "failed",
            "holder.wrong_signer",
            f"the presentation is signed by {', '.join(signers)}, not the subject",
            {"signers": signers},
        )
    return Check(
        "holder",
        "passed",
        "holder.presentation_match",
        "the presenter proved control of credentialSubject.id over the challenge",
    )


def _valid_from(
    credential: Mapping[str, Any] | None, reading: FormatReading | None = None
) -> datetime | None:
    if credential is None:
        return None
    name = "validFrom" if "validFrom" in credential else "issuanceDate"
    value = credential.get(name)
    if not isinstance(value, str):
        return None
    if reading is not None and reading.instants.get(name) is not None:
        return reading.instants[name]  # read with a time zone: the same instant as read without
    try:
        return _parse_datetime(value)
    except ValueError:
        return None


class _NotRead:
    """The proof's ``created`` before it was read (``None`` means "read, and there is none")."""


_NOT_READ: Final = _NotRead()


def _proof_created(credential: Mapping[str, Any]) -> datetime | None:
    for p in _types(credential.get("proof")):
        if (type(p) is dict or isinstance(p, Mapping)) and isinstance(p.get("created"), str):
            try:
                return _parse_datetime(p["created"])
            except ValueError:
                return None
    return None


def _proof_failure(exc: MicrocredError) -> Check:
    """A failed proof check from the Data Integrity / JOSE error (its §2.3 code in ``error``)."""
    if not isinstance(exc, CryptoError):
        return Check(
            "proof",
            "failed",
            "proof.cannot_canonicalize",
            f"the credential cannot be canonicalized: {exc}",
            {"where": exc.where, "error": "PROOF_TRANSFORMATION_ERROR"},
        )
    error = exc.code
    if exc.where.endswith("previousProof"):
        code = "proof.previous_proof_broken"
    elif error == "MALFORMED_PROOF_ERROR":
        code = "proof.malformed"
    elif error == "PROOF_TRANSFORMATION_ERROR":
        code = "proof.cannot_canonicalize"
    else:
        code = "proof.signature_mismatch"
    return Check("proof", "failed", code, f"{exc.message} ({error})", {"where": exc.where, "error": error})


# Checks without parameters, made once (a Check is immutable; its ``params`` are never changed).
_NO_REGISTRY: Final = Check("trust", "not_checked", "trust.no_registry", "no trust registry was given")
_NO_STATUS_ENTRY: Final = Check(
    "status",
    "passed",
    "status.no_entry",
    "the credential has no status entry: the issuer gave no way to revoke or suspend it",
)
_NO_HOLDER_EVIDENCE: Final = Check(
    "holder", "not_checked", "holder.no_evidence", "no evidence from the presenter was given"
)
_NO_KEY: Final = Check(
    "proof", "not_checked", "proof.not_checked_no_key", "no usable key to check the signature with"
)


# --------------------------------------------------------------------------------------------
# Public API


def inspect(
    credential: Mapping[str, Any] | str,
    *,
    resolver: KeyResolver | None = None,
    trust: TrustRegistry | None = None,
    status: StatusFetcher | None = None,
    holder: HolderEvidence | None = None,
    now: datetime | None = None,
) -> VerificationReport:
    """Run every check and return the report; never raises for a bad credential.

    ``credential`` is a JSON object with an embedded Data Integrity proof, or a compact ``vc+jwt``
    string. ``resolver`` finds keys (default: did:key, plus the ``trust`` registry's documents).
    ``status`` fetches status list credentials by URL; without it a credential with a status
    entry is "could not confirm" (``report.verdict == "unconfirmed"``).
    """
    moment = now if now is not None else datetime.now(UTC)
    if resolver is None:
        resolver = trust.resolver() if trust is not None else DidResolver()
    if isinstance(credential, str):
        return _inspect_jwt(credential, resolver, trust, status, holder, moment)
    if not (type(credential) is dict or isinstance(credential, Mapping)):
        return _report(None, "unknown", [_format_check(None)])
    doc: Mapping[str, Any] = credential
    fmt, reading = _read_format(doc)
    checks = [fmt]
    issuer = _issuer_id(doc)
    foreign, methods = _proof_methods(doc)
    # The proof's ``created`` is read once: the key check needs it only for a revoked key (so it
    # asks), and a single proof that verified was read by the proof check with the same reader.
    created: datetime | _NotRead | None = _NOT_READ
    key, resolved = _key_check(methods, resolver, issuer, lambda: _proof_created(doc))
    if "proof" not in doc:
        proof = Check("proof", "failed", "proof.missing", "the credential has no proof: it is unsigned")
    elif not resolved:
        proof = _NO_KEY
    else:
        try:
            verified = verify_proofs(doc, resolver, now=moment, skip_foreign_proofs=bool(foreign))
            if len(verified) == 1 and type(doc["proof"]) is dict:
                # the one proof, the first _proof_created looks at: its ``created`` (a string, or
                # it would not have verified) parsed by parse_date_time, or None when it has none
                created = verified[0].created
            suites = (
                verified[0].cryptosuite
                if len(verified) == 1  # one suite: what the sorted set would give
                else ", ".join(sorted({v.cryptosuite for v in verified}))
            )
            skipped = (
                f"; not checked: {len(foreign)} proof(s) of type {', '.join(foreign)}" if foreign else ""
            )
            proof = Check(
                "proof",
                "passed",
                "proof.ok",
                f"{len(verified)} proof(s) ({suites}) verified: the signature matches the credential{skipped}",
                {"cryptosuite": suites, "proofs": len(verified), "skipped": foreign},
            )
        except UnknownKey:
            proof = _NO_KEY
        except MicrocredError as exc:
            proof = _proof_failure(exc)
    key = _endorser_only(key, doc, issuer, trust)
    checks += [proof, key]
    if isinstance(created, _NotRead):
        created = _proof_created(doc)
    checks.append(_trust_check(issuer, _bound_methods(key, methods), created, trust, moment, resolver, doc))
    checks.append(_status_check(doc, resolver, status, moment))
    checks.append(_validity_check(doc, moment, reading))
    checks.append(_holder_check(doc, holder, resolver, moment))
    # every check, appended in the order of CHECKS: what _report would give
    return VerificationReport(tuple(checks), doc, "data-integrity")


def _inspect_jwt(
    token: str,
    resolver: KeyResolver,
    trust: TrustRegistry | None,
    status: StatusFetcher | None,
    holder: HolderEvidence | None,
    moment: datetime,
) -> VerificationReport:
    # The signature is checked first, so that the payload is decoded once: when it verifies, its
    # credential is the same data ``_decode_jwt_payload`` would give (the same segment, decoded
    # the same way, VCDM 1.1 §6.3.1 applied the same way). Its outcome is used only where the key
    # check lets the proof be checked, exactly as if it had been run there.
    verified: VerifiedJwt | None = None
    failure: Exception | None = None
    try:
        verified = verify_vc_jwt(token, resolver, now=moment)
    except Exception as exc:  # kept, and raised below only where the proof check would have run
        failure = exc
    payload = verified.credential if verified is not None else _decode_jwt_payload(token)
    fmt, reading = _read_format(payload)
    checks = [fmt]
    if verified is not None:  # the same header segment, parsed by the signature check
        header_kid = verified.header.get("kid")
        kid = header_kid if isinstance(header_kid, str) else None
    else:
        kid = _jwt_kid(token)
    issuer = _issuer_id(payload)
    if kid is not None and kid.startswith("#") and issuer:
        kid = issuer + kid
    methods = [kid] if kid else []
    # a JWS has no proof date: the credential's own validFrom (as self-asserted as ``created``)
    key, resolved = _key_check(methods, resolver, issuer, _valid_from(payload, reading))
    credential: Mapping[str, Any] | None = payload  # the verified credential when it verified
    if not resolved:
        proof = _NO_KEY
    elif not _canonical_base64url(token, decoded=verified is not None):
        # RFC 7515 §2 / RFC 4648 §3.5: unused bits must be zero; otherwise one signature has
        # several encodings and the token string is malleable.
        proof = Check(
            "proof",
            "failed",
            "proof.jwt_not_canonical",
            "a token segment is not canonical base64url (non-zero padding bits)",
        )
    elif verified is not None:
        alg = str(verified.header.get("alg"))
        proof = Check(
            "proof", "passed", "proof.ok", f"the vc+jwt signature ({alg}) matches", {"cryptosuite": alg}
        )
    elif isinstance(failure, UnknownKey):
        proof = _NO_KEY
    elif isinstance(failure, MicrocredError):
        proof = _proof_failure(failure)
    else:  # pragma: no cover - not a verification failure: a bug, raised where it always was
        assert failure is not None
        raise failure
    key = _endorser_only(key, credential, issuer, trust)
    checks += [proof, key]
    if credential is None:
        rest = [
            Check(n, "not_checked", f"{n}.not_reached", "the token has no readable credential")
            for n in CHECKS[3:]
        ]
        return _report(None, "vc-jwt", checks + rest)
    checks.append(
        _trust_check(issuer, _bound_methods(key, methods), None, trust, moment, resolver, credential)
    )
    checks.append(_status_check(credential, resolver, status, moment))
    checks.append(_validity_check(credential, moment, reading))
    checks.append(_holder_check(credential, holder, resolver, moment))
    # every check, appended in the order of CHECKS: what _report would give
    return VerificationReport(tuple(checks), credential, "vc-jwt")


def _report(
    credential: Mapping[str, Any] | None,
    proof_format: Literal["data-integrity", "vc-jwt", "unknown"],
    checks: list[Check],
) -> VerificationReport:
    by_name = {c.name: c for c in checks}
    if len(by_name) == len(checks):  # one check per name (always, from inspect): in CHECKS order
        ordered = tuple(
            by_name.get(n) or Check(n, "not_checked", f"{n}.not_reached", "not reached") for n in CHECKS
        )
    else:  # pragma: no cover - a stable sort keeps repeated names in their order
        checks += [
            Check(n, "not_checked", f"{n}.not_reached", "not reached") for n in CHECKS if n not in by_name
        ]
        ordered = tuple(sorted(checks, key=lambda c: _CHECK_INDEX[c.name]))
    return VerificationReport(ordered, credential, proof_format)


_ERRORS: Final[dict[CheckName, type[VerificationError]]] = {
    "format": MalformedCredential,
    "proof": InvalidCredentialProof,
    "key": UnresolvableKey,
    "trust": UntrustedIssuer,
    "status": CredentialRevoked,
    "validity": CredentialExpired,
    "holder": HolderMismatch,
}


def verify(
    credential: Mapping[str, Any] | str,
    *,
    resolver: KeyResolver | None = None,
    trust: TrustRegistry | None = None,
    status: StatusFetcher | None = None,
    holder: HolderEvidence | None = None,
    now: datetime | None = None,
    require_trusted: bool = False,
    accept_unconfirmed: bool = False,
) -> VerifiedCredential:
    """Verify ``credential`` or raise a :class:`VerificationError` subclass naming the check.

    Raises for a failed format, proof, key (issuer binding included), status (revoked,
    suspended, a broken list), validity or holder check; then, when nothing failed but the
    verdict is "could not confirm" (an unresolvable key, a status entry with no ``status``
    fetcher, a holder check that could not be run), :class:`VerificationUnconfirmed` unless
    ``accept_unconfirmed=True`` (ADR 0606: unknown is never valid by default); then, only when
    ``require_trusted``, :class:`UntrustedIssuer`.
    """
    report = inspect(credential, resolver=resolver, trust=trust, status=status, holder=holder, now=now)
    order: tuple[CheckName, ...] = ("format", "proof", "key", "validity", "status", "holder")
    failed = unsure = False
    for c in report.checks:
        if c.state == "failed":
            failed = True
        elif c.state == "not_checked":
            unsure = True
    for name in order if failed else ():
        c = report.check(name)
        if c.failed:
            cls = _ERRORS[name]
            if c.code == "status.suspended":
                cls = CredentialSuspended
            if c.code == "validity.not_yet_valid":
                cls = CredentialNotYetValid
            if c.code == "key.not_controlled_by_issuer":
                cls = IssuerNotBound
            raise cls(c.reason, where=str(c.params.get("where", name)), report=report, check_code=c.code)
    # the cause first: an unresolvable key, not the proof it left unchecked
    cause: tuple[CheckName, ...] = ("format", "key", "status", "validity", "holder", "proof")
    # nothing failed here (or verify raised above): with nothing left unchecked, nothing is unconfirmed
    unconfirmed = [] if accept_unconfirmed or not unsure else report.unconfirmed_checks()
    if unconfirmed:
        unconfirmed.sort(key=lambda c: cause.index(c.name))
        first = unconfirmed[0]
        raise VerificationUnconfirmed(
            f"could not confirm: {first.reason}",
            where=str(first.params.get("where", first.name)),
            report=report,
            check_code=first.code,
            check=first.name,
        )
    trust_check = report.check("trust") if require_trusted else None
    if trust_check is not None and not trust_check.passed:
        raise UntrustedIssuer(trust_check.reason, where="issuer", report=report, check_code=trust_check.code)
    if report.credential is None:  # pragma: no cover - only an accepted unconfirmed unreadable token
        raise MalformedCredential("the token has no readable credential", where="credential", report=report)
    key = report.check("key").params
    methods = key.get("bound") or key.get("verification_methods") or []
    return VerifiedCredential(
        credential=report.credential,
        issuer=_issuer_id(report.credential) or "",
        proof_format="vc-jwt" if report.proof_format == "vc-jwt" else "data-integrity",
        verification_method=methods[0] if methods else "",
        report=report,
    )
