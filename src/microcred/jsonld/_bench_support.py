"""Helpers for benchmarks of JSON-LD canonicalization (the benchmark command lives elsewhere).

* :func:`typical_credential` / :func:`typical_proof_config` — the perf-baselines fixture: an
  OB 3.0 OpenBadgeCredential for a 5-ECTS micro-credential (VCDM 2 + OB 3.0.3 + extensions,
  49 quads, 10 blank nodes; 2 alignments, a ResultDescription with a 6-grade ``@list``).
* :func:`measure` — µs per call of our canonicalization (and, if PyLD is importable, of
  ``pyld.jsonld.normalize`` on the same input, with the same bundled contexts), by CPU time,
  so a busy machine disturbs the ratio less. Pin the process (``taskset -c 1``) for stable
  numbers.
"""

from __future__ import annotations

import time
import timeit
from collections.abc import Callable
from typing import Any

ISSUER_DID = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


def typical_credential() -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        ],
        "id": "urn:uuid:6f1b7c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Data Analysis with Python (5 ECTS)",
        "issuer": {
            "id": ISSUER_DID,
            "type": ["Profile"],
            "name": "Example University",
            "url": "https://university.example/",
        },
        "validFrom": "2026-06-30T12:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-0042",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://university.example/achievements/data-analysis-python",
                "type": ["Achievement"],
                "name": "Data Analysis with Python",
                "description": "Cleaning, exploring and modelling tabular data with pandas.",
                "criteria": {"narrative": "Pass the final project and the written exam."},
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "analyse data",
                        "targetUrl": "http://data.europa.eu/esco/skill/0001-analyse-data",
                        "targetFramework": "ESCO",
                    },
                    {
                        "type": ["Alignment"],
                        "targetName": "use Python",
                        "targetUrl": "http://data.europa.eu/esco/skill/0002-use-python",
                        "targetFramework": "ESCO",
                    },
                ],
                "resultDescription": [
                    {
                        "id": "urn:uuid:rd-ects-grade",
                        "type": ["ResultDescription"],
                        "name": "ECTS grade",
                        "resultType": "LetterGrade",
                        "allowedValue": ["A", "B", "C", "D", "E", "F"],
                    }
                ],
            },
            "result": [{"type": ["Result"], "resultDescription": "urn:uuid:rd-ects-grade", "value": "B"}],
        },
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
    }


def typical_proof_config(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-06-30T12:00:00Z",
        "verificationMethod": ISSUER_DID + "#" + ISSUER_DID.rsplit(":", 1)[1],
        "proofPurpose": "assertionMethod",
    }


def _per_call_us(function: Callable[[], object], number: int, repeat: int = 5) -> float:
    timer = timeit.Timer(function, timer=time.process_time)
    return min(timer.repeat(number=number, repeat=repeat)) / number * 1e6


def measure(number: int = 2000, with_pyld: bool = True) -> dict[str, float]:
    """µs per canonicalization of the typical credential and its proof configuration."""
    from microcred.jsonld import canonicalize, load_context, warm_up

    document = typical_credential()
    config = typical_proof_config(document)
    warm_up()
    results = {
        "document_us": _per_call_us(lambda: canonicalize(document), number),
        "proof_config_us": _per_call_us(lambda: canonicalize(config), number),
    }
    if with_pyld:
        try:
            from pyld import jsonld
        except ImportError:  # pragma: no cover - PyLD comes with the dev and bench extras
            return results

        def loader(url: str, options: object = None) -> dict[str, Any]:
            return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}

        options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
        few = max(10, number // 100)
        results["pyld_document_us"] = _per_call_us(lambda: jsonld.normalize(document, options), few, 3)
        results["pyld_proof_config_us"] = _per_call_us(lambda: jsonld.normalize(config, options), few, 3)
    return results


if __name__ == "__main__":  # pragma: no cover - manual use: python -m microcred.jsonld._bench_support
    for name, value in measure().items():
        print(f"{name:24} {value:10.1f}")
