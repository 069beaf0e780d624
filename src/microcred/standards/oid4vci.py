"""OpenID for Verifiable Credential Issuance 1.0 (final): the wallet's key proof (ADR 1360).

Only the part that is domain logic lives here, framework-free: checking the **JWT proof** a
wallet sends with a Credential Request (OID4VCI 1.0 §8.2 "Credential Request", ``proofs.jwt``;
Appendix F.1 "JWT Proof Type") and naming the holder's DID that goes into the new credential's
``credentialSubject.id``. The endpoints, the offer and the nonce store are the web layer's
(``microcred_web.wallet``).

Appendix F.1 asks of the proof:

* header ``typ`` = ``openid4vci-proof+jwt``; ``alg`` an asymmetric algorithm, never ``none``;
  exactly one key reference: ``kid`` (a DID URL: we resolve ``did:key`` and ``did:jwk`` offline)
  or ``jwk`` (the public key itself; private members refused). ``x5c`` and key attestations are
  not supported here;
* payload ``aud`` = the Credential Issuer Identifier, ``iat`` = when it was made (we accept it
  within a window around now), and ``nonce`` = a ``c_nonce`` from the Nonce Endpoint (§7),
  which the caller checks is one we issued and not yet used.

Algorithms: ``EdDSA``/``Ed25519`` (RFC 8037, RFC 9864) and ``ES256``/``ES384`` (RFC 7518 §3.4),
the ones our key module verifies. The signature check is the same compact-JWS primitive as our
VC-JWT verifier (:mod:`microcred.crypto.proofs.jose`'s base64url and key types).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import orjson

from microcred.crypto.did import resolve_did_jwk, resolve_did_key
from microcred.crypto.errors import CryptoError, InvalidSignature
from microcred.crypto.keys import PublicKey, public_key_from_jwk
from microcred.crypto.multibase import b64url_decode
from microcred.errors import MicrocredError

__all__ = [
    "PROOF_ALGORITHMS",
    "PROOF_TYP",
    "ProofError",
    "VerifiedProof",
    "verify_jwt_proof",
]

#: Appendix F.1: the ``typ`` header of a key proof JWT.
PROOF_TYP: Final = "openid4vci-proof+jwt"
#: JOSE ``alg`` → the key algorithm it needs (our key module's names).
_KEY_FOR_ALG: Final = {"EdDSA": "Ed25519", "Ed25519": "Ed25519", "ES256": "P-256", "ES384": "P-384"}
#: What the issuer metadata lists as ``proof_signing_alg_values_supported`` (§12.2.4).
PROOF_ALGORITHMS: Final = ("EdDSA", "Ed25519", "ES256", "ES384")
#: A proof older than this, or this far in the future, is refused (F.1 ``iat``; clock skew).
IAT_WINDOW: Final = timedelta(minutes=5)
#: A proof JWT longer than this is refused before any parsing.
MAX_PROOF_LENGTH: Final = 8_000
_JWK_PRIVATE: Final = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


class ProofError(MicrocredError):
    """A key proof that cannot be accepted. ``code`` is the OID4VCI error code to answer with:
    ``invalid_proof``, or ``invalid_nonce`` when only the nonce is wrong (§8.3.1.2)."""

    def __init__(self, message: str, *, where: str, code: str = "invalid_proof") -> None:
        super().__init__(message, where=where)
        self.code = code


@dataclass(frozen=True, slots=True)
class VerifiedProof:
    """A proof that verified: the holder's DID (for ``credentialSubject.id``), its key, and the
    nonce it carried (for the caller to mark used)."""

    holder_did: str
    public_key: PublicKey
    nonce: str
    issued_at: datetime


def _segment(segment: str, where: str) -> dict[str, Any]:
    try:
        value = orjson.loads(b64url_decode(segment))
    except (CryptoError, orjson.JSONDecodeError):
        raise ProofError(f"the proof's {where} is not base64url JSON", where=f"proofs.jwt.{where}") from None
    if not isinstance(value, dict):
        raise ProofError(f"the proof's {where} is not a JSON object", where=f"proofs.jwt.{where}")
    return value


def _holder_key(header: Mapping[str, Any]) -> tuple[str, PublicKey]:
    """The holder's DID and key from exactly one of ``kid`` (did:key / did:jwk URL) or ``jwk``."""
    kid, jwk = header.get("kid"), header.get("jwk")
    if "x5c" in header or "key_attestation" in header:
        raise ProofError(
            "x5c and key attestations are not supported; use kid or jwk", where="proofs.jwt.header"
        )
    if (kid is None) == (jwk is None):
        raise ProofError("the proof header needs exactly one of kid and jwk", where="proofs.jwt.header")
    try:
        if jwk is not None:
            if not isinstance(jwk, dict) or _JWK_PRIVATE & set(jwk):
                raise ProofError("jwk must be a public JSON Web Key", where="proofs.jwt.header.jwk")
            key = public_key_from_jwk(jwk)
            return key.did_key, key
        if not isinstance(kid, str) or len(kid) > 2_000:
            raise ProofError("kid must be a DID URL", where="proofs.jwt.header.kid")
        did, _, _fragment = kid.partition("#")
        if did.startswith("did:key:"):
            document = resolve_did_key(did)
        elif did.startswith("did:jwk:"):
            document = resolve_did_jwk(did)
        else:
            raise ProofError("kid must be a did:key or did:jwk URL", where="proofs.jwt.header.kid")
        method_id = kid if "#" in kid else document.verification_methods[0].id
        if not document.authorizes(method_id, "authentication") and not document.authorizes(
            method_id, "assertionMethod"
        ):
            raise ProofError("kid names no signing key of its DID", where="proofs.jwt.header.kid")
        return did, document.method(method_id).public_key
    except ProofError:
        raise
    except CryptoError as exc:
        raise ProofError(
            f"the proof's key cannot be read: {exc.message}", where="proofs.jwt.header"
        ) from None


