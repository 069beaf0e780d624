"""The Bitstring Status List bitstring (Bitstring Status List v1.0 §3.3, §3.4)."""

from __future__ import annotations

import base64
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.standards.status_list import MIN_LIST_BITS, Bitstring, StatusListError

from ._assets import load_json

SPEC_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_the_spec_example_decodes_to_16384_zero_bytes() -> None:
    assert load_json("example03.json")["credentialSubject"]["encodedList"] == SPEC_EMPTY_LIST
    bitstring = Bitstring.decode(SPEC_EMPTY_LIST)
    assert bitstring.to_bytes() == bytes(16_384)
    assert bitstring.length == MIN_LIST_BITS


def test_index_zero_is_the_most_significant_bit_of_the_first_byte() -> None:
    bitstring = Bitstring()
    bitstring.set(0, 1)
    bitstring.set(9, 1)
    assert bitstring.to_bytes()[:2] == bytes([0b1000_0000, 0b0100_0000])


def test_multi_bit_statuses_are_read_most_significant_bit_first() -> None:
    bitstring = Bitstring(MIN_LIST_BITS // 2, status_size=2)
    bitstring.set(0, 0b10)
    bitstring.set(3, 0b11)
    assert bitstring.to_bytes()[0] == 0b1000_0011
    assert [bitstring.get(i) for i in range(4)] == [2, 0, 0, 3]


@settings(deadline=None, derandomize=True)
@given(st.sets(st.integers(0, MIN_LIST_BITS - 1), max_size=40))
def test_encode_then_decode_keeps_every_bit(indexes: set[int]) -> None:
    bitstring = Bitstring()
    for index in indexes:
        bitstring.set(index, 1)
    decoded = Bitstring.decode(bitstring.encode())
    assert {i for i in indexes if decoded.get(i)} == indexes
    assert decoded.to_bytes() == bitstring.to_bytes()


def test_encoding_is_deterministic_and_uses_the_u_multibase_prefix() -> None:
    encoded = Bitstring().encode()
    assert encoded == Bitstring().encode()
    assert encoded.startswith("u") and "=" not in encoded


def test_a_list_shorter_than_16_kb_is_a_length_error() -> None:
    short = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(1000))).decode().rstrip("=")
    with pytest.raises(StatusListError) as info:
        Bitstring.decode(short)
    assert info.value.code == "STATUS_LIST_LENGTH_ERROR"
    with pytest.raises(StatusListError) as info:
        Bitstring(1000)
    assert info.value.code == "STATUS_LIST_LENGTH_ERROR"


def test_an_index_outside_the_list_is_a_range_error() -> None:
    with pytest.raises(StatusListError) as info:
        Bitstring().get(MIN_LIST_BITS)
    assert info.value.code == "RANGE_ERROR"
    assert info.value.problem_type == "https://www.w3.org/ns/credentials/status-list#RANGE_ERROR"


def test_a_value_too_big_for_the_status_size_is_rejected() -> None:
    with pytest.raises(StatusListError, match="does not fit in 1 bit"):
        Bitstring().set(0, 2)


@pytest.mark.parametrize(
    "encoded",
    [
        "zH4sIAAAAAAAAA",  # wrong multibase prefix
        "u!!!!",  # not base64url
        "u" + base64.urlsafe_b64encode(b"not gzip at all").decode().rstrip("="),
        "u"
        + base64.urlsafe_b64encode(gzip.compress(bytes(16_384), mtime=0)[:-10])
        .decode()
        .rstrip("="),  # truncated
    ],
)
def test_it_rejects_encoded_lists_that_are_not_u_base64url_gzip(encoded: str) -> None:
    with pytest.raises(StatusListError) as info:
        Bitstring.decode(encoded)
    assert info.value.code == "STATUS_VERIFICATION_ERROR"


def test_a_gzip_bomb_is_refused_before_it_fills_memory() -> None:
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(17 * 1024 * 1024))).decode().rstrip("=")
    with pytest.raises(StatusListError, match="expands beyond"):
        Bitstring.decode(bomb)
