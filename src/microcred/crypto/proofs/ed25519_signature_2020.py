"""``Ed25519Signature2020`` proofs: verification only (W3C CCG "Ed25519 Signature 2020", ADR 0902).

The suite of many Open Badges 3.0 credentials issued before the Data Integrity cryptosuites
(Digital Credentials Consortium, LearnCard, JFF plugfests), on VCDM 1.1 and VCDM 2.0 documents.
We verify it; we never sign with it (issuance uses ``eddsa-rdfc-2022``/``eddsa-jcs-2022``).

The algorithm (Ed25519 Signature 2020 §3 "Proof Algorithm", the Linked Data Proofs
"create verify hash" steps it names):

1. *Canonicalize the document*: the document without ``proof``, URDNA2015 (identical to RDFC-1.0,
   :func:`microcred.jsonld.canonicalize`).
2. *Canonicalize the proof options*: the proof without ``proofValue``, with the document's
   ``@context`` set on it, URDNA2015.
3. ``verifyData = SHA-256(canonical options) ‖ SHA-256(canonical document)`` (options first).
4. ``proofValue`` is multibase base58btc (``z…``) of the 64-byte Ed25519 signature over
   ``verifyData``; the key is an ``Ed25519VerificationKey2020`` (``publicKeyMultibase``, the
   same ``0xed01`` multicodec encoding as a Multikey) or an Ed25519 ``Multikey``, authorized for
   the proof purpose by its controller (did:key documents are built locally).

The proof type and ``Ed25519VerificationKey2020`` are defined by the
``https://w3id.org/security/suites/ed25519-2020/v1`` context, which the document must carry:
without it the proof options contain an undefined term and JSON-LD safe mode refuses them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from microcred.crypto.errors import CryptoError, InvalidSignature
from microcred.crypto.proofs.data_integrity import (
    KeyResolver,
    VerifiedProof,
    _invalid,
    _rdfc,
    proof_members,
)
from microcred.errors import MicrocredError

__all__ = ["PROOF_TYPE", "verify_ed25519_signature_2020"]

#: The proof ``type`` (Ed25519 Signature 2020 §2.2 "Ed25519Signature2020").
PROOF_TYPE: Final = "Ed25519Signature2020"
_SIGNATURE_LENGTH: Final = 64


def verify_ed25519_signature_2020(
    unsecured: Mapping[str, Any],
    proof: Mapping[str, Any],
    resolver: KeyResolver,
    *,
    expected_purpose: str,
    challenge: str | None,
    domain: str | None,
    now: datetime,
    where: str,
) -> VerifiedProof:
    """Verify one ``Ed25519Signature2020`` proof over ``unsecured`` (the document without ``proof``).

    Raises :class:`InvalidProof` with a Data Integrity error code, or ``UnknownKey``.
    """
    if proof.get("type") != PROOF_TYPE:
        raise _invalid(f"proof type is {proof.get('type')!r}, expected {PROOF_TYPE}", f"{where}.type")
    purpose, method, signature, created = proof_members(
        proof, where, expected_purpose=expected_purpose, challenge=challenge, domain=domain, now=now
    )
    if len(signature) != _SIGNATURE_LENGTH:
        raise _invalid(
            f"an Ed25519 signature has {_SIGNATURE_LENGTH} bytes, proofValue has {len(signature)}",
            f"{where}.proofValue",
            "MALFORMED_PROOF_ERROR",
        )
    public_key = resolver.resolve_verification_method(method, purpose=expected_purpose)
    if public_key.algorithm != "Ed25519":
        raise _invalid(
            f"{PROOF_TYPE} needs an Ed25519 key, but {method} is {public_key.algorithm}",
            f"{where}.verificationMethod",
        )
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = unsecured.get("@context")
    try:
        data = hashlib.sha256(_rdfc(options)).digest() + hashlib.sha256(_rdfc(unsecured)).digest()
    except CryptoError:
        raise
    except MicrocredError as exc:
        # JSON-LD safe mode or URDNA2015 refused it (an undefined term, a missing suite context...)
        raise _invalid(
            f"the document cannot be canonicalized (URDNA2015): {exc}", where, "PROOF_TRANSFORMATION_ERROR"
        ) from None
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        raise _invalid(
            "the signature does not match the document: the document or proof was changed after signing",
            f"{where}.proofValue",
        ) from None
    proof_id = proof.get("id")
    return VerifiedProof(
        cryptosuite=PROOF_TYPE,
        verification_method=method,
        proof_purpose=purpose,
        public_key=public_key,
        created=created,
        proof_id=proof_id if isinstance(proof_id, str) else None,
    )