def _numeric(claims: Mapping[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProofError(f"claim {name} must be a NumericDate", where=f"proofs.jwt.{name}")
    return float(value)


def verify_jwt_proof(token: object, *, audience: str, now: datetime | None = None) -> VerifiedProof:
    """Check a key proof JWT (Appendix F.1) for ``audience`` (the Credential Issuer Identifier).

    Raises :class:`ProofError`. The nonce is returned, not judged: the caller owns the store of
    nonces it gave out (§7) and answers ``invalid_nonce`` for one it does not know.
    """
    if not isinstance(token, str) or not token:
        raise ProofError("the proof is missing or not a string", where="proofs.jwt")
    if len(token) > MAX_PROOF_LENGTH:
        raise ProofError(f"the proof is longer than {MAX_PROOF_LENGTH} characters", where="proofs.jwt")
    parts = token.split(".")
    if len(parts) != 3:
        raise ProofError("a proof is a compact JWS of three parts", where="proofs.jwt")
    header, claims = _segment(parts[0], "header"), _segment(parts[1], "payload")
    if header.get("typ") != PROOF_TYP:
        raise ProofError(f"the proof's typ must be {PROOF_TYP}", where="proofs.jwt.header.typ")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in _KEY_FOR_ALG:
        raise ProofError(
            f"alg {alg!r} is not accepted (use {', '.join(PROOF_ALGORITHMS)})", where="proofs.jwt.header.alg"
        )
    if "crit" in header:
        raise ProofError("the crit header is not supported", where="proofs.jwt.header.crit")
    holder_did, key = _holder_key(header)
    if _KEY_FOR_ALG[alg] != key.algorithm:
        raise ProofError(f"alg {alg} does not fit a {key.algorithm} key", where="proofs.jwt.header.alg")
    try:
        key.verify(b64url_decode(parts[2]), (parts[0] + "." + parts[1]).encode("ascii"))
    except (InvalidSignature, CryptoError, UnicodeEncodeError):
        raise ProofError("the proof's signature does not verify", where="proofs.jwt.signature") from None
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if audience not in audiences:
        raise ProofError(f"aud must be the credential issuer {audience}", where="proofs.jwt.aud")
    stamp = (now or datetime.now(UTC)).timestamp()
    iat = _numeric(claims, "iat")
    if abs(stamp - iat) > IAT_WINDOW.total_seconds():
        raise ProofError("iat is too far from the issuer's clock", where="proofs.jwt.iat")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise ProofError(
            "the proof carries no nonce; get one from the nonce endpoint",
            where="proofs.jwt.nonce",
            code="invalid_nonce",
        )
    return VerifiedProof(
        holder_did=holder_did, public_key=key, nonce=nonce, issued_at=datetime.fromtimestamp(iat, UTC)
    )
