"""The :class:`Signer` port: what a proof needs from a key, and nothing more.

A signer knows its verification method id (``key_id``) and its public key, and signs bytes.
It never hands out the secret, so an HSM/KMS-backed signer fits the same shape (ADR 0202).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from microcred.crypto.keys import KeyPair, PublicKey

__all__ = ["KeyPairSigner", "Signer"]


@runtime_checkable
class Signer(Protocol):
    """Something that signs with one key, named by its verification method id."""

    @property
    def key_id(self) -> str:
        """Verification method id, e.g. ``did:web:uni.example:institutions:x#z6Mk…``."""
        ...

    @property
    def public_key(self) -> PublicKey:
        """The public key that verifies this signer's signatures."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Signature over ``data`` (Ed25519: RFC 8032; ECDSA: IEEE P1363 ``r ‖ s``)."""
        ...


class KeyPairSigner:
    """A :class:`Signer` over an in-process :class:`KeyPair` (keys from the file store or tests)."""

    __slots__ = ("_key_id", "_pair", "sign")
    sign: Callable[[bytes], bytes]

    def __init__(self, key_pair: KeyPair, key_id: str) -> None:
        self._pair = key_pair
        self._key_id = key_id
        self.sign = key_pair.sign  # bound once: no extra Python frame per signature

    @property
    def key_id(self) -> str:
        return self._key_id

    @property
    def public_key(self) -> PublicKey:
        return self._pair.public_key

    def __repr__(self) -> str:
        return f"KeyPairSigner(key_id={self._key_id!r}, secret=<hidden>)"
