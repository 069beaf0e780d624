"""Salted identity hashes (OB 3.0 §B.2.4 IdentityObject, "IdentityHash"; ADR 0601).

``identityHash`` = ``"sha256$"`` + hex(sha256(UTF-8(value + salt))). The salt stays with the
issuer and the learner; it is never written into the credential.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

__all__ = ["identity_hash", "identity_matches", "new_salt", "normalise_email"]


def new_salt() -> str:
    """A fresh salt: 16 random bytes as 32 lowercase hex characters."""
    return secrets.token_hex(16)


def normalise_email(email: str) -> str:
    """Trimmed and lower-cased, so a verifier typing the address gets the same hash (ADR 0601)."""
    return email.strip().lower()


def identity_hash(value: str, salt: str) -> str:
    """``sha256$<hex>`` of ``value + salt`` (OB 3.0 §B.2.4; the schema's example:
    ``a@example.com`` + ``Kosher`` → ``sha256$b5809d8a…``)."""
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


def identity_matches(identity: Any, value: str, salt: str | None) -> bool:
    """Whether an IdentityObject (JSON) identifies ``value`` (hashed with ``salt`` when hashed).

    Accepts ``sha256$`` and ``md5$`` hashes (the two OB 3.0 allows), upper or lower-case hex.
    """
    if not isinstance(identity, dict):
        return False
    stored = identity.get("identityHash")
    if not isinstance(stored, str):
        return False
    if identity.get("hashed") is not True:
        return hmac.compare_digest(stored.encode("utf-8"), value.encode("utf-8"))
    algorithm, sep, digest = stored.partition("$")
    if not sep or algorithm not in ("sha256", "md5"):
        return False
    material = (value + (salt or "")).encode("utf-8")
    computed = hashlib.new(algorithm, material, usedforsecurity=algorithm == "sha256").hexdigest()
    return hmac.compare_digest(computed, digest.lower())
