"""The one reader of untrusted JSON and JWS text: every limit refused by its code, before any
real work, and real credentials well inside every limit."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from microcred.errors import InputError
from microcred.untrusted_input import (
    MAX_CREDENTIALS,
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    MAX_MEMBERS,
    MAX_PROOFS,
    MAX_STRING_CHARS,
    InputLimitError,
    UntrustedInputError,
    check_counts,
    read_compact_jws,
    read_credential,
    read_credential_file,
    read_json,
    read_vc_api_body,
)
from tests.conftest import ASSETS, EXAMPLES


def nested(levels: int) -> str:
    return '{"a":' * (levels - 1) + "[]" + "}" * (levels - 1)


def b64(data: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def refusal(data: bytes | str) -> UntrustedInputError:
    with pytest.raises(UntrustedInputError) as caught:
        read_json(data, where="test")
    return caught.value


def test_our_credentials_and_the_test_vectors_are_far_inside_every_limit() -> None:
    files = [
        *EXAMPLES.glob("credentials/*.json"),
        *ASSETS.glob("ob3/**/*.json"),
        *ASSETS.glob("vc-di-*/**/*.json"),
    ]
    assert len(files) > 50
    for path in files:
        assert read_json(path.read_bytes(), where=str(path)) == json.loads(path.read_bytes())
    jws = (EXAMPLES / "credentials" / "muni-econometrics.vc-jwt.txt").read_text("utf-8")
    assert read_credential(jws) == jws.strip()


def test_nesting_at_the_limit_is_read_and_one_level_more_is_refused_with_its_path() -> None:
    assert read_json(nested(MAX_DEPTH)) is not None
    error = refusal(nested(MAX_DEPTH + 1))
    assert isinstance(error, InputLimitError)
    assert (error.code, error.limit, error.found) == ("input.too_deep", MAX_DEPTH, MAX_DEPTH + 1)
    assert error.where == "test $" + ".a" * MAX_DEPTH


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_nesting_far_beyond_the_recursion_limit_is_refused_without_recursion_error(opening: str) -> None:
    error = refusal(opening * (sys.getrecursionlimit() * 50))
    assert error.code in {"input.too_deep", "input.not_json"}
    error = refusal(opening * 100_000 + "1" + ("]" if opening == "[" else "}") * 100_000)
    assert error.code == "input.too_deep"


def test_a_document_over_the_size_limit_is_refused_before_it_is_decoded() -> None:
    error = refusal(b"\xff" * (MAX_DOCUMENT_BYTES + 1))  # not UTF-8 either: size is checked first
    assert isinstance(error, InputLimitError)
    assert (error.code, error.limit, error.found) == (
        "input.too_large",
        MAX_DOCUMENT_BYTES,
        MAX_DOCUMENT_BYTES + 1,
    )
    assert refusal("é" * (MAX_DOCUMENT_BYTES // 2 + 1)).code == "input.too_large"  # counted in bytes


def test_a_larger_document_than_a_credential_may_be_allowed_explicitly() -> None:
    registry = json.dumps({"institutions": ["x" * 1000] * 3000})  # ~3 MB, like a large registry
    assert refusal(registry).code == "input.too_large"
    assert len(read_json(registry, max_bytes=8 * 2**20)["institutions"]) == 3000
    with pytest.raises(InputLimitError) as caught:
        read_json(nested(MAX_DEPTH + 1), max_bytes=8 * 2**20)
    assert caught.value.code == "input.too_deep"  # the other limits stay


def test_a_string_over_the_limit_is_refused_with_its_path_and_length() -> None:
    assert read_json(json.dumps({"image": "x" * MAX_STRING_CHARS}))
    error = refusal(json.dumps({"credentialSubject": {"image": "x" * (MAX_STRING_CHARS + 1)}}))
    assert isinstance(error, InputLimitError)
    assert (error.code, error.found, error.where) == (
        "input.string_too_long",
        MAX_STRING_CHARS + 1,
        "test $.credentialSubject.image",
    )
    assert refusal(json.dumps({"k" * (MAX_STRING_CHARS + 1): 1})).code == "input.string_too_long"


@pytest.mark.parametrize("container", ["array", "object"])
def test_too_many_members_in_one_container_are_refused(container: str) -> None:
    items = range(MAX_MEMBERS + 1)
    value = list(items) if container == "array" else {f"k{i}": i for i in items}
    error = refusal(json.dumps({"list": value}))
    assert isinstance(error, InputLimitError)
    assert (error.code, error.found, error.where) == (
        "input.too_many_members",
        MAX_MEMBERS + 1,
        "test $.list",
    )
    assert read_json(json.dumps({"list": list(range(MAX_MEMBERS))}))


@pytest.mark.parametrize(
    "text",
    [
        '"\\ud800"',
        '{"a": "x\\udfff"}',
        '["\\ud83d"]',
        '{"\\udc00": 1}',
        '"\\ud800\\u0041"',
        '"\\ud800\\ud800"',
    ],
)
def test_a_lone_surrogate_escape_is_refused(text: str) -> None:
    assert refusal(text).code == "input.lone_surrogate"


def test_surrogate_pairs_and_an_escaped_backslash_before_u_are_characters() -> None:
    assert read_json('"\\ud83d\\ude00"') == "😀"
    assert read_json('"\\\\ud800"') == "\\ud800"


def test_a_lone_surrogate_in_text_and_bytes_that_are_not_utf8_are_refused() -> None:
    assert refusal('{"a": "\ud800"}').code == "input.lone_surrogate"
    assert refusal(b'{"a": "\xed\xa0\x80"}').code == "input.not_utf8"  # a surrogate encoded in UTF-8
    assert refusal(b'{"a": "\xc3"}').params["byte"] == 7


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", "[-Infinity]", "[1e999]", "1" * 5000, "{", "[1,]", ""])
def test_what_is_not_json_is_refused_as_not_json(text: str) -> None:
    assert refusal(text).code == "input.not_json"


def test_a_byte_order_mark_is_ignored() -> None:
    assert read_json(b"\xef\xbb\xbf{}") == {}


def test_proofs_and_credentials_in_a_presentation_are_counted() -> None:
    proof = {"type": "DataIntegrityProof"}
    check_counts({"proof": [proof] * MAX_PROOFS})
    with pytest.raises(InputLimitError) as caught:
        check_counts({"proof": [proof] * (MAX_PROOFS + 1)}, where="credential")
    assert (caught.value.code, caught.value.where) == ("input.too_many_proofs", "credential.proof")

    credential = {"type": ["VerifiableCredential"]}
    check_counts({"verifiableCredential": [credential] * MAX_CREDENTIALS})
    with pytest.raises(InputLimitError) as caught:
        check_counts({"verifiableCredential": [credential] * (MAX_CREDENTIALS + 1)})
    assert caught.value.code == "input.too_many_credentials"
    with pytest.raises(InputLimitError) as caught:
        check_counts({"verifiableCredential": [credential, {"proof": [proof] * (MAX_PROOFS + 1)}]})
    assert caught.value.where == "$.verifiableCredential[1].proof"


def test_a_vc_api_body_is_an_object_whose_presentation_is_counted() -> None:
    presentation = {"verifiableCredential": [{}] * (MAX_CREDENTIALS + 1)}
    with pytest.raises(InputLimitError) as caught:
        read_vc_api_body(json.dumps({"verifiablePresentation": presentation}).encode())
    assert caught.value.where == "verifiablePresentation.verifiableCredential"
    with pytest.raises(UntrustedInputError) as refused:
        read_vc_api_body(b"[]")
    assert refused.value.code == "input.not_an_object"


def test_an_empty_vc_api_body_is_not_an_object() -> None:
    with pytest.raises(UntrustedInputError) as refused:
        read_vc_api_body(b"")
    assert refused.value.code == "input.not_an_object"


def test_a_jws_payload_is_read_within_the_same_limits() -> None:
    header = b64({"alg": "EdDSA"})
    assert read_compact_jws(f"{header}.{b64({'vc': {}})}.c2ln")[1] == {"alg": "EdDSA"}
    deep = base64.urlsafe_b64encode(nested(MAX_DEPTH + 1).encode()).rstrip(b"=").decode()
    with pytest.raises(InputLimitError) as caught:
        read_credential(f"{header}.{deep}.c2ln", where="vc.jwt")
    assert caught.value.code == "input.too_deep"
    assert caught.value.where.startswith("vc.jwt (JWS payload)")
    surrogate = base64.urlsafe_b64encode(b'{"a":"\\udc00"}').rstrip(b"=").decode()
    with pytest.raises(UntrustedInputError) as refused:
        read_credential(f"{header}.{surrogate}.c2ln")
    assert refused.value.code == "input.lone_surrogate"


def test_text_that_is_neither_json_nor_a_jws_is_refused() -> None:
    with pytest.raises(UntrustedInputError) as refused:
        read_credential("hello.world")
    assert refused.value.code == "input.not_a_credential"
    with pytest.raises(UntrustedInputError) as refused:
        read_credential("[1, 2]")
    assert refused.value.code == "input.not_a_credential"


def test_a_file_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b'{"a": "' + b"x" * (MAX_DOCUMENT_BYTES * 2) + b'"}')
    with pytest.raises(InputLimitError) as caught:
        read_credential_file(big)
    assert caught.value.found == MAX_DOCUMENT_BYTES + 1
    with pytest.raises(InputError) as missing:
        read_credential_file(tmp_path / "missing.json")
    assert "cannot read the file" in str(missing.value)


def test_every_refusal_says_its_code_and_is_an_input_error() -> None:
    error = refusal(nested(MAX_DEPTH + 1))
    assert isinstance(error, InputError)
    assert "[input.too_deep]" in str(error)
    assert "32" in error.message
