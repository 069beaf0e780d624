"""Typed signing keys: Ed25519 (vc-di-eddsa) and NIST P-256 / P-384 (vc-di-ecdsa).

A key pair signs; a public key verifies and **raises** :class:`InvalidSignature` when the
signature does not match. Keys import from and export to:

* Multikey (VC Data Integrity 1.0 §2.2.2; vc-di-eddsa §2.1.1; vc-di-ecdsa §2.1.1):
  ``publicKeyMultibase`` / ``secretKeyMultibase``;
* JWK (RFC 7517; RFC 8037 §2 for ``OKP``/``Ed25519``, RFC 7518 §6.2 for ``EC``) — public
  exports never contain ``d``;
* raw bytes (32-byte Ed25519 seed/public key, 32/48-byte EC scalar, SEC1 point).

Ed25519 uses libsodium (PyNaCl), which signs ≈1.4× and verifies ≈1.6× faster than OpenSSL on
our machines; the expanded secret key is computed once at import, never per signature. ECDSA uses
``cryptography`` with deterministic nonces (RFC 6979) and the IEEE P1363 ``r ‖ s`` encoding
required by vc-di-ecdsa §3.2.5 and RFC 7518 §3.4.

Secret material never appears in ``repr``/``str``.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Final, Literal

import nacl.bindings
import nacl.exceptions
from cryptography.exceptions import InvalidSignature as _CryptographyInvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from microcred.crypto.errors import InvalidSignature, KeyFormatError
from microcred.crypto.multibase import (
    ED25519_PRIV,
    ED25519_PUB,
    P256_PRIV,
    P256_PUB,
    P384_PRIV,
    P384_PUB,
    b64url_decode,
    b64url_encode,
    multikey_decode,
    multikey_encode,
)

__all__ = [
    "Ed25519KeyPair",
    "Ed25519PublicKey",
    "KeyAlgorithm",
    "KeyPair",
    "P256KeyPair",
    "P256PublicKey",
    "P384KeyPair",
    "P384PublicKey",
    "PublicKey",
    "key_pair_from_jwk",
    "key_pair_from_multikey",
    "public_key_from_jwk",
    "public_key_from_multikey",
]

KeyAlgorithm = Literal["Ed25519", "P-256", "P-384"]

_X962: Final = Encoding.X962
_COMPRESSED: Final = PublicFormat.CompressedPoint


class PublicKey(ABC):
    """A verification key. ``verify`` raises :class:`InvalidSignature`; it never returns a bool."""

    algorithm: ClassVar[KeyAlgorithm]
    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        self._raw = raw

    @property
    def raw(self) -> bytes:
        """The public key bytes (32 bytes for Ed25519, the compressed SEC1 point for EC)."""
        return self._raw

    @property
    @abstractmethod
    def public_key_multibase(self) -> str:
        """Multikey ``publicKeyMultibase`` (VC Data Integrity §2.2.2)."""

    @property
    def did_key(self) -> str:
        """``did:key:<publicKeyMultibase>`` (did:key method §3.1)."""
        return "did:key:" + self.public_key_multibase

    @property
    def did_key_verification_method(self) -> str:
        """The verification method id of this key inside its did:key document: ``did:key:<mb>#<mb>``."""
        mb = self.public_key_multibase
        return f"did:key:{mb}#{mb}"

    @abstractmethod
    def to_jwk(self) -> dict[str, str]:
        """Public JWK (RFC 7517). Never contains ``d``."""

    @abstractmethod
    def verify(self, signature: bytes, data: bytes) -> None:
        """Check ``signature`` over ``data``; raise :class:`InvalidSignature` if it does not match."""

    def __eq__(self, other: object) -> bool:
        # ``type(other) is type(self)`` alone: an object of this key's own class is a PublicKey,
        # so the ABC's Python-level ``isinstance`` would only add its cost (ADR 0612)
        return type(other) is type(self) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash((self.algorithm, self._raw))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.public_key_multibase!r})"


