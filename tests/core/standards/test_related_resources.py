"""VCDM 2.0 §5.3 Integrity of Related Resources: the one rule, in the core (issuance and
verification call it; the VC-API tests cover the web side)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest

from microcred.crypto.multibase import multibase_encode
from microcred.crypto.proofs import ProofOptions, add_proof
from microcred.issuance import IssuanceError, issue_credential
from microcred.jsonld.loader import context_bytes
from microcred.standards.related_resources import PUBLISHED_DIGESTS, related_resource_problems
from microcred.verification import inspect
from tests.conftest import ASSETS
from tests.core.verification.conftest import CREATED, NOW, TEST_SIGNER, registry, unsigned

V2 = "https://www.w3.org/ns/credentials/v2"
PUBLISHED = ASSETS / "w3c-published-contexts"
PUBLISHED_FILES = {
    V2: "credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
}
# The W3C VCDM 2.0 test suite's fixture (tests/fixtures.js, commit 6e07524): digests of the v2
# context as published on 2024-07-20, before the REC text (see docs/conformance.md).
SUITE_SRI = "sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg"
SUITE_WRONG_MULTIBASE = "uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0"
SUITE_WRONG_SRI = "sha384-_rCVIV7fSXXTNIvpiq26jRDyj8JG8TDjij-tD0ewLk4JpnXEz6a5AeeY_1qQ0d0P"


def sri(data: bytes, algorithm: str = "sha384") -> str:
    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, data).digest()).decode()


def with_resources(*items: Any) -> dict[str, Any]:
    return {"relatedResource": list(items)}


def published(url: str) -> bytes:
    return (PUBLISHED / PUBLISHED_FILES[url]).read_bytes()


@pytest.mark.parametrize("url", sorted(PUBLISHED_FILES))
def test_the_recorded_digests_are_those_of_the_published_file_which_says_what_our_copy_says(url: str) -> None:
    data = published(url)
    ours = context_bytes(url)
    assert ours is not None and ours != data
    assert json.loads(data) == json.loads(ours)
    assert PUBLISHED_DIGESTS[url] == {a: hashlib.new(a, data).hexdigest() for a in PUBLISHED_DIGESTS[url]}


@pytest.mark.parametrize(
    "digest",
    [
        {"digestSRI": sri(published(V2))},
        {"digestSRI": sri(published(V2), "sha256") + " " + sri(published(V2), "sha512")},
        {"digestSRI": sri(context_bytes(V2) or b"")},
        {
            "digestMultibase": "u"
            + base64.urlsafe_b64encode(hashlib.sha256(published(V2)).digest()).decode().rstrip("=")
        },
        {"digestMultibase": multibase_encode(b"\x12\x20" + hashlib.sha256(published(V2)).digest())},
        {
            "digestMultibase": [
                multibase_encode(b"\x16\x20" + hashlib.sha3_256(published(V2)).digest(), base="u")
            ]
        },
    ],
    ids=["sri-sha384", "sri-two", "sri-of-our-copy", "multibase-bare", "multihash-base58", "multihash-sha3"],
)
def test_a_digest_that_matches_a_context_we_hold_is_accepted(digest: dict[str, Any]) -> None:
    assert (
        related_resource_problems(with_resources({"id": V2, "mediaType": "application/ld+json", **digest}))
        == []
    )


@pytest.mark.parametrize(
    "digest",
    [
        {"digestMultibase": SUITE_WRONG_MULTIBASE},
        {"digestSRI": sri(b"something else")},
        {"digestSRI": sri(published(V2)) + " " + sri(b"something else", "sha512")},
        {"digestSRI": SUITE_SRI},
    ],
    ids=["wrong-multibase", "wrong-sri", "one-of-two-wrong", "stale-2024-version"],
)
def test_a_wrong_digest_of_a_context_we_hold_is_an_error(digest: dict[str, Any]) -> None:
    [(code, where, params)] = related_resource_problems(with_resources({"id": V2, **digest}))
    assert code == "DIGEST_MISMATCH"
    assert where == f"$.relatedResource[0].{next(iter(digest))}"
    assert params["url"] == "https://www.w3.org/ns/credentials/v2"


def test_a_resource_we_do_not_hold_is_checked_for_form_only() -> None:
    item = {"id": "https://images.example/badge.png", "digestSRI": sri(b"any bytes")}
    assert related_resource_problems(with_resources(item)) == []


def test_duplicate_ids_are_refused() -> None:
    problems = related_resource_problems(
        with_resources(
            {"id": V2, "digestSRI": sri(published(V2))}, {"id": V2, "digestSRI": sri(published(V2))}
        )
    )
    assert problems == [("DUPLICATE_ID", "$.relatedResource[1].id", {"id": V2, "section": "VCDM 2.0 §5.3"})]


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ([V2], "$.relatedResource[0]"),
        ([], "$.relatedResource"),
        ([{"digestSRI": sri(b"x")}], "$.relatedResource[0].id"),
        ([{"id": "not a url", "digestSRI": sri(b"x")}], "$.relatedResource[0].id"),
        ([{"id": V2}], "$.relatedResource[0]"),
        ([{"id": "https://x.example/", "digestSRI": SUITE_WRONG_SRI}], "$.relatedResource[0].digestSRI"),
        (
            [{"id": "https://x.example/", "digestSRI": "md5-" + sri(b"x")[7:]}],
            "$.relatedResource[0].digestSRI",
        ),
        (
            [{"id": "https://x.example/", "digestSRI": "sha256-" + sri(b"x")[7:]}],
            "$.relatedResource[0].digestSRI",
        ),
        ([{"id": "https://x.example/", "digestMultibase": "uAAAA"}], "$.relatedResource[0].digestMultibase"),
        ([{"id": "https://x.example/", "digestMultibase": "f00"}], "$.relatedResource[0].digestMultibase"),
        ([{"id": "https://x.example/", "digestMultibase": []}], "$.relatedResource[0].digestMultibase"),
        ([{"id": "https://x.example/", "digestSRI": 7}], "$.relatedResource[0].digestSRI"),
    ],
    ids=[
        "string-items",
        "empty",
        "no-id",
        "id-not-url",
        "no-digest",
        "sri-base64url",
        "sri-md5",
        "sri-wrong-length",
        "multibase-short",
        "multibase-hex",
        "multibase-empty-list",
        "sri-not-string",
    ],
)
def test_malformed_related_resources_are_refused_with_their_place(value: Any, where: str) -> None:
    problems = related_resource_problems({"relatedResource": value})
    assert [w for _code, w, _params in problems] == [where]


def test_the_core_refuses_to_sign_and_to_verify_a_wrong_digest_of_a_context_we_hold() -> None:
    document = unsigned()
    document["relatedResource"] = [{"id": V2, "digestMultibase": SUITE_WRONG_MULTIBASE}]
    with pytest.raises(IssuanceError, match="does not match the resource"):
        issue_credential(document, signer=TEST_SIGNER, suite="eddsa-rdfc-2022", created=CREATED)

    # Signed anyway by someone else's software: the signature is right, the digest is not.
    secured = add_proof(
        document, TEST_SIGNER, cryptosuite="eddsa-rdfc-2022", options=ProofOptions(created=CREATED)
    )
    report = inspect(secured, trust=registry(), now=NOW)
    assert report.check("proof").passed
    assert report.check("format").failed
    assert report.check("format").details["where"] == "relatedResource[0].digestMultibase"
    assert not report.valid

    document["relatedResource"] = [{"id": V2, "digestSRI": sri(published(V2))}]
    reissued = issue_credential(document, signer=TEST_SIGNER, created=CREATED)
    assert inspect(reissued, trust=registry(), now=NOW).valid
