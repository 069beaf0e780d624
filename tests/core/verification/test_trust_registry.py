"""The trust registry file: institutions, identifiers, key history, QA; it feeds the resolver."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from microcred.trust import TrustRegistry, TrustRegistryError
from tests.core.verification.conftest import ISSUER_DID, TEST_KEY, VECTORS, registry


def test_the_demo_registry_lists_the_ten_consortium_institutions() -> None:
    demo = TrustRegistry.demo()
    assert demo.consortium == "MICRO4ASIA"
    assert len(demo.institutions) == 10
    assert demo.institution_of("did:web:micro4asia.example:institutions:neu") is not None


def test_it_resolves_a_registry_key_offline() -> None:
    method = f"{ISSUER_DID}#{TEST_KEY.public_key.public_key_multibase}"
    assert registry().resolver().resolve_verification_method(method) == TEST_KEY.public_key


def test_it_maps_an_https_controller_document() -> None:
    reg = TrustRegistry.load(VECTORS / "trust-ob3-vector.json")
    inst = reg.institution_of(
        "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    )
    assert inst is not None and inst.slug == "example-corp"


def test_a_retired_key_stays_resolvable_for_old_credentials() -> None:
    method = f"{ISSUER_DID}#{TEST_KEY.public_key.public_key_multibase}"
    reg = registry(retired="2026-03-01T00:00:00Z")
    assert reg.resolver().resolve_verification_method(method) == TEST_KEY.public_key
    found = reg.lookup(ISSUER_DID)
    assert found is not None
    history = found[1].key_history(TEST_KEY.public_key)
    assert history is not None and history.retired is not None


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"format": "other"}, "format"),
        ({"format": "microcred-trust-registry", "institutions": [{"slug": "x"}]}, "institutions[0].country"),
        (
            {
                "format": "microcred-trust-registry",
                "institutions": [
                    {"slug": "x", "country": "CZ", "name": "X", "identifiers": [{"id": "ftp://x"}]}
                ],
            },
            "institutions[0].identifiers[0].id",
        ),
        (
            {
                "format": "microcred-trust-registry",
                "institutions": [
                    {
                        "slug": "x",
                        "country": "CZ",
                        "name": "X",
                        "identifiers": [{"id": "did:web:x", "keys": [{"publicKeyMultibase": "zBad"}]}],
                    }
                ],
            },
            "institutions[0].identifiers[0].keys[0].publicKeyMultibase",
        ),
    ],
)
def test_it_says_where_a_registry_file_is_wrong(data: dict[str, Any], where: str) -> None:
    with pytest.raises(TrustRegistryError) as info:
        TrustRegistry.from_json(data)
    assert info.value.where == where


@pytest.mark.parametrize(
    "reg",
    [
        TrustRegistry.demo(),
        registry(retired="2026-03-01T00:00:00.250000Z", qa_until="2030-12-31"),
        TrustRegistry.load(VECTORS / "trust-ob3-vector.json"),  # an identifier given as a document
    ],
    ids=["demo", "retired-key-and-qa", "controller-document"],
)
def test_a_registry_written_back_to_json_reads_as_the_same_registry(reg: TrustRegistry) -> None:
    written = reg.to_json(updated=date(2026, 11, 28), note="round trip")
    again = TrustRegistry.from_json(written)
    assert again.to_json(updated=date(2026, 11, 28), note="round trip") == written
    assert again.consortium == reg.consortium
    assert again.institutions == reg.institutions
    assert written["format"] == "microcred-trust-registry" and written["note"] == "round trip"