class KeyPair(ABC):
    """A signing key with its public key. Its ``repr`` shows only the public key."""

    algorithm: ClassVar[KeyAlgorithm]

    @property
    @abstractmethod
    def public_key(self) -> PublicKey:
        """The matching :class:`PublicKey`."""

    @abstractmethod
    def sign(self, data: bytes) -> bytes:
        """Signature over ``data`` (64 bytes for Ed25519 and P-256, 96 for P-384)."""

    @property
    def public_key_multibase(self) -> str:
        """Shortcut for ``public_key.public_key_multibase``."""
        return self.public_key.public_key_multibase

    @property
    def did_key(self) -> str:
        """Shortcut for ``public_key.did_key``."""
        return self.public_key.did_key

    def to_jwk(self) -> dict[str, str]:
        """The **public** JWK (no ``d``); use :meth:`export_private_jwk` for the secret."""
        return self.public_key.to_jwk()

    def verify(self, signature: bytes, data: bytes) -> None:
        """Shortcut for ``public_key.verify``: raises :class:`InvalidSignature` on a mismatch."""
        self.public_key.verify(signature, data)

    @abstractmethod
    def export_secret_key_multibase(self) -> str:
        """Multikey ``secretKeyMultibase``. Handle with care: this is the secret."""

    @abstractmethod
    def export_private_jwk(self) -> dict[str, str]:
        """JWK with ``d``. Handle with care: this is the secret."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(public={self.public_key.public_key_multibase!r}, secret=<hidden>)"


# --------------------------------------------------------------------------------------------
# Ed25519 (RFC 8032 §5.1) via libsodium


class Ed25519PublicKey(PublicKey):
    """Ed25519 public key; Multikey header ``0xed01`` (vc-di-eddsa §2.1.1), so it starts ``z6Mk``."""

    algorithm: ClassVar[KeyAlgorithm] = "Ed25519"
    __slots__ = ()

    def __init__(self, raw: bytes) -> None:
        if len(raw) != 32:
            raise KeyFormatError(f"an Ed25519 public key has 32 bytes, got {len(raw)}", where="Ed25519")
        super().__init__(bytes(raw))

    @property
    def public_key_multibase(self) -> str:
        return multikey_encode(ED25519_PUB, self._raw)

    def to_jwk(self) -> dict[str, str]:
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self._raw)}

    def verify(self, signature: bytes, data: bytes) -> None:
        if len(signature) != 64:
            raise InvalidSignature(
                f"an Ed25519 signature has 64 bytes, got {len(signature)}", where="Ed25519"
            )
        try:
            nacl.bindings.crypto_sign_open(signature + data, self._raw)
        except nacl.exceptions.BadSignatureError:
            raise InvalidSignature("the Ed25519 signature does not match", where="Ed25519") from None
        except (nacl.exceptions.ValueError, nacl.exceptions.TypeError):
            raise InvalidSignature("the Ed25519 signature or key is malformed", where="Ed25519") from None


class Ed25519KeyPair(KeyPair):
    """Ed25519 key pair (RFC 8032). The 32-byte seed is the secret; Multikey header ``0x8026``."""

    algorithm: ClassVar[KeyAlgorithm] = "Ed25519"
    __slots__ = ("_public", "_seed", "_sk")

    def __init__(self, seed: bytes) -> None:
        if len(seed) != 32:
            raise KeyFormatError(f"an Ed25519 seed has 32 bytes, got {len(seed)}", where="Ed25519")
        pk, sk = nacl.bindings.crypto_sign_seed_keypair(bytes(seed))
        self._seed = bytes(seed)
        self._sk = sk  # libsodium's 64-byte expanded form (seed ‖ public key)
        self._public = Ed25519PublicKey(pk)

    @classmethod
    def generate(cls) -> Ed25519KeyPair:
        """A fresh key pair from the operating system's CSPRNG."""
        return cls(os.urandom(32))

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519KeyPair:
        """From the raw 32-byte seed (RFC 8032 §5.1.5 "private key")."""
        return cls(seed)

    @classmethod
    def from_multikey(
        cls, secret_key_multibase: str, public_key_multibase: str | None = None
    ) -> Ed25519KeyPair:
        """From ``secretKeyMultibase``: ``0x8026`` + 32-byte seed, or + 64-byte seed ‖ public key.

        The 64-byte form (printed by the 1EdTech OB 3.0 test vector) must carry the public key
        that matches the seed. If ``public_key_multibase`` is given it must match too.
        """
        _, secret = multikey_decode(secret_key_multibase, expected=(ED25519_PRIV,))
        pair = cls(secret[:32])
        if len(secret) == 64 and secret[32:] != pair._public.raw:
            raise KeyFormatError(
                "the 64-byte secret key's public half does not match its seed", where="secretKeyMultibase"
            )
        if public_key_multibase is not None and public_key_multibase != pair._public.public_key_multibase:
            raise KeyFormatError(
                "publicKeyMultibase does not match the secret key", where="publicKeyMultibase"
            )
        return pair

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._public

    def sign(self, data: bytes) -> bytes:
        # crypto_sign returns signature ‖ message; pure EdDSA, not Ed25519ph (RFC 8032 §5.1.6).
        return nacl.bindings.crypto_sign(data, self._sk)[:64]

    def export_secret_key_multibase(self) -> str:
        return multikey_encode(ED25519_PRIV, self._seed)

    def export_private_jwk(self) -> dict[str, str]:
        return {**self._public.to_jwk(), "d": b64url_encode(self._seed)}


