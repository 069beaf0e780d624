"""How ``--trust`` and ``--trust-anchor`` are read, for every command that takes them (ADR 0703).

``--trust demo`` is the demo registry, signed by the DEMO consortium key (public seed); it
proves nothing and says so on standard error. ``--trust FILE`` must be a registry credential
signed by a trust anchor: one pinned in the package, or one given with ``--trust-anchor DID``.
An unsigned, altered, unknown-signer or expired registry is refused (:class:`SignedRegistryError`,
an :class:`~microcred.errors.InputError`: exit 2), with the reason.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from microcred.trust import TrustRegistry
from microcred.trust.signed import TrustAnchor, demo_anchor, load_signed_file, pinned_anchors

DEMO_WARNING = "microcred: using the DEMO trust registry; its keys are public, it proves nothing\n"
DEMO_SIGNER_WARNING = (
    "microcred: this registry is signed by the DEMO consortium key, whose seed is public; it proves nothing\n"
)


def add_anchor_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trust-anchor",
        action="append",
        default=[],
        metavar="DID",
        help="also accept registries signed by this did:key (repeatable; the MICRO4ASIA key is pinned)",
    )


def anchors(extra: Sequence[str]) -> tuple[TrustAnchor, ...]:
    """The pinned anchors plus those given on the command line (the DEMO key keeps its label)."""
    demo = demo_anchor()
    given = (demo if did == demo.did else TrustAnchor.from_did(did) for did in extra)
    return (*pinned_anchors(), *given)


def load_trust(value: str | None, extra_anchors: Sequence[str] = ()) -> TrustRegistry | None:
    """The registry named by ``--trust`` (None without it)."""
    if not value:
        return None
    if value == "demo":
        sys.stderr.write(DEMO_WARNING)
        return TrustRegistry.demo()
    signed = load_signed_file(value, anchors=anchors(extra_anchors))
    if signed.anchor.demo:
        sys.stderr.write(DEMO_SIGNER_WARNING)
    return signed.registry
