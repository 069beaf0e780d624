"""did:key and did:web identifiers, DID documents, and the offline resolver."""

from __future__ import annotations

import pytest

from microcred.crypto.did import (
    DidDocument,
    DidResolver,
    build_did_document,
    did_web_document_url,
    did_web_for_institution,
    did_web_from_document_url,
    resolve_did_key,
)
from microcred.crypto.errors import KeyFormatError, UnknownKey
from microcred.crypto.keys import Ed25519KeyPair, P256KeyPair, public_key_from_multikey

from ._assets import ECDSA, load_json

W3C_TEST_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
OB3_TEST_PUBLIC = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
OB3_TEST_ISSUER = "https://example.edu/issuers/565049"


def test_it_resolves_an_ed25519_did_key_locally() -> None:
    did = f"did:key:{W3C_TEST_PUBLIC}"
    document = resolve_did_key(did)
    method_id = f"{did}#{W3C_TEST_PUBLIC}"
    assert document.method(method_id).public_key.public_key_multibase == W3C_TEST_PUBLIC
    for purpose in ("assertionMethod", "authentication"):
        assert document.authorizes(method_id, purpose)
    assert document.to_json()["verificationMethod"][0]["type"] == "Multikey"


def test_it_resolves_a_p256_did_key_locally() -> None:
    public = load_json(ECDSA / "p256KeyPair.json")["publicKeyMultibase"]
    key = DidResolver().resolve_verification_method(f"did:key:{public}#{public}")
    assert key.algorithm == "P-256"


def test_it_rejects_a_did_key_with_a_secret_key_or_garbage() -> None:
    with pytest.raises(KeyFormatError):
        resolve_did_key("did:key:z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")
    with pytest.raises(UnknownKey):
        resolve_did_key("did:web:example.edu")


def test_did_web_ids_and_urls_map_both_ways() -> None:
    did = did_web_for_institution("uni.example", "faculty-of-law")
    assert did == "did:web:uni.example:institutions:faculty-of-law"
    assert did_web_document_url(did) == "https://uni.example/institutions/faculty-of-law/did.json"
    assert did_web_from_document_url("https://uni.example/institutions/faculty-of-law/did.json") == did


def test_did_web_percent_encodes_a_port() -> None:
    did = did_web_for_institution("localhost", "demo", port=8443)
    assert did == "did:web:localhost%3A8443:institutions:demo"
    assert did_web_document_url(did) == "https://localhost:8443/institutions/demo/did.json"
    assert did_web_from_document_url("https://localhost:8443/institutions/demo/did.json") == did


def test_a_bare_did_web_domain_uses_the_well_known_path() -> None:
    assert did_web_document_url("did:web:uni.example") == "https://uni.example/.well-known/did.json"
    assert did_web_from_document_url("https://uni.example/.well-known/did.json") == "did:web:uni.example"


@pytest.mark.parametrize(
    ("host", "slug"), [("uni example", "x"), ("uni.example", "a/b"), ("uni.example", "")]
)
def test_it_rejects_bad_hosts_and_slugs(host: str, slug: str) -> None:
    with pytest.raises(KeyFormatError):
        did_web_for_institution(host, slug)


@pytest.mark.parametrize(
    "url",
    ["http://uni.example/x/did.json", "https://uni.example/x/keys.json", "https://uni.example/did.json?x=1"],
)
def test_it_rejects_urls_that_are_not_did_web_documents(url: str) -> None:
    with pytest.raises(KeyFormatError):
        did_web_from_document_url(url)


def test_a_built_document_keeps_old_keys_verifiable_after_rotation() -> None:
    did = did_web_for_institution("uni.example", "law")
    old_test_key, new_test_key = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    document = build_did_document(
        did, [old_test_key.public_key, new_test_key.public_key], authentication=[new_test_key.public_key]
    )
    resolver = DidResolver([document.to_json()])
    old_id = f"{did}#{old_test_key.public_key.public_key_multibase}"
    new_id = f"{did}#{new_test_key.public_key.public_key_multibase}"
    assert resolver.resolve_verification_method(old_id) == old_test_key.public_key
    assert resolver.resolve_verification_method(new_id, purpose="authentication") == new_test_key.public_key
    with pytest.raises(UnknownKey, match=r"does not list .* under authentication"):
        resolver.resolve_verification_method(old_id, purpose="authentication")


