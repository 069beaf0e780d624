"""The consortium trust registry: institutions, their DIDs and https controllers, key history
and QA status; it feeds the offline :class:`~microcred.crypto.did.DidResolver`."""

from microcred.trust.registry import (
    DEMO_REGISTRY,
    IssuerKey,
    QaStatus,
    TrustedIdentifier,
    TrustedInstitution,
    TrustRegistry,
    TrustRegistryError,
)

__all__ = [
    "DEMO_REGISTRY",
    "IssuerKey",
    "QaStatus",
    "TrustRegistry",
    "TrustRegistryError",
    "TrustedIdentifier",
    "TrustedInstitution",
]
