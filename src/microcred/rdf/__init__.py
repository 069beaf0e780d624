"""RDF datasets, N-Quads and RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation).

Public entry points: :func:`canonize` (canonical N-Quads of a dataset), :func:`parse_nquads`
and the term helpers in :mod:`microcred.rdf.terms`.
"""

from __future__ import annotations

from microcred.rdf.canon import CanonicalizationError, PoisonedDatasetError, canonize, canonize_with_map
from microcred.rdf.nquads import NQuadsSyntaxError, parse_nquads, serialize_quad
from microcred.rdf.terms import Dataset, Quad, Term

__all__ = [
    "CanonicalizationError",
    "Dataset",
    "NQuadsSyntaxError",
    "PoisonedDatasetError",
    "Quad",
    "Term",
    "canonize",
    "canonize_with_map",
    "parse_nquads",
    "serialize_quad",
]
