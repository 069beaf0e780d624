"""base58btc, multibase, Multikey headers and unpadded base64url."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.crypto.errors import EncodingError, KeyFormatError
from microcred.crypto.multibase import (
    ED25519_PRIV,
    ED25519_PUB,
    P256_PUB,
    b58decode,
    b58encode,
    b64url_decode,
    b64url_encode,
    b64url_is_canonical,
    b64url_spare_bits_are_zero,
    multibase_decode,
    multibase_encode,
    multikey_decode,
)

from ._assets import EDDSA, read_text

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Bitcoin base58 pairs (draft-msporny-base58 §5 examples; the zero-byte case checked by hand).
B58_VECTORS = [
    (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
    (
        b"The quick brown fox jumps over the lazy dog.",
        "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
    ),
    (bytes.fromhex("0000287fb4cd"), "11233QC4"),  # two zero bytes -> two leading "1"
    (b"", ""),
    (b"\0", "1"),
]


@pytest.mark.parametrize(("raw", "text"), B58_VECTORS)
def test_it_encodes_and_decodes_the_base58_reference_examples(raw: bytes, text: str) -> None:
    assert b58encode(raw) == text
    assert b58decode(text) == raw


@settings(deadline=None, derandomize=True, max_examples=300)
@given(st.binary(max_size=100).map(lambda b: b"\0" * (len(b) % 3) + b))
def test_base58_agrees_with_the_textbook_conversion_on_any_bytes(raw: bytes) -> None:
    # the textbook algorithm (one digit per division), independent of the two-digit steps
    n, digits = int.from_bytes(raw, "big"), ""
    while n:
        n, r = divmod(n, 58)
        digits = ALPHABET[r] + digits
    expected = "1" * (len(raw) - len(raw.lstrip(b"\0"))) + digits
    assert b58encode(raw) == expected
    assert b58decode(expected) == raw


@settings(deadline=None, derandomize=True)
@given(st.binary(max_size=200))
def test_base58_round_trips_any_bytes(raw: bytes) -> None:
    assert b58decode(b58encode(raw)) == raw


@pytest.mark.parametrize("bad", ["0", "O", "I", "l", "abc+", "z6Mk é"])
def test_it_rejects_characters_outside_the_base58_alphabet(bad: str) -> None:
    with pytest.raises(EncodingError, match="not a base58btc character"):
        b58decode(bad)


def test_it_decodes_the_w3c_signature_value_to_the_published_hex() -> None:
    proof_value = read_text(EDDSA / "eddsa-jcs-2022" / "sigBTC58JCS.txt").strip()
    assert (
        multibase_decode(proof_value).hex() == read_text(EDDSA / "eddsa-jcs-2022" / "sigHexJCS.txt").strip()
    )


@settings(deadline=None, derandomize=True)
@given(st.binary(max_size=100))
def test_base64url_matches_the_standard_library_without_padding(raw: bytes) -> None:
    text = b64url_encode(raw)
    assert text == base64.urlsafe_b64encode(raw).decode().rstrip("=")
    assert b64url_decode(text) == raw


def _round_trips(text: str) -> bool:
    try:
        return b64url_encode(b64url_decode(text)) == text
    except EncodingError:
        return False


@settings(deadline=None, derandomize=True, max_examples=400)
@given(
    st.text(alphabet="AQgwBCRhx09-_+/=é. \n\t\x00~", max_size=12) | st.binary(max_size=40).map(b64url_encode)
)
def test_the_canonical_base64url_check_answers_as_a_decode_and_re_encode_would(text: str) -> None:
    assert b64url_is_canonical(text) is _round_trips(text)


@settings(deadline=None, derandomize=True, max_examples=200)
@given(st.text(alphabet="AQgwBCRhx09-_+/=é. \n~", max_size=12) | st.binary(max_size=40).map(b64url_encode))
def test_for_decodable_text_the_spare_bits_alone_decide_whether_it_is_canonical(text: str) -> None:
    try:
        b64url_decode(text)
    except EncodingError:
        return  # the shortcut is only for text the decoder has read (a verified token's segments)
    assert b64url_spare_bits_are_zero(text) is b64url_is_canonical(text)


@pytest.mark.parametrize(
    ("text", "canonical"), [("AQ", True), ("AR", False), ("AQI", True), ("AQJ", False), ("", True)]
)
def test_spare_bits_in_the_last_base64url_character_make_it_non_canonical(text: str, canonical: bool) -> None:
    # "AQ" and "AR" both decode to b"\x01" (RFC 4648 §3.5): only the first is its encoding
    assert b64url_is_canonical(text) is canonical


@pytest.mark.parametrize("bad", ["ab=", "a+b/", "a", "ab!c", "ab c"])
def test_it_rejects_padding_and_stray_characters_in_base64url(bad: str) -> None:
    with pytest.raises(EncodingError):
        b64url_decode(bad)


def test_multibase_supports_z_and_u_and_rejects_other_prefixes() -> None:
    assert multibase_decode(multibase_encode(b"\x01\x02", base="u")) == b"\x01\x02"
    assert multibase_decode(multibase_encode(b"\x01\x02")) == b"\x01\x02"
    with pytest.raises(EncodingError, match="not supported"):
        multibase_decode("f0102")
    with pytest.raises(EncodingError, match="empty"):
        multibase_decode("")


def test_it_splits_a_multikey_into_header_and_key() -> None:
    header, key = multikey_decode("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
    assert header == ED25519_PUB
    assert len(key) == 32


def test_it_rejects_a_multikey_with_the_wrong_header_for_the_context() -> None:
    with pytest.raises(KeyFormatError, match="unexpected multicodec header"):
        multikey_decode("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", expected=(P256_PUB,))


def test_it_rejects_a_multikey_of_the_wrong_length() -> None:
    short = "z" + b58encode(ED25519_PUB + bytes(31))
    with pytest.raises(KeyFormatError, match="has 31 bytes, expected 32"):
        multikey_decode(short)


def test_it_rejects_a_multikey_that_is_not_base58btc() -> None:
    with pytest.raises(KeyFormatError, match="base58btc"):
        multikey_decode("u" + b64url_encode(ED25519_PRIV + bytes(32)))
