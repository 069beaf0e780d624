"""Our credentials and ELM exports canonicalize in jsonld.js (the Digital Bazaar reference stack,
safe mode) exactly as in microcred: no undefined term, and an ``eddsa-rdfc-2022`` proof made here
hashes the same bytes a DB verifier hashes. Skipped, with the reason, without node or
``tests/reference_js/node_modules`` (``make test`` runs ``npm ci`` there first)."""

from __future__ import annotations

import json
from typing import Any

from microcred.bench.runner import default_populations
from microcred.jsonld import canonicalize
from tests.conftest import EXAMPLES
from tests.core.reference_js import REFERENCE_STACK_MARKS, run_node

pytestmark = list(REFERENCE_STACK_MARKS)


def _documents() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for name in ("typical.jsonl", "mixed.jsonl"):
        text = (default_populations() / name).read_text("utf-8")
        docs += [json.loads(line) for line in text.splitlines() if line.strip()]
    for name in ("muni-econometrics.edc-unsealed.jsonld", "muni-econometrics.spec.elm.jsonld"):
        docs.append(json.loads((EXAMPLES / "credentials" / name).read_text("utf-8")))
    signed = json.loads(
        (EXAMPLES / "credentials" / "muni-econometrics.eddsa-rdfc-2022.json").read_text("utf-8")
    )
    proof = {**signed.pop("proof"), "@context": signed["@context"]}
    del proof["proofValue"]
    return [*docs, signed, proof]


def _with_name(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A copy whose learner display name mixes scripts, non-BMP characters and quotes (RDFC-1.0
    sorts by UTF-16 code units like jsonld.js; rdfc-feasibility pitfall 11)."""
    copy: dict[str, Any] = json.loads(json.dumps(document))
    copy["credentialSubject"]["identifier"][0]["identityHash"] = name
    return copy


def test_every_population_credential_and_export_canonicalizes_as_in_jsonld_js() -> None:
    documents = _documents()
    results = run_node("canonize.js", documents)
    problems = []
    for index, (document, reference) in enumerate(zip(documents, results, strict=True)):
        if "nquads" not in reference:
            problems.append((index, reference.get("error")))
        elif reference["nquads"] != canonicalize(document):
            problems.append((index, "different N-Quads"))
    assert problems == []