# --------------------------------------------------------------------------------------------
# ECDSA over NIST curves (FIPS 186-5) via cryptography


class _EcPublicKey(PublicKey):
    _curve: ClassVar[ec.EllipticCurve]
    _hash: ClassVar[type[hashes.HashAlgorithm]]
    _header: ClassVar[bytes]
    _size: ClassVar[int]
    __slots__ = ("_key",)

    def __init__(self, raw: bytes) -> None:
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(self._curve, bytes(raw))
        except ValueError:
            raise KeyFormatError(f"not a valid {self.algorithm} point", where=self.algorithm) from None
        compressed = key.public_bytes(_X962, _COMPRESSED)
        super().__init__(compressed)
        self._key = key

    @property
    def public_key_multibase(self) -> str:
        return multikey_encode(self._header, self._raw)

    def to_jwk(self) -> dict[str, str]:
        numbers = self._key.public_numbers()
        return {
            "kty": "EC",
            "crv": self.algorithm,
            "x": b64url_encode(numbers.x.to_bytes(self._size, "big")),
            "y": b64url_encode(numbers.y.to_bytes(self._size, "big")),
        }

    def verify(self, signature: bytes, data: bytes) -> None:
        size = self._size
        if len(signature) != 2 * size:
            raise InvalidSignature(
                f"an {self.algorithm} signature (r ‖ s) has {2 * size} bytes, got {len(signature)}",
                where=self.algorithm,
            )
        der = encode_dss_signature(
            int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
        )
        try:
            self._key.verify(der, data, ec.ECDSA(self._hash()))
        except _CryptographyInvalidSignature:
            raise InvalidSignature(
                f"the {self.algorithm} signature does not match", where=self.algorithm
            ) from None


class P256PublicKey(_EcPublicKey):
    """P-256 public key; Multikey header ``0x8024`` + compressed point (starts ``zDn``)."""

    algorithm: ClassVar[KeyAlgorithm] = "P-256"
    _curve = ec.SECP256R1()
    _hash = hashes.SHA256
    _header = P256_PUB
    _size = 32
    __slots__ = ()


class P384PublicKey(_EcPublicKey):
    """P-384 public key; Multikey header ``0x8124`` + compressed point (starts ``z82``)."""

    algorithm: ClassVar[KeyAlgorithm] = "P-384"
    _curve = ec.SECP384R1()
    _hash = hashes.SHA384
    _header = P384_PUB
    _size = 48
    __slots__ = ()


class _EcKeyPair(KeyPair):
    _public_type: ClassVar[type[_EcPublicKey]]
    _secret_header: ClassVar[bytes]
    __slots__ = ("_key", "_public")

    def __init__(self, key: ec.EllipticCurvePrivateKey) -> None:
        if key.curve.name != self._public_type._curve.name:
            raise KeyFormatError(
                f"expected a {self.algorithm} key, got {key.curve.name}", where=self.algorithm
            )
        self._key = key
        self._public = self._public_type(key.public_key().public_bytes(_X962, _COMPRESSED))

    @classmethod
    def generate(cls) -> _EcKeyPair:
        """A fresh key pair from the operating system's CSPRNG."""
        return cls(ec.generate_private_key(cls._public_type._curve))

    @classmethod
    def from_secret_bytes(cls, secret: bytes) -> _EcKeyPair:
        """From the raw big-endian private scalar (32 bytes for P-256, 48 for P-384)."""
        size = cls._public_type._size
        if len(secret) != size:
            raise KeyFormatError(f"a {cls.algorithm} secret key has {size} bytes, got {len(secret)}")
        try:
            key = ec.derive_private_key(int.from_bytes(secret, "big"), cls._public_type._curve)
        except ValueError:
            raise KeyFormatError(f"not a valid {cls.algorithm} secret scalar", where=cls.algorithm) from None
        return cls(key)

    @classmethod
    def from_multikey(cls, secret_key_multibase: str, public_key_multibase: str | None = None) -> _EcKeyPair:
        """From ``secretKeyMultibase`` (``0x8626`` P-256 / ``0x8726`` P-384 + scalar)."""
        _, secret = multikey_decode(secret_key_multibase, expected=(cls._secret_header,))
        pair = cls.from_secret_bytes(secret)
        if public_key_multibase is not None and public_key_multibase != pair.public_key.public_key_multibase:
            raise KeyFormatError(
                "publicKeyMultibase does not match the secret key", where="publicKeyMultibase"
            )
        return pair

    @property
    def public_key(self) -> _EcPublicKey:
        return self._public

    def sign(self, data: bytes) -> bytes:
        der = self._key.sign(data, ec.ECDSA(self._public_type._hash(), deterministic_signing=True))
        r, s = decode_dss_signature(der)
        size = self._public_type._size
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")

    def _secret_bytes(self) -> bytes:
        return self._key.private_numbers().private_value.to_bytes(self._public_type._size, "big")

    def export_secret_key_multibase(self) -> str:
        return multikey_encode(self._secret_header, self._secret_bytes())

    def export_private_jwk(self) -> dict[str, str]:
        return {**self._public.to_jwk(), "d": b64url_encode(self._secret_bytes())}