def test_a_document_round_trips_through_json() -> None:
    did = "did:web:uni.example:institutions:law"
    document = build_did_document(
        did, [Ed25519KeyPair.generate().public_key, P256KeyPair.generate().public_key]
    )
    assert DidDocument.from_json(document.to_json()) == document


def test_an_empty_key_list_is_an_error_not_an_empty_document() -> None:
    with pytest.raises(KeyFormatError, match="at least one key"):
        build_did_document("did:web:uni.example", [])


def test_the_resolver_maps_an_https_controller_document_like_the_ob3_vector() -> None:
    controller = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": OB3_TEST_ISSUER,
        "verificationMethod": [
            {
                "id": f"#{OB3_TEST_PUBLIC}",
                "type": "Multikey",
                "controller": OB3_TEST_ISSUER,
                "publicKeyMultibase": OB3_TEST_PUBLIC,
            }
        ],
        "assertionMethod": [f"#{OB3_TEST_PUBLIC}"],
    }
    resolver = DidResolver([controller])
    key = resolver.resolve_verification_method(f"{OB3_TEST_ISSUER}#{OB3_TEST_PUBLIC}")
    assert key == public_key_from_multikey(OB3_TEST_PUBLIC)


def test_the_resolver_is_offline_and_says_where_an_unknown_did_web_would_live() -> None:
    with pytest.raises(UnknownKey, match=r"unknown DID .* https://uni\.example/institutions/x/did\.json"):
        DidResolver().resolve("did:web:uni.example:institutions:x")
    with pytest.raises(UnknownKey, match="only from the local store"):
        DidResolver().resolve_verification_method("did:example:123#key-1")


def test_the_resolver_rejects_a_method_the_document_does_not_contain() -> None:
    did = "did:web:uni.example"
    resolver = DidResolver([build_did_document(did, [Ed25519KeyPair.generate().public_key])])
    with pytest.raises(UnknownKey, match="has no verification method"):
        resolver.resolve_verification_method(f"{did}#{W3C_TEST_PUBLIC}")
    with pytest.raises(UnknownKey, match="no '#fragment'"):
        resolver.resolve_verification_method(did)


def test_removing_a_document_makes_its_keys_unknown_again() -> None:
    did = "did:web:uni.example"
    test_key = Ed25519KeyPair.generate().public_key
    resolver = DidResolver([build_did_document(did, [test_key])])
    method_id = f"{did}#{test_key.public_key_multibase}"
    resolver.resolve_verification_method(method_id)
    resolver.remove(did)
    with pytest.raises(UnknownKey):
        resolver.resolve_verification_method(method_id)


def test_a_bare_did_key_names_its_only_key() -> None:
    key = DidResolver().resolve_verification_method(f"did:key:{OB3_TEST_PUBLIC}")
    assert key.public_key_multibase == OB3_TEST_PUBLIC


def test_a_document_with_jwk_and_embedded_methods_is_understood() -> None:
    test_key = P256KeyPair.generate().public_key
    did = "did:web:uni.example"
    document = DidDocument.from_json(
        {
            "id": did,
            "verificationMethod": [
                {"id": "#jwk-1", "type": "JsonWebKey", "controller": did, "publicKeyJwk": test_key.to_jwk()}
            ],
            "assertionMethod": ["#jwk-1"],
            "authentication": [
                {
                    "id": f"{did}#auth",
                    "type": "Multikey",
                    "controller": did,
                    "publicKeyMultibase": OB3_TEST_PUBLIC,
                }
            ],
        }
    )
    assert document.method(f"{did}#jwk-1").public_key == test_key
    assert document.authorizes(f"{did}#auth", "authentication")
    assert not document.authorizes(f"{did}#auth", "assertionMethod")
