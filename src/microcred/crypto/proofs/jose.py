"""VC-JOSE-COSE ``application/vc+jwt`` (W3C "Securing Verifiable Credentials using JOSE
and COSE", "With JOSE") and the Open Badges 3.0 VC-JWT claims variant (OB 3.0 "JSON Web Token
Proof Format").

* Compact JWS (RFC 7515 §7.1): ``BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)``.
* Header (VC-JOSE-COSE, "With JOSE"; media type ``application/vc+jwt``): ``alg``, ``typ: "vc+jwt"``, ``cty: "vc"``, ``kid`` = the
  verification method id. Algorithms: ``Ed25519`` (RFC 9864, fully specified; ``EdDSA`` still
  accepted on verify), ``ES256`` and ``ES384`` (RFC 7518 §3.4, ``r ‖ s``).
* Payload: the credential itself (VC-JOSE-COSE, "With JOSE").
* OB 3.0 variant (VCDM 1.1 JWT encoding): the credential sits in the ``vc`` claim next to
  ``iss`` = issuer id, ``jti`` = credential id, ``nbf`` = issuance/validFrom, ``sub`` =
  credentialSubject id and ``exp`` = expiration/validUntil; verification checks they agree.
  For a VCDM 1.1 credential in ``vc`` (VC-JWT 1.1, the walt.id/MATTR plugfest tokens) the
  verified credential is built as VCDM 1.1 §6.3.1 "JWT Decoding" says: ``iss``, ``sub``,
  ``jti`` fill ``issuer``, ``credentialSubject.id``, ``id``, and ``nbf``/``exp`` set
  ``issuanceDate``/``expirationDate`` (:func:`microcred.standards.vcdm.credential_from_jwt_claims`).

Not supported: ``alg: none``, ``crit``, unencoded payloads (``b64: false``), keys embedded in the
header (``jwk``/``x5c``: a key that came with the token proves nothing), and RSA (``RS256``):
our issuers never use RSA; a verifier needing it must add an RSA verification method.
Base64url is decoded in C (:func:`binascii.a2b_base64`, strict), not per character in Python.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Final

import orjson

from microcred.crypto.errors import EncodingError, InvalidProof, InvalidSignature
from microcred.crypto.keys import PublicKey
from microcred.crypto.multibase import b64url_decode, b64url_encode
from microcred.crypto.proofs.data_integrity import KeyResolver
from microcred.crypto.signer import Signer
from microcred.standards.vcdm import credential_from_jwt_claims

__all__ = [
    "VC_JWT_MEDIA_TYPE",
    "VerifiedJwt",
    "sign_ob3_jwt",
    "sign_vc_jwt",
    "verify_vc_jwt",
]

VC_JWT_MEDIA_TYPE: Final = "application/vc+jwt"
_ALG_FOR_KEY: Final = {"Ed25519": "Ed25519", "P-256": "ES256", "P-384": "ES384"}
_KEY_FOR_ALG: Final = {"Ed25519": "Ed25519", "EdDSA": "Ed25519", "ES256": "P-256", "ES384": "P-384"}
_ACCEPTED_TYP: Final = frozenset({"vc+jwt", "application/vc+jwt", "JWT", "jwt", "vc+ld+jwt"})
_HEADER_CACHE_LIMIT: Final = 256


@dataclass(frozen=True, slots=True)
class VerifiedJwt:
    """A verified token: its header, raw claims, the credential, and the key that verified it."""

    header: Mapping[str, Any]
    claims: Mapping[str, Any]
    credential: Mapping[str, Any]
    key_id: str | None
    public_key: PublicKey
    ob3_claims: bool


_header_cache: dict[tuple[str, str, str, str], bytes] = {}
_parsed_headers: dict[bytes, Mapping[str, Any]] = {}
_cache_lock = threading.Lock()


def _encoded_header(alg: str, kid: str, typ: str, cty: str | None) -> bytes:
    cache_key = (alg, kid, typ, cty or "")
    cached = _header_cache.get(cache_key)
    if cached is None:
        header: dict[str, str] = {"alg": alg, "kid": kid, "typ": typ}
        if cty:
            header["cty"] = cty
        cached = b64url_encode(orjson.dumps(header)).encode("ascii")
        with _cache_lock:
            if len(_header_cache) >= _HEADER_CACHE_LIMIT:
                _header_cache.clear()
            _header_cache[cache_key] = cached
    return cached


def _jws(payload: Mapping[str, Any], signer: Signer, typ: str, cty: str | None) -> str:
    alg = _ALG_FOR_KEY.get(signer.public_key.algorithm)
    if alg is None:  # pragma: no cover - every KeyAlgorithm has an alg
        raise InvalidProof(f"no JOSE algorithm for {signer.public_key.algorithm}", where="alg")
    signing_input = (
        _encoded_header(alg, signer.key_id, typ, cty)
        + b"."
        + b64url_encode(orjson.dumps(payload)).encode("ascii")
    )
    signature = signer.sign(signing_input)
    return (signing_input + b"." + b64url_encode(signature).encode("ascii")).decode("ascii")


def sign_vc_jwt(credential: Mapping[str, Any], signer: Signer) -> str:
    """Compact ``vc+jwt`` whose payload is ``credential`` (VC-JOSE-COSE, "With JOSE").

    Header: ``alg`` from the key (``Ed25519``/``ES256``/``ES384``), ``kid`` = ``signer.key_id``,
    ``typ: vc+jwt``, ``cty: vc``.
    """
    return _jws(credential, signer, "vc+jwt", "vc")


def _numeric_date(value: object, where: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidProof("a credential date must be a string", where=where)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidProof(f"{value!r} is not a date and time", where=where) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


def _id_of(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _ob3_claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    claims: dict[str, Any] = {"vc": dict(credential)}
    issuer = _id_of(credential.get("issuer"))
    if issuer:
        claims["iss"] = issuer
    if isinstance(credential.get("id"), str):
        claims["jti"] = credential["id"]
    nbf = _numeric_date(credential.get("validFrom", credential.get("issuanceDate")), "validFrom")
    if nbf is not None:
        claims["nbf"] = nbf
    subject = credential.get("credentialSubject")
    subject_id = _id_of(subject)
    if subject_id:
        claims["sub"] = subject_id
    exp = _numeric_date(credential.get("validUntil", credential.get("expirationDate")), "validUntil")
    if exp is not None:
        claims["exp"] = exp
    return claims


def sign_ob3_jwt(credential: Mapping[str, Any], signer: Signer) -> str:
    """Compact JWS in the OB 3.0 VC-JWT form (OB 3.0 "JSON Web Token Proof Format"): claims ``vc``, ``iss``, ``jti``,
    ``nbf``, ``sub``, ``exp`` derived from the credential; header ``typ: JWT``.
    """
    return _jws(_ob3_claims(credential), signer, "JWT", None)


def _segment_json(segment: bytes, where: str) -> dict[str, Any]:
    try:
        value = orjson.loads(b64url_decode(segment))
    except EncodingError as exc:
        raise InvalidProof(
            f"the {where} is not base64url: {exc.message}", where=where, code="MALFORMED_PROOF_ERROR"
        ) from None
    except orjson.JSONDecodeError:
        raise InvalidProof(f"the {where} is not JSON", where=where, code="MALFORMED_PROOF_ERROR") from None
    if not isinstance(value, dict):
        raise InvalidProof(f"the {where} is not a JSON object", where=where, code="MALFORMED_PROOF_ERROR")
    return value


def _header(segment: bytes) -> Mapping[str, Any]:
    """The parsed header, shared between tokens with the same header, hence read-only."""
    cached = _parsed_headers.get(segment)
    if cached is not None:
        return cached
    header = MappingProxyType(_segment_json(segment, "JWS header"))
    with _cache_lock:
        if len(_parsed_headers) >= _HEADER_CACHE_LIMIT:
            _parsed_headers.clear()
        _parsed_headers[segment] = header
    return header


def verify_vc_jwt(
    token: str,
    resolver: KeyResolver | None = None,
    *,
    public_key: PublicKey | None = None,
    now: datetime | None = None,
) -> VerifiedJwt:
    """Verify a compact ``vc+jwt`` (or OB 3.0 VC-JWT) and return its credential.

    The key comes from ``resolver`` via the header ``kid`` (made absolute against ``iss`` when it
    is a bare fragment), or is given as ``public_key``. Raises :class:`InvalidProof`, or
    ``UnknownKey`` from the resolver. For the OB 3.0 variant, ``nbf``/``exp`` are checked
    against ``now`` and ``iss``/``jti``/``sub`` against the credential.
    """
    raw = token.strip().encode("ascii", "replace")
    parts = raw.split(b".")
    if len(parts) != 3:
        raise InvalidProof(
            "a compact JWS has three dot-separated parts", where="jwt", code="MALFORMED_PROOF_ERROR"
        )
    header_segment, payload_segment, signature_segment = parts
    header = _header(header_segment)
    alg = header.get("alg")
    if alg not in _KEY_FOR_ALG:
        raise InvalidProof(
            f"JWS algorithm {alg!r} is not supported (use Ed25519, EdDSA, ES256 or ES384)",
            where="jwt.header.alg",
            code="MALFORMED_PROOF_ERROR",
        )
    if "crit" in header or header.get("b64") is False:
        raise InvalidProof(
            "JWS 'crit'/'b64' extensions are not supported", where="jwt.header", code="MALFORMED_PROOF_ERROR"
        )
    typ = header.get("typ")
    if typ is not None and typ not in _ACCEPTED_TYP:
        raise InvalidProof(
            f"JWS typ {typ!r} is not a credential type", where="jwt.header.typ", code="MALFORMED_PROOF_ERROR"
        )
    claims = _segment_json(payload_segment, "JWT payload")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise InvalidProof("kid must be a string", where="jwt.header.kid", code="MALFORMED_PROOF_ERROR")
    key: PublicKey
    if public_key is not None:
        key = public_key
    elif resolver is not None and kid:
        if kid.startswith("#"):
            issuer = claims.get("iss") or _id_of(claims.get("issuer"))
            if not isinstance(issuer, str):
                raise InvalidProof(
                    "kid is a bare fragment and there is no issuer to resolve it against",
                    where="jwt.header.kid",
                )
            kid = issuer + kid
        key = resolver.resolve_verification_method(kid, purpose="assertionMethod")
    else:
        raise InvalidProof(
            "no key to verify with: the header has no kid (embedded jwk/x5c keys are not trusted)",
            where="jwt.header.kid",
        )
    if _KEY_FOR_ALG[alg] != key.algorithm:
        raise InvalidProof(f"alg {alg} does not fit a {key.algorithm} key", where="jwt.header.alg")
    try:
        signature = b64url_decode(signature_segment)
    except EncodingError as exc:
        raise InvalidProof(
            f"the JWS signature is not base64url: {exc.message}",
            where="jwt.signature",
            code="MALFORMED_PROOF_ERROR",
        ) from None
    try:
        key.verify(signature, header_segment + b"." + payload_segment)
    except InvalidSignature:
        raise InvalidProof(
            "the signature does not match the token: the credential or header was changed after signing",
            where="jwt.signature",
        ) from None
    # A ``vc`` claim: VCDM 1.1 §6.3.1 (VC-JWT 1.1) maps iss/sub/jti/nbf/exp onto a 1.1 credential.
    from_claims = credential_from_jwt_claims(claims)
    ob3 = from_claims is not None
    credential: Mapping[str, Any] = from_claims if from_claims is not None else claims
    if ob3:
        _check_ob3_claims(claims, credential, now if now is not None else datetime.now(UTC))
    return VerifiedJwt(
        header=header, claims=claims, credential=credential, key_id=kid, public_key=key, ob3_claims=ob3
    )


def _check_ob3_claims(claims: Mapping[str, Any], credential: Mapping[str, Any], now: datetime) -> None:
    """OB 3.0 "JSON Web Token Proof Format": the registered claims must agree with the credential and the clock."""
    stamp = now.timestamp()
    nbf, exp = claims.get("nbf"), claims.get("exp")
    for name, value in (("nbf", nbf), ("exp", exp)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise InvalidProof(
                f"claim {name} must be a NumericDate", where=f"jwt.{name}", code="MALFORMED_PROOF_ERROR"
            )
    if isinstance(nbf, int | float) and nbf > stamp:
        raise InvalidProof("the token is not valid yet (nbf is in the future)", where="jwt.nbf")
    if isinstance(exp, int | float) and exp <= stamp:
        raise InvalidProof("the token has expired (exp is in the past)", where="jwt.exp")
    expected = {
        "iss": _id_of(credential.get("issuer")),
        "jti": credential.get("id"),
        "sub": _id_of(credential.get("credentialSubject")),
    }
    for name, value in expected.items():
        if name in claims and value is not None and claims[name] != value:
            raise InvalidProof(
                f"claim {name} is {claims[name]!r} but the credential says {value!r}", where=f"jwt.{name}"
            )
