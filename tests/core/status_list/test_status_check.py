"""Status entries, list credentials and the status check (Bitstring Status List v1.0 §2, §3.2)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from microcred.crypto.did import DidResolver
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import add_proof, verify_proofs
from microcred.crypto.signer import KeyPairSigner
from microcred.standards.status_list import (
    Bitstring,
    BitstringStatusListEntry,
    StatusListError,
    StatusMessage,
    build_status_list_credential,
    check_status,
)
from tests.core.crypto._jsonld import needs_jsonld

from ._assets import load_json

LIST_URL = "https://uni.example/status/1"
ISSUER = "did:web:uni.example:institutions:law"


def test_an_entry_serializes_its_index_as_a_string() -> None:
    entry = BitstringStatusListEntry(LIST_URL, 94567, "revocation", id=f"{LIST_URL}#94567")
    assert entry.to_json() == {
        "id": f"{LIST_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": LIST_URL,
    }
    assert BitstringStatusListEntry.from_json(entry.to_json()) == entry


def test_the_spec_examples_entries_parse() -> None:
    for entry in load_json("example01.json")["credentialStatus"]:
        parsed = BitstringStatusListEntry.from_json(entry)
        assert parsed.to_json() == entry


def test_a_multi_bit_entry_needs_a_message_for_every_value() -> None:
    with pytest.raises(StatusListError, match="needs 4 statusMessage items"):
        BitstringStatusListEntry(LIST_URL, 1, "message", status_size=2)
    messages = tuple(StatusMessage(hex(i), f"state {i}") for i in range(4))
    entry = BitstringStatusListEntry(LIST_URL, 1, "message", status_size=2, status_messages=messages)
    assert entry.to_json()["statusSize"] == 2 and len(entry.to_json()["statusMessage"]) == 4


def test_the_spec_example_list_says_valid_for_the_spec_example_entry() -> None:
    result = check_status(load_json("example04.json")["credentialStatus"], load_json("example03.json"))
    assert result.valid and result.state == "valid" and result.status == 0


def test_the_1edtech_revoked_fixture_is_revoked() -> None:
    for name in (
        "1edtech/credential-status-revoked.json",
        "1edtech/credential-status-revoked-blank-nodes.json",
    ):
        credential = load_json(name)
        result = check_status(credential["credentialStatus"], load_json("1edtech/testlist"))
        assert result.state == "revoked" and not result.valid, name


def test_a_purpose_mismatch_is_a_verification_error() -> None:
    entry = dict(load_json("example04.json")["credentialStatus"], statusPurpose="suspension")
    with pytest.raises(StatusListError, match="does not match") as info:
        check_status(entry, load_json("example03.json"))
    assert info.value.code == "STATUS_VERIFICATION_ERROR"


def test_an_index_beyond_the_list_is_a_range_error() -> None:
    entry = dict(load_json("example04.json")["credentialStatus"], statusListIndex="131072")
    with pytest.raises(StatusListError) as info:
        check_status(entry, load_json("example03.json"))
    assert info.value.code == "RANGE_ERROR"


@pytest.mark.parametrize("index", ["-1", "12a", "", 1.5, None, True])
def test_an_index_that_is_not_a_decimal_string_is_rejected(index: object) -> None:
    entry = dict(load_json("example04.json")["credentialStatus"], statusListIndex=index)
    with pytest.raises(StatusListError, match="statusListIndex"):
        check_status(entry, load_json("example03.json"))


def test_a_built_list_credential_round_trips_revocation_and_suspension() -> None:
    revocations, suspensions = Bitstring(), Bitstring()
    revocations.set(42, 1)
    suspensions.set(7, 1)
    revoked_list = build_status_list_credential(
        id=LIST_URL, issuer=ISSUER, bitstring=revocations, ttl_ms=300_000
    )
    suspended_list = build_status_list_credential(
        id=LIST_URL, issuer=ISSUER, bitstring=suspensions, status_purpose="suspension"
    )
    assert revoked_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert revoked_list["credentialSubject"]["type"] == "BitstringStatusList"
    assert revoked_list["credentialSubject"]["ttl"] == 300_000
    assert check_status(BitstringStatusListEntry(LIST_URL, 42), revoked_list).state == "revoked"
    assert check_status(BitstringStatusListEntry(LIST_URL, 41), revoked_list).state == "valid"
    assert (
        check_status(BitstringStatusListEntry(LIST_URL, 7, "suspension"), suspended_list).state == "suspended"
    )


def test_a_multi_bit_message_status_returns_its_message() -> None:
    bitstring = Bitstring(131_072 // 2, status_size=2)
    bitstring.set(5, 3)
    messages = tuple(
        StatusMessage(hex(i), m) for i, m in enumerate(["ok", "pending", "accepted", "rejected"])
    )
    entry = BitstringStatusListEntry(LIST_URL, 5, "message", status_size=2, status_messages=messages)
    listing = build_status_list_credential(
        id=LIST_URL, issuer=ISSUER, bitstring=bitstring, status_purpose="message"
    )
    result = check_status(entry, listing)
    assert (result.status, result.message, result.state) == (3, "rejected", "flagged")


def test_an_expired_list_credential_is_not_used() -> None:
    listing = build_status_list_credential(
        id=LIST_URL, issuer=ISSUER, bitstring=Bitstring(), valid_until=datetime(2024, 1, 1, tzinfo=UTC)
    )
    with pytest.raises(StatusListError, match="not valid now"):
        check_status(BitstringStatusListEntry(LIST_URL, 1), listing, now=datetime(2025, 1, 1, tzinfo=UTC))


def test_a_list_credential_of_the_wrong_type_is_rejected() -> None:
    listing: dict[str, Any] = load_json("example03.json")
    listing["type"] = ["VerifiableCredential"]
    with pytest.raises(StatusListError, match="not a BitstringStatusListCredential"):
        check_status(load_json("example04.json")["credentialStatus"], listing)


def test_a_signed_list_credential_verifies_with_eddsa_jcs() -> None:
    test_key = Ed25519KeyPair.generate()
    signer = KeyPairSigner(test_key, test_key.public_key.did_key_verification_method)
    listing = build_status_list_credential(
        id=LIST_URL, issuer=test_key.public_key.did_key, bitstring=Bitstring()
    )
    signed = add_proof(listing, signer, cryptosuite="eddsa-jcs-2022")
    verify_proofs(signed, DidResolver())
    assert check_status(BitstringStatusListEntry(LIST_URL, 3), signed).valid


def _registry_for_1edtech() -> DidResolver:
    issuer = "https://1edtech.edu/issuers/565049"
    method = f"{issuer}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    return DidResolver(
        [
            {
                "id": issuer,
                "verificationMethod": [
                    {
                        "id": method,
                        "type": "Multikey",
                        "controller": issuer,
                        "publicKeyMultibase": "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
                    }
                ],
                "assertionMethod": [method],
            }
        ]
    )


@needs_jsonld
def test_the_1edtech_list_and_revoked_credential_verify_end_to_end() -> None:
    resolver = _registry_for_1edtech()
    listing = load_json("1edtech/testlist")
    credential = load_json("1edtech/credential-status-revoked.json")
    verify_proofs(listing, resolver)  # §3.2: the list's own proof first
    verify_proofs(credential, resolver)
    assert check_status(credential["credentialStatus"], listing).state == "revoked"


def test_an_expanded_list_is_reused_only_while_its_text_is_unchanged() -> None:
    # a verifier checks many credentials against one list: it is expanded once, and a list that
    # changed (a new revocation) is expanded anew, never answered from the old one
    bits = Bitstring()
    listing = build_status_list_credential(id=LIST_URL, issuer=ISSUER, bitstring=bits)
    for index in (3, 4, 3):
        assert check_status(BitstringStatusListEntry(LIST_URL, index), listing).state == "valid"
    bits.set(3, 1)
    revoked = build_status_list_credential(id=LIST_URL, issuer=ISSUER, bitstring=bits)
    assert check_status(BitstringStatusListEntry(LIST_URL, 3), revoked).state == "revoked"
    assert check_status(BitstringStatusListEntry(LIST_URL, 3), listing).state == "valid"
    two_bit = {**listing, "credentialSubject": {**listing["credentialSubject"], "statusPurpose": "message"}}
    messages = tuple(StatusMessage(hex(i), f"state {i}") for i in range(4))
    entry = BitstringStatusListEntry(LIST_URL, 1, "message", status_size=2, status_messages=messages)
    assert check_status(entry, two_bit).status == 0  # same text, other statusSize: its own expansion
