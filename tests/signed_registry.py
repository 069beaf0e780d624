"""Signed trust registries for tests (ADR 0703): a TEST consortium key, named as one, and a
helper that signs registry content with it for ``microcred verify --trust FILE --trust-anchor``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.trust.signed import sign_registry

TEST_CONSORTIUM_KEY = Ed25519KeyPair.from_seed(hashlib.sha256(b"microcred TEST consortium key").digest())
TEST_ANCHOR = TEST_CONSORTIUM_KEY.public_key.did_key
APPROVERS = ("Test Coordinator", "Test Steering Committee member")


def signed_registry(
    content: Mapping[str, Any],
    *,
    key: Ed25519KeyPair = TEST_CONSORTIUM_KEY,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """``content`` (registry file format) as a registry credential signed by ``key``."""
    start = valid_from or datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    signer = KeyPairSigner(key, key.public_key.did_key_verification_method)
    return sign_registry(
        content,
        signer,
        approvals=APPROVERS,
        valid_from=start,
        valid_until=valid_until or start + timedelta(days=30),
    )


def write_signed_registry(path: Path, content: Mapping[str, Any], **options: Any) -> Path:
    path.write_text(json.dumps(signed_registry(content, **options)), "utf-8")
    return path
