"""Counters the benchmark reads: how much canonicalization work went beyond the fast path."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(slots=True)
class CanonStats:
    """Process-wide counters since the last :func:`reset_canon_stats`.

    ``documents``: documents canonicalized; ``n_degree_documents``: of those, how many needed
    Hash N-Degree Quads (RDFC-1.0 §4.8) because first-degree hashes tied;
    ``n_degree_calls``: total calls of that step; ``slow_path_documents``: documents the fast
    walker could not take — always 0, because there is no slow path: an unsupported construct
    is an error, never a fallback; ``refused_documents``: documents refused with an error.
    """

    documents: int = 0
    n_degree_documents: int = 0
    n_degree_calls: int = 0
    slow_path_documents: int = 0
    refused_documents: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


STATS = CanonStats()


def canon_stats() -> dict[str, int]:
    """A snapshot of the counters."""
    return STATS.as_dict()


def reset_canon_stats() -> None:
    """Set every counter back to zero."""
    STATS.documents = 0
    STATS.n_degree_documents = 0
    STATS.n_degree_calls = 0
    STATS.slow_path_documents = 0
    STATS.refused_documents = 0