class P256KeyPair(_EcKeyPair):
    """P-256 key pair; ES256 / ``ecdsa-rdfc-2019`` / ``ecdsa-jcs-2019``."""

    algorithm: ClassVar[KeyAlgorithm] = "P-256"
    _public_type = P256PublicKey
    _secret_header = P256_PRIV
    __slots__ = ()


class P384KeyPair(_EcKeyPair):
    """P-384 key pair; ES384 / ``ecdsa-rdfc-2019`` / ``ecdsa-jcs-2019``."""

    algorithm: ClassVar[KeyAlgorithm] = "P-384"
    _public_type = P384PublicKey
    _secret_header = P384_PRIV
    __slots__ = ()


# --------------------------------------------------------------------------------------------
# Import helpers

_PUBLIC_BY_HEADER: Final[dict[bytes, type[PublicKey]]] = {
    ED25519_PUB: Ed25519PublicKey,
    P256_PUB: P256PublicKey,
    P384_PUB: P384PublicKey,
}
_PAIR_BY_HEADER: Final[dict[bytes, type[Ed25519KeyPair] | type[_EcKeyPair]]] = {
    ED25519_PRIV: Ed25519KeyPair,
    P256_PRIV: P256KeyPair,
    P384_PRIV: P384KeyPair,
}
_EC_BY_CRV: Final[dict[str, tuple[type[_EcPublicKey], type[_EcKeyPair]]]] = {
    "P-256": (P256PublicKey, P256KeyPair),
    "P-384": (P384PublicKey, P384KeyPair),
}


def public_key_from_multikey(public_key_multibase: str) -> PublicKey:
    """A :class:`PublicKey` from a Multikey ``publicKeyMultibase`` (Ed25519, P-256 or P-384)."""
    header, raw = multikey_decode(public_key_multibase, expected=tuple(_PUBLIC_BY_HEADER))
    return _PUBLIC_BY_HEADER[header](raw)


def key_pair_from_multikey(secret_key_multibase: str, public_key_multibase: str | None = None) -> KeyPair:
    """A :class:`KeyPair` from a Multikey ``secretKeyMultibase`` of any supported algorithm."""
    header, _ = multikey_decode(secret_key_multibase, expected=tuple(_PAIR_BY_HEADER))
    return _PAIR_BY_HEADER[header].from_multikey(secret_key_multibase, public_key_multibase)


def _jwk_field(jwk: Mapping[str, Any], name: str) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str):
        raise KeyFormatError(f"JWK member {name!r} is missing or not a string", where=f"jwk.{name}")
    return b64url_decode(value)


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """A :class:`PublicKey` from a JWK (RFC 8037 ``OKP``/``Ed25519``; RFC 7518 ``EC`` P-256/P-384)."""
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "OKP" and crv == "Ed25519":
        return Ed25519PublicKey(_jwk_field(jwk, "x"))
    if kty == "EC" and isinstance(crv, str) and crv in _EC_BY_CRV:
        public_type = _EC_BY_CRV[crv][0]
        x, y = _jwk_field(jwk, "x"), _jwk_field(jwk, "y")
        if len(x) != public_type._size or len(y) != public_type._size:
            raise KeyFormatError(f"JWK x/y for {crv} must have {public_type._size} bytes each", where="jwk")
        return public_type(b"\x04" + x + y)
    raise KeyFormatError(f"unsupported JWK kty={kty!r} crv={crv!r}", where="jwk")


def key_pair_from_jwk(jwk: Mapping[str, Any]) -> KeyPair:
    """A :class:`KeyPair` from a private JWK (with ``d``); the public members must match it."""
    public = public_key_from_jwk(jwk)
    secret = _jwk_field(jwk, "d")
    pair: KeyPair
    if isinstance(public, Ed25519PublicKey):
        pair = Ed25519KeyPair(secret)
    else:
        pair = _EC_BY_CRV[public.algorithm][1].from_secret_bytes(secret)
    if pair.public_key != public:
        raise KeyFormatError("the JWK's public members do not match its secret 'd'", where="jwk")
    return pair
