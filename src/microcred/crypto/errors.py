"""Errors raised by keys, DIDs, canonicalization and proofs.

They follow pyca/cryptography's manners: verification *raises* one of these, it never returns
``False``. Each carries the W3C error code where a specification defines one
(VC Data Integrity 1.0 §4.7 "Processing Errors", Bitstring Status List v1.0 §3.5), so an HTTP
adapter can turn it into an RFC 9457 problem detail.
"""

from __future__ import annotations

from microcred.errors import MicrocredError


class CryptoError(MicrocredError):
    """Root of everything under :mod:`microcred.crypto`."""

    code: str = "CRYPTO_ERROR"

    def __init__(self, message: str, *, where: str = "", code: str | None = None) -> None:
        super().__init__(message, where=where)
        if code is not None:
            self.code = code


class EncodingError(CryptoError):
    """Bytes or text in a wire format (multibase, base58, base64url, JWK) that cannot be decoded."""

    code = "ENCODING_ERROR"


class KeyFormatError(EncodingError):
    """A key whose encoding, multicodec header, length or curve is wrong."""

    code = "INVALID_KEY_ERROR"


class UnknownKey(CryptoError):
    """A key id, verification method or DID that the resolver or key provider does not know."""

    code = "UNKNOWN_KEY_ERROR"


class InvalidSignature(CryptoError):
    """A raw signature that does not verify under the given key."""

    code = "INVALID_SIGNATURE"


class JcsError(CryptoError):
    """A value that RFC 8785 (JCS) cannot canonicalize (RFC 8785 §3.2.2.3, I-JSON RFC 7493)."""

    code = "PROOF_TRANSFORMATION_ERROR"


class ProofGenerationError(CryptoError):
    """Proof options that cannot produce a proof (VC Data Integrity 1.0 PROOF_GENERATION_ERROR)."""

    code = "PROOF_GENERATION_ERROR"


class InvalidProof(CryptoError):
    """A proof that does not verify. ``code`` is the VC Data Integrity 1.0 error code."""

    code = "PROOF_VERIFICATION_ERROR"


class KeyStoreError(CryptoError):
    """A key store that cannot be read or written (wrong passphrase, damaged file, bad permissions)."""

    code = "KEY_STORE_ERROR"
