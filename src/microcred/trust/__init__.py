"""The consortium trust registry: institutions, their DIDs and https controllers, key history
and QA status; it feeds the offline :class:`~microcred.crypto.did.DidResolver`. The consortium
publishes it as a credential signed by its key (:mod:`microcred.trust.signed`, ADR 0703)."""

from microcred.trust.registry import (
    DEMO_REGISTRY,
    IssuerKey,
    QaStatus,
    TrustedIdentifier,
    TrustedInstitution,
    TrustRegistry,
    TrustRegistryError,
)
from microcred.trust.signed import SignedRegistry, SignedRegistryError, TrustAnchor, pinned_anchors

__all__ = [
    "DEMO_REGISTRY",
    "IssuerKey",
    "QaStatus",
    "SignedRegistry",
    "SignedRegistryError",
    "TrustAnchor",
    "TrustRegistry",
    "TrustRegistryError",
    "TrustedIdentifier",
    "TrustedInstitution",
    "pinned_anchors",
]
