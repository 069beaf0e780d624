"""Verification of credentials: :func:`verify` raises, :func:`inspect` returns a report for people.

Named checks, each ``passed`` / ``failed`` / ``not_checked`` with a reason a person understands:

``format``
    VCDM 2.0 §4 basics (``@context`` starts with the v2 context, ``type`` has
    ``VerifiableCredential``, ``issuer``, ``credentialSubject``, XSD dateTimeStamps) and, for an
    Open Badge, the OB 3.0 JSON Schema (OB 3.0 §9.1 step 1).
``proof``
    Data Integrity (``eddsa-rdfc-2022``, ``eddsa-jcs-2022``, ECDSA suites) or VC-JOSE ``vc+jwt``
    (OB 3.0 §9.1 step 2).
``key``
    The verification method resolves (offline: did:key, or a document from the trust registry)
    and its controller lists it under ``assertionMethod`` (VC Data Integrity §4.3).
``trust``
    The key's controller belongs to the same consortium institution as the credential's issuer;
    the institution's QA status is reported. Trust is reported *beside* validity: a credential can
    be valid and issued by someone outside the consortium.
``status``
    Revocation/suspension through the Bitstring Status List v1.0 §3.2, via an injected fetcher.
    Offline by default: "could not check", never a false pass.
``validity``
    ``validFrom`` ≤ now < ``validUntil`` (VCDM 2.0 §4.9; OB 3.0 §9.1 step 3).
``holder``
    Optional (ADR 0601): the presenter's e-mail and salt against the hashed identity, or a
    presentation signed by ``credentialSubject.id`` over a verifier's challenge.

A credential is *valid* when format, proof, key and validity passed and status did not fail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal

import orjson

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import CryptoError, InvalidProof, UnknownKey
from microcred.crypto.multibase import b64url_decode, b64url_encode
from microcred.crypto.proofs import verify_proofs
from microcred.crypto.proofs.data_integrity import KeyResolver, VerifiedProof
from microcred.crypto.proofs.jose import VerifiedJwt, verify_vc_jwt
from microcred.errors import MicrocredError
from microcred.standards.ob3.identity import identity_matches, normalise_email
from microcred.standards.ob3.schema import schema_problems
from microcred.standards.status_list import StatusListError, check_status
from microcred.trust import TrustRegistry
from microcred.untrusted_input import DateTimeError, parse_date_time

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
    "MalformedCredential",
    "StatusFetcher",
    "UnresolvableKey",
    "UntrustedIssuer",
    "VerificationError",
    "VerificationReport",
    "VerifiedCredential",
    "check_format",
    "inspect",
    "verify",
]

CheckName = Literal["format", "proof", "key", "trust", "status", "validity", "holder"]
CheckState = Literal["passed", "failed", "not_checked"]
CHECKS: Final[tuple[CheckName, ...]] = ("format", "proof", "key", "trust", "status", "validity", "holder")
VCDM2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
_OB_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential"})

#: Fetches a status list credential by URL (``statusListCredential``); raise to say "cannot".
StatusFetcher = Callable[[str], Mapping[str, Any]]


# --------------------------------------------------------------------------------------------
# Report types


@dataclass(frozen=True, slots=True)
class Check:
    """One named check: its state and a reason a person can read."""

    name: CheckName
    state: CheckState
    reason: str
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.state == "passed"

    @property
    def failed(self) -> bool:
        return self.state == "failed"

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.name, "state": self.state, "reason": self.reason, **dict(self.details)}


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """Every check of one credential, in the order of :data:`CHECKS`."""

    checks: tuple[Check, ...]
    credential: Mapping[str, Any] | None
    proof_format: Literal["data-integrity", "vc-jwt", "unknown"]

    def check(self, name: CheckName) -> Check:
        return next(c for c in self.checks if c.name == name)

    @property
    def valid(self) -> bool:
        """Cryptographically valid, not revoked/suspended, within its dates (trust aside)."""
        return (
            all(self.check(n).passed for n in ("format", "proof", "key", "validity"))
            and not self.check("status").failed
        )

    @property
    def trusted(self) -> bool:
        return self.check("trust").passed

    def problem_details(self, *, require_trusted: bool = False) -> list[dict[str, str]]:
        """RFC 9457 problem details of the failed checks, for a VC-API ``problemDetails`` list.

        Types: VC Data Integrity §2.3 codes (``https://w3id.org/security#…``) for proof and key
        failures, Bitstring Status List §3.6 for status, VCDM 2.0 §7.1 for format and validity.
        """
        out = []
        for c in self.checks:
            if not c.failed or (c.name == "trust" and not require_trusted) or c.name == "holder":
                continue
            code = str(c.details.get("code", ""))
            if c.name == "proof":
                kind = f"https://w3id.org/security#{code or 'PROOF_VERIFICATION_ERROR'}"
            elif c.name == "key":
                kind = "https://w3id.org/security#PROOF_VERIFICATION_ERROR"  # the key cannot be used
            elif c.name == "status":
                kind = "https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR"
            elif c.name == "validity":
                kind = "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"
            elif c.name == "format":
                kind = "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"
            else:
                kind = "urn:microcred:problem:UNTRUSTED_ISSUER"
            out.append({"type": kind, "title": f"{c.name} check failed", "detail": c.reason})
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
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
    """A credential that failed verification; ``check`` names the check, ``report`` has them all."""

    check: CheckName = "proof"

    def __init__(self, message: str, *, where: str = "", report: VerificationReport | None = None) -> None:
        super().__init__(message, where=where)
        self.report = report


class MalformedCredential(VerificationError):
    """Not a VCDM 2.0 credential, or not a valid OB 3.0 credential (format check)."""

    check: CheckName = "format"


class InvalidCredentialProof(VerificationError):
    """The signature does not match: changed after signing, or a malformed proof (proof check)."""

    check: CheckName = "proof"


class UnresolvableKey(VerificationError):
    """The verification method is unknown or not authorised for assertionMethod (key check)."""

    check: CheckName = "key"


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


# --------------------------------------------------------------------------------------------
# Helpers


def _types(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _type_names(value: object) -> set[str]:
    return {t for t in _types(value) if isinstance(t, str)}


def _issuer_id(credential: Mapping[str, Any] | None) -> str | None:
    if credential is None:
        return None
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def _is_date_time_stamp(value: object) -> bool:
    try:
        parse_date_time(value, require_zone=True)
    except DateTimeError:
        return False
    return True


def _parse_datetime(value: str) -> datetime:
    """The one date-time reader (``microcred.untrusted_input``); its error is a ``ValueError``."""
    return parse_date_time(value)


def check_format(credential: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first VCDM 2.0 / OB 3.0 format problem as (JSON path, message), or ``None``.

    VCDM 2.0 §4.1 (``@context`` first item), §4.4 (``id``), §4.5 (``type``), §4.7 (``issuer``),
    §4.8 (``credentialSubject``), §4.9 (``validFrom``/``validUntil`` as XSD dateTimeStamp); for an
    ``OpenBadgeCredential``/``AchievementCredential`` also the OB 3.0 JSON Schema.
    """
    contexts = _types(credential.get("@context"))
    if not contexts or contexts[0] != VCDM2_CONTEXT:
        return "@context", f"the first @context must be {VCDM2_CONTEXT} (VCDM 2.0 §4.1)"
    types = _types(credential.get("type"))
    if "VerifiableCredential" not in types:
        return "type", "type must include VerifiableCredential (VCDM 2.0 §4.5)"
    if "id" in credential and (not isinstance(credential["id"], str) or ":" not in credential["id"]):
        return "id", "id must be a URL (VCDM 2.0 §4.4)"
    if _issuer_id(credential) is None:
        return "issuer", "issuer is missing or has no id (VCDM 2.0 §4.7)"
    subject = credential.get("credentialSubject")
    if not isinstance(subject, Mapping | list) or not subject:
        return "credentialSubject", "credentialSubject is missing (VCDM 2.0 §4.8)"
    for name in ("validFrom", "validUntil"):
        value = credential.get(name)
        if value is not None and not _is_date_time_stamp(value):
            return name, f"{name} {value!r} is not an XSD dateTimeStamp with a time zone (VCDM 2.0 §4.9)"
    if _OB_TYPES & _type_names(types):
        problems = schema_problems(credential)
        if problems:
            path, message = problems[0]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            return path, f"does not fit the OB 3.0 JSON Schema: {message}{more}"
    return None


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
    vc = claims.get("vc")
    return vc if isinstance(vc, dict) else claims


def _canonical_base64url(token: str) -> bool:
    try:
        return all(b64url_encode(b64url_decode(part)) == part for part in token.strip().split("."))
    except CryptoError:
        return False


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
    if credential is None:
        return Check("format", "failed", "the input is neither a credential (JSON object) nor a compact JWS")
    problem = check_format(credential)
    if problem is not None:
        return Check("format", "failed", f"{problem[0]}: {problem[1]}", {"where": problem[0]})
    ob = bool(_OB_TYPES & _type_names(credential.get("type")))
    return Check(
        "format",
        "passed",
        "a VCDM 2.0 credential" + (" that fits the OB 3.0 JSON Schema" if ob else " (not an Open Badge)"),
        {"open_badge": ob},
    )


def _foreign_proofs(credential: Mapping[str, Any]) -> list[str]:
    """Types of proofs that are not Data Integrity proofs, skipped when a Data Integrity proof
    remains (OB 3.0 §8: a verifier may check any one proof)."""
    proofs = _types(credential.get("proof"))
    foreign = [
        str(p.get("type")) for p in proofs if isinstance(p, Mapping) and p.get("type") != "DataIntegrityProof"
    ]
    return foreign if len(foreign) < len(proofs) else []


def _methods(credential: Mapping[str, Any]) -> list[str]:
    proofs = _types(credential.get("proof"))
    foreign = bool(_foreign_proofs(credential))
    return [
        p["verificationMethod"]
        for p in proofs
        if isinstance(p, Mapping)
        and isinstance(p.get("verificationMethod"), str)
        and (not foreign or p.get("type") == "DataIntegrityProof")
    ]


def _key_check(methods: list[str], resolver: KeyResolver, issuer: str | None) -> Check:
    if not methods:
        return Check("key", "failed", "the proof names no verification method")
    for method in methods:
        try:
            resolver.resolve_verification_method(method, purpose="assertionMethod")
        except UnknownKey as exc:
            return Check("key", "failed", f"cannot use the key {method}: {exc.message}", {"where": method})
        except CryptoError as exc:
            return Check("key", "failed", f"the key {method} is unusable: {exc.message}", {"where": method})
    controllers = sorted({m.split("#", 1)[0] for m in methods})
    note = ""
    if issuer is not None and controllers != [issuer]:
        note = f"; the key's controller {', '.join(controllers)} is not the issuer {issuer} (see the trust check)"
    return Check(
        "key",
        "passed",
        f"{', '.join(methods)} is authorised for assertionMethod by its controller{note}",
        {"verification_methods": methods},
    )


def _trust_check(
    issuer: str | None,
    methods: list[str],
    created: datetime | None,
    trust: TrustRegistry | None,
    now: datetime,
    resolver: KeyResolver | None = None,
) -> Check:
    if trust is None:
        return Check("trust", "not_checked", "no trust registry was given")
    if issuer is None:
        return Check("trust", "failed", "the credential names no issuer")
    found = trust.lookup(issuer)
    if found is None:
        return Check(
            "trust",
            "failed",
            f"the issuer {issuer} is not in the {trust.consortium or 'consortium'} registry",
        )
    institution, _ = found
    for method in methods:
        signer = trust.lookup(method)
        if signer is None or signer[0].slug != institution.slug:
            return Check(
                "trust",
                "failed",
                f"the key {method} does not belong to {institution.display_name}, the issuer",
            )
        try:
            listed = signer[1].document.method(method).public_key
        except UnknownKey:
            return Check("trust", "failed", f"{institution.display_name} lists no key {method}")
        if resolver is not None:
            try:
                used = resolver.resolve_verification_method(method, purpose="assertionMethod")
            except CryptoError:
                used = None
            if used is not None and used != listed:
                return Check(
                    "trust",
                    "failed",
                    f"the key that verified {method} is not the one the registry lists for "
                    f"{institution.display_name}",
                )
        history = signer[1].key_history(listed)
        if created is not None and history is not None and not history.in_use_at(created):
            if history.retired is not None and created >= history.retired:
                when = f"it was retired on {history.retired.isoformat()}"
            else:
                when = (
                    f"it was in use only from {history.valid_from.isoformat() if history.valid_from else '?'}"
                )
            return Check(
                "trust",
                "failed",
                f"the proof was made {created.isoformat()} with a key of {institution.display_name}, "
                f"but {when}",
            )
    details: dict[str, Any] = {"institution": institution.slug, "name": institution.display_name}
    qa = "no QA status recorded"
    if institution.qa is not None:
        qa = institution.qa.describe(now.date())
        details["qa"] = {
            "registry": institution.qa.registry,
            "body": institution.qa.body,
            "valid_until": institution.qa.valid_until.isoformat() if institution.qa.valid_until else None,
            "current": institution.qa.current(now.date()),
        }
    return Check(
        "trust", "passed", f"issued by {institution.display_name} ({institution.country}); {qa}", details
    )


def _status_check(
    credential: Mapping[str, Any], resolver: KeyResolver, fetcher: StatusFetcher | None, now: datetime
) -> Check:
    entries = [e for e in _types(credential.get("credentialStatus")) if e is not None]
    if not entries:
        return Check(
            "status", "passed", "the credential has no status entry, so it cannot be revoked or suspended"
        )
    if fetcher is None:
        return Check(
            "status",
            "not_checked",
            "could not check revocation/suspension: no status-list fetcher was given (offline)",
        )
    results = []
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
            kind = entry.get("type") if isinstance(entry, Mapping) else type(entry).__name__
            return Check("status", "not_checked", f"could not check a status entry of type {kind!r}")
        url = entry.get("statusListCredential")
        if not isinstance(url, str):
            return Check("status", "failed", "the status entry has no statusListCredential URL")
        try:
            listing = fetcher(url)
        except Exception as exc:  # the fetcher is the caller's I/O; any failure means "could not check"
            return Check("status", "not_checked", f"could not fetch the status list {url}: {exc}")
        try:
            verify_proofs(listing, resolver, now=now)
        except MicrocredError as exc:
            return Check("status", "failed", f"the status list {url} does not verify: {exc}")
        if _issuer_id(listing) != _issuer_id(credential):
            return Check(
                "status", "failed", f"the status list {url} was issued by someone other than the issuer"
            )
        try:
            result = check_status(entry, listing, now=now)
        except StatusListError as exc:
            return Check("status", "failed", f"status list {url}: {exc.message}")
        if result.state == "revoked":
            return Check(
                "status", "failed", "the credential has been REVOKED by its issuer", {"state": "revoked"}
            )
        if result.state == "suspended":
            return Check(
                "status", "failed", "the credential is SUSPENDED by its issuer", {"state": "suspended"}
            )
        results.append(f"{result.purpose}: {result.state}")
    return Check("status", "passed", "not revoked or suspended (" + ", ".join(results) + ")")


def _validity_check(credential: Mapping[str, Any], now: datetime) -> Check:
    start, end = credential.get("validFrom"), credential.get("validUntil")
    try:
        if isinstance(start, str) and _parse_datetime(start) > now:
            return Check(
                "validity", "failed", f"not valid yet: valid from {start}", {"state": "not_yet_valid"}
            )
        if isinstance(end, str) and _parse_datetime(end) <= now:
            return Check("validity", "failed", f"expired: valid until {end}", {"state": "expired"})
    except ValueError:
        return Check("validity", "failed", "validFrom/validUntil is not a date and time")
    span = f"from {start}" if isinstance(start, str) else "with no start date"
    span += f" until {end}" if isinstance(end, str) else ", no end date"
    return Check("validity", "passed", f"valid {span}")


def _holder_check(
    credential: Mapping[str, Any], evidence: HolderEvidence | None, resolver: KeyResolver, now: datetime
) -> Check:
    if evidence is None:
        return Check("holder", "not_checked", "no evidence from the presenter was given")
    subjects = [s for s in _types(credential.get("credentialSubject")) if isinstance(s, Mapping)]
    if evidence.email is not None:
        identities = [
            i
            for s in subjects
            for i in _types(s.get("identifier"))
            if isinstance(i, Mapping) and i.get("identityType") == "emailAddress"
        ]
        if not identities:
            return Check("holder", "not_checked", "the credential carries no e-mail identity to match")
        email = normalise_email(evidence.email)
        if any(identity_matches(dict(i), email, evidence.salt) for i in identities):
            return Check(
                "holder", "passed", "the presenter's e-mail and salt match the credential's hashed e-mail"
            )
        return Check("holder", "failed", "the presenter's e-mail and salt do not match the credential")
    if evidence.presentation is not None:
        if evidence.challenge is None:
            return Check(
                "holder", "failed", "a presentation is checked only against the verifier's own challenge"
            )
        subject_ids = {s.get("id") for s in subjects if isinstance(s.get("id"), str)}
        if not subject_ids:
            return Check(
                "holder",
                "not_checked",
                "the credential has no credentialSubject.id to bind a presentation to",
            )
        vp = evidence.presentation
        held = [c for c in _types(vp.get("verifiableCredential")) if isinstance(c, Mapping)]
        if not any(c.get("id") == credential.get("id") for c in held):
            return Check("holder", "failed", "the presentation does not contain this credential")
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
            return Check("holder", "failed", f"the presentation does not verify: {exc}")
        signers = {p.verification_method.split("#", 1)[0] for p in proofs}
        if not signers & subject_ids:
            return Check(
                "holder", "failed", f"the presentation is signed by {', '.join(signers)}, not the subject"
            )
        return Check(
            "holder", "passed", "the presenter proved control of credentialSubject.id over the challenge"
        )
    return Check("holder", "not_checked", "no e-mail or presentation was given")


def _proof_created(credential: Mapping[str, Any]) -> datetime | None:
    for p in _types(credential.get("proof")):
        if isinstance(p, Mapping) and isinstance(p.get("created"), str):
            try:
                return _parse_datetime(p["created"])
            except ValueError:
                return None
    return None


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
    ``status`` fetches status list credentials by URL; without it status is "not checked".
    """
    moment = now if now is not None else datetime.now(UTC)
    if resolver is None:
        resolver = trust.resolver() if trust is not None else DidResolver()
    if isinstance(credential, str):
        return _inspect_jwt(credential, resolver, trust, status, holder, moment)
    if not isinstance(credential, Mapping):
        return _report(None, "unknown", [_format_check(None)])
    doc: Mapping[str, Any] = credential
    checks = [_format_check(doc)]
    issuer = _issuer_id(doc)
    methods = _methods(doc)
    key = _key_check(methods, resolver, issuer)
    if "proof" not in doc:
        proof = Check("proof", "failed", "the credential has no proof: it is unsigned")
    elif not key.passed:
        proof = Check("proof", "not_checked", "no usable key to check the signature with")
    else:
        foreign = _foreign_proofs(doc)
        try:
            verified = verify_proofs(doc, resolver, now=moment, skip_foreign_proofs=bool(foreign))
            suites = ", ".join(sorted({v.cryptosuite for v in verified}))
            skipped = (
                f"; not checked: {len(foreign)} proof(s) of type {', '.join(foreign)}" if foreign else ""
            )
            proof = Check(
                "proof",
                "passed",
                f"the {suites} signature matches the credential{skipped}",
                {"cryptosuite": suites},
            )
        except InvalidProof as exc:
            proof = Check(
                "proof", "failed", f"{exc.message} ({exc.code})", {"where": exc.where, "code": exc.code}
            )
        except MicrocredError as exc:
            proof = Check(
                "proof", "failed", f"the credential cannot be canonicalized: {exc}", {"where": exc.where}
            )
    checks += [proof, key]
    checks.append(_trust_check(issuer, methods, _proof_created(doc), trust, moment, resolver))
    checks.append(_status_check(doc, resolver, status, moment))
    checks.append(_validity_check(doc, moment))
    checks.append(_holder_check(doc, holder, resolver, moment))
    return _report(doc, "data-integrity", checks)


def _inspect_jwt(
    token: str,
    resolver: KeyResolver,
    trust: TrustRegistry | None,
    status: StatusFetcher | None,
    holder: HolderEvidence | None,
    moment: datetime,
) -> VerificationReport:
    payload = _decode_jwt_payload(token)
    checks = [_format_check(payload)]
    kid = _jwt_kid(token)
    issuer = _issuer_id(payload)
    if kid is not None and kid.startswith("#") and issuer:
        kid = issuer + kid
    key = _key_check([kid] if kid else [], resolver, issuer)
    credential: Mapping[str, Any] | None = payload
    if not key.passed:
        proof = Check("proof", "not_checked", "no usable key to check the signature with")
    elif not _canonical_base64url(token):
        # RFC 7515 §2 / RFC 4648 §3.5: unused bits must be zero; otherwise one signature has
        # several encodings and the token string is malleable.
        proof = Check("proof", "failed", "a token segment is not canonical base64url (non-zero padding bits)")
    else:
        try:
            verified: VerifiedJwt = verify_vc_jwt(token, resolver, now=moment)
            credential = verified.credential
            proof = Check("proof", "passed", f"the vc+jwt signature ({verified.header.get('alg')}) matches")
        except MicrocredError as exc:
            proof = Check("proof", "failed", str(exc), {"where": exc.where})
    checks += [proof, key]
    if credential is None:
        rest = [Check(n, "not_checked", "the token has no readable credential") for n in CHECKS[3:]]
        return _report(None, "vc-jwt", checks + rest)
    checks.append(_trust_check(issuer, [kid] if kid else [], None, trust, moment, resolver))
    checks.append(_status_check(credential, resolver, status, moment))
    checks.append(_validity_check(credential, moment))
    checks.append(_holder_check(credential, holder, resolver, moment))
    return _report(credential, "vc-jwt", checks)


def _report(
    credential: Mapping[str, Any] | None,
    proof_format: Literal["data-integrity", "vc-jwt", "unknown"],
    checks: list[Check],
) -> VerificationReport:
    have = {c.name for c in checks}
    checks += [Check(n, "not_checked", "not reached") for n in CHECKS if n not in have]
    ordered = tuple(sorted(checks, key=lambda c: CHECKS.index(c.name)))
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
) -> VerifiedCredential:
    """Verify ``credential`` or raise a :class:`VerificationError` subclass naming the failed check.

    Raises for a failed format, proof, key, status (revoked/suspended), validity or holder check,
    and for trust only when ``require_trusted``. A status that could not be checked does not
    raise; it is "not_checked" in ``report``.
    """
    report = inspect(credential, resolver=resolver, trust=trust, status=status, holder=holder, now=now)
    order: tuple[CheckName, ...] = ("format", "key", "proof", "validity", "status", "holder", "trust")
    for name in order:
        c = report.check(name)
        if c.failed and (name != "trust" or require_trusted):
            cls = _ERRORS[name]
            if name == "status" and c.details.get("state") == "suspended":
                cls = CredentialSuspended
            if name == "validity" and c.details.get("state") == "not_yet_valid":
                cls = CredentialNotYetValid
            raise cls(c.reason, where=str(c.details.get("where", name)), report=report)
        if name == "trust" and require_trusted and not c.passed:
            raise UntrustedIssuer(c.reason, where="issuer", report=report)
    assert report.credential is not None
    methods = report.check("key").details.get("verification_methods", [])
    return VerifiedCredential(
        credential=report.credential,
        issuer=_issuer_id(report.credential) or "",
        proof_format="vc-jwt" if report.proof_format == "vc-jwt" else "data-integrity",
        verification_method=methods[0] if methods else "",
        report=report,
    )
