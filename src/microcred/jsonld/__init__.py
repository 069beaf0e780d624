"""JSON-LD → RDF and RDFC-1.0 canonicalization for Data Integrity proofs (``eddsa-rdfc-2022``).

Public API (other packages call these names):

* :func:`canonicalize` — canonical N-Quads of a compacted JSON-LD document, safe mode;
* :func:`to_quads` — its RDF dataset (:class:`microcred.rdf.Dataset`);
  both write a value with ``@direction`` as an ``i18n-datatype`` literal (ADR 0102), as the
  reference stack's ``eddsa-rdfc-2022`` does;
* :func:`load_context`, :func:`known_context_urls` — the offline, hash-pinned context bundle;
* :func:`canon_stats`, :func:`reset_canon_stats` — work counters for benchmarks;
* :func:`warm_up` — compile the common context sets at start-up.

See ``docs/decisions/0101-own-jsonld-to-rdf-and-rdfc.md`` for why this is our own code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microcred.jsonld.errors import (
    ContextIntegrityError,
    JsonLdError,
    UnknownContextError,
    UnsafeDocumentError,
    UnsupportedFeatureError,
)
from microcred.jsonld.loader import known_context_urls, load_context
from microcred.jsonld.stats import STATS, canon_stats, reset_canon_stats
from microcred.jsonld.to_rdf import I18N_DATATYPE, to_dataset
from microcred.rdf.canon import CanonicalizationError, PoisonedDatasetError, canonicalize_dataset
from microcred.rdf.terms import Dataset

__all__ = [
    "CanonicalizationError",
    "ContextIntegrityError",
    "JsonLdError",
    "PoisonedDatasetError",
    "UnknownContextError",
    "UnsafeDocumentError",
    "UnsupportedFeatureError",
    "canon_stats",
    "canonicalize",
    "known_context_urls",
    "load_context",
    "reset_canon_stats",
    "to_quads",
    "warm_up",
]

VCDM2 = "https://www.w3.org/ns/credentials/v2"
OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"

COMMON_CONTEXTS: tuple[tuple[str, ...], ...] = (
    (VCDM2, OB_303, OB_EXTENSIONS),
    (VCDM2, OB_303),
    (VCDM2,),
    (VCDM2, DATA_INTEGRITY_V2),
)


def to_quads(document: Mapping[str, Any]) -> Dataset:
    """The RDF dataset of a compacted JSON-LD document (JSON-LD 1.1 API §8.2), safe mode,
    with ``rdfDirection: i18n-datatype`` (§8.6 step 13; ADR 0102)."""
    return to_dataset(document, rdf_direction=I18N_DATATYPE)


def canonicalize(document: Mapping[str, Any], *, max_work_factor: int = 1) -> str:
    """Canonical N-Quads (RDFC-1.0) of a compacted JSON-LD document, in safe mode.

    UTF-8 text, one quad per line, each line ending ``\\n``; the same bytes jsonld.js
    ``canonize(doc, {algorithm: 'RDFC-1.0', safe: true, rdfDirection: 'i18n-datatype'})``
    gives (the options of the reference ``eddsa-rdfc-2022`` cryptosuite; ADR 0102: a value
    with ``@direction`` becomes ``"…"^^<https://www.w3.org/ns/i18n#ar_rtl>``). Raises a
    :class:`JsonLdError` (with the JSON path) for anything safe mode refuses, and
    :class:`PoisonedDatasetError` when the blank-node structure needs more N-degree work than
    ``max_work_factor`` allows (the same bound as rdf-canonize's ``maxWorkFactor``).
    """
    STATS.documents += 1
    try:
        dataset = to_dataset(document, rdf_direction=I18N_DATATYPE)
        result = canonicalize_dataset(dataset, max_work_factor=max_work_factor)
    except (JsonLdError, CanonicalizationError):
        STATS.refused_documents += 1
        raise
    if result.n_degree_calls:
        STATS.n_degree_documents += 1
        STATS.n_degree_calls += result.n_degree_calls
    return result.nquads


def warm_up() -> None:
    """Compile the common context sets (VCDM 2 + OB 3.0.3 + extensions, VCDM 2 alone, VCDM 2 +
    Data Integrity) and their type-scoped contexts, so the first credential is as fast as the rest."""
    from microcred.jsonld._bench_support import typical_credential, typical_proof_config
    from microcred.jsonld.context import TermDefinition
    from microcred.jsonld.to_rdf import _root_context

    root = _root_context(None)
    for urls in COMMON_CONTEXTS:
        ctx = root.with_local(list(urls), None)
        definitions: list[TermDefinition] = [term for term in ctx.terms.values() if term.has_context]
        for term in definitions:
            # Only class terms are used as types; a property's scoped context may clash with
            # protected terms when applied as a type-scoped one, and is then simply not warmed.
            try:
                ctx.with_scoped(term, propagate=False, where="warm_up")
            except JsonLdError:
                continue
    # The shapes of a typical Open Badge and its proof configuration, memoized too.
    before = canon_stats()
    document = typical_credential()
    canonicalize(typical_proof_config(document))
    canonicalize(document)
    for name, value in before.items():  # warming up is not work to report
        setattr(STATS, name, value)
