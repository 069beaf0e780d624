"""RFC 8785 JCS: the official vector, the fast path's traps, and agreement with rfc8785 0.1.4."""

from __future__ import annotations

import enum
import math
import struct
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import orjson
import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.crypto.errors import JcsError
from microcred.crypto.jcs import canonicalize, number_to_string

from ._assets import EDDSA, load_json, read_text


class _Colour(enum.Enum):
    RED = "red"


def test_it_reproduces_the_w3c_jcs_vector_for_document_and_proof_config() -> None:
    unsigned = load_json(EDDSA / "unsigned.json")
    assert canonicalize(unsigned) == read_text(EDDSA / "eddsa-jcs-2022" / "canonDocJCS.txt").encode()
    config = load_json(EDDSA / "eddsa-jcs-2022" / "proofConfigJCS.json")
    assert canonicalize(config) == read_text(EDDSA / "eddsa-jcs-2022" / "proofCanonJCS.txt").encode()


# RFC 8785 Appendix B (sample numbers: IEEE 754 bit pattern -> canonical text).
RFC8785_APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "text"), RFC8785_APPENDIX_B)
def test_it_formats_the_rfc8785_appendix_b_numbers(bits: str, text: str) -> None:
    (value,) = struct.unpack(">d", bytes.fromhex(bits))
    assert number_to_string(value) == text
    assert canonicalize([value]) == f"[{text}]".encode()


def test_integral_floats_and_negative_zero_use_the_ecmascript_form() -> None:
    assert canonicalize({"creditsAvailable": 5.0, "z": -0.0, "big": 1e16}) == (
        b'{"big":10000000000000000,"creditsAvailable":5,"z":0}'
    )


def test_keys_are_ordered_by_utf16_code_units_not_code_points() -> None:
    # U+1F600 is the surrogate pair D83D DE00, which sorts before U+E000 in UTF-16.
    value = {"\ue000": 1, "\U0001f600": 2, "a": 3}
    assert canonicalize(value) == '{"a":3,"\U0001f600":2,"\ue000":1}'.encode()


@pytest.mark.parametrize("bad", [2**53, -(2**53), 2**64, 2**80])
def test_it_rejects_integers_beyond_2_to_the_53(bad: int) -> None:
    with pytest.raises(JcsError, match=r"outside ±\(2\*\*53 − 1\)"):
        canonicalize({"n": bad})


def test_it_accepts_the_largest_safe_integers() -> None:
    assert canonicalize([2**53 - 1, -(2**53 - 1)]) == b"[9007199254740991,-9007199254740991]"


@pytest.mark.parametrize("bad", ["\ud800", "a\udfffb"])
def test_it_rejects_lone_surrogates_in_strings_and_keys(bad: str) -> None:
    with pytest.raises(JcsError, match="lone surrogate"):
        canonicalize([bad])
    with pytest.raises(JcsError, match="lone surrogate"):
        canonicalize({bad: 1})


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_it_rejects_nan_and_infinity(bad: float) -> None:
    with pytest.raises(JcsError, match="not a JSON number"):
        canonicalize({"x": bad})


def test_it_rejects_non_string_keys_and_non_json_values() -> None:
    with pytest.raises(JcsError, match="not a string"):
        canonicalize({1: "a"})
    with pytest.raises(JcsError, match="set is not a JSON value"):
        canonicalize({"a": {1, 2}})


def test_it_escapes_control_characters_as_rfc8785_requires() -> None:
    text = "".join(chr(i) for i in range(0x20)) + '"\\/\x7f€'
    assert canonicalize(text) == rfc8785.dumps(text)
    assert canonicalize("\b\t\n\f\r") == b'"\\b\\t\\n\\f\\r"'


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=6), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(json_values)
def test_it_agrees_with_rfc8785_on_arbitrary_json(value: object) -> None:
    assert canonicalize(value) == rfc8785.dumps(value)


@settings(deadline=None, derandomize=True)
@given(st.dictionaries(st.text(max_size=4), st.integers(min_value=0, max_value=9), max_size=8))
def test_canonicalization_ignores_key_insertion_order(value: dict[str, int]) -> None:
    reversed_value = dict(reversed(list(value.items())))
    assert canonicalize(value) == canonicalize(reversed_value)


@settings(deadline=None, derandomize=True)
@given(
    st.dictionaries(
        st.text(
            alphabet=st.sampled_from(["a", "\ue000", "\uffff", "\U00010000", "\U0001f600", "z"]), max_size=3
        ),
        st.integers(0, 3),
        max_size=6,
    )
)
def test_it_agrees_with_rfc8785_on_keys_near_the_surrogate_range(value: dict[str, int]) -> None:
    assert canonicalize(value) == rfc8785.dumps(value)


def test_the_float_path_leaves_its_input_unchanged_and_handles_slot_lookalikes() -> None:
    value = {"a": [1.5, {"b": 2.0}], "c": "x", "d": {"e": "\x00F0\x00"}}
    before = repr(value)
    assert canonicalize(value) == rfc8785.dumps(value)
    assert repr(value) == before


class _Text(str):
    pass


class _Number(int):
    pass


def test_subclasses_of_json_types_are_written_as_their_plain_values() -> None:
    plain = {"a": ["x", 1, {"b": 2.5}], "k": "v"}
    wrapped = {_Text("a"): [_Text("x"), _Number(1), {"b": 2.5}], "k": _Text("v")}
    assert canonicalize(wrapped) == canonicalize(plain) == rfc8785.dumps(plain)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"id": uuid.UUID(int=1)}, "UUID is not a JSON value"),
        ({"a": [Decimal("1.5")]}, "Decimal is not a JSON value"),
        ({"a": {"when": datetime(2026, 1, 1, tzinfo=UTC)}}, "datetime is not a JSON value"),
        ({"a": [[_Colour.RED]]}, "_Colour is not a JSON value"),
        ({"a": orjson.Fragment(b'{"z":1,"a":2}')}, "Fragment is not a JSON value"),
        ({"a": {"b": (1, 2, {3: "x"})}}, "not a string"),
    ],
)
def test_a_non_json_value_anywhere_in_the_tree_is_refused_with_its_path(bad: object, message: str) -> None:
    # orjson itself would write a UUID, an Enum or a Fragment: the type walk must catch them
    with pytest.raises(JcsError, match=message):
        canonicalize(bad)


def test_a_value_that_contains_itself_is_refused_not_looped_over() -> None:
    looped: list[object] = ["a"]
    looped.append({"again": looped})
    with pytest.raises(JcsError, match="nested too deeply or contains itself"):
        canonicalize(looped)


def test_a_float_found_deep_in_a_tuple_still_takes_the_ecmascript_form() -> None:
    value = {"a": ({"b": [5.0, -0.0, 1e16, 2.5]},)}
    assert canonicalize(value) == b'{"a":[{"b":[5,0,10000000000000000,2.5]}]}'


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_nan_is_refused_even_beside_a_float_the_fast_path_could_write(bad: float) -> None:
    # 2.5 alone needs no slot; NaN at the same level must still be refused, never written as null
    with pytest.raises(JcsError, match="not a JSON number"):
        canonicalize({"a": [2.5, bad]})
