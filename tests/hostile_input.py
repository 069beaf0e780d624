"""What an attacker sends to a reader of credentials, as hypothesis strategies shared by the CLI
and web fuzz tests: nesting far past every limit, lone surrogates (escaped and raw), bytes that are
not UTF-8, huge strings and numbers, dates outside 0001-9999, truncated and random JSON, and all of
these spliced into a real signed credential so that the input travels past the reader."""

from __future__ import annotations

import base64
import json
from typing import Any

from hypothesis import strategies as st

from tests.conftest import EXAMPLES

SIGNED = json.loads((EXAMPLES / "credentials" / "muni-econometrics.eddsa-rdfc-2022.json").read_text("utf-8"))
JWS = (EXAMPLES / "credentials" / "muni-econometrics.vc-jwt.txt").read_text("utf-8").strip()
SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff", "\ud83d")
BAD_DATES = (
    "10000-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "2026-02-30T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "99999999999999999999-01-01T00:00:00Z",
)


def deep(levels: int, opening: str = "[") -> str:
    closing = {"[": "]", '{"a":': "}"}[opening]
    return opening * levels + "1" + closing * levels


texts = st.one_of(
    st.text(max_size=20),
    st.lists(st.sampled_from(SURROGATES) | st.text(max_size=3), min_size=1, max_size=4).map("".join),
    st.sampled_from(BAD_DATES),
    st.sampled_from(["", "x" * 300_000, "did:key:" + "z" * 70_000]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)

# The members of a credential worth replacing (each read by some check) and where they sit.
PLACES: tuple[tuple[str, ...], ...] = (
    ("validFrom",),
    ("validUntil",),
    ("issuer",),
    ("issuer", "id"),
    ("credentialSubject",),
    ("credentialSubject", "achievement"),
    ("credentialSubject", "identifier"),
    ("credentialStatus",),
    ("proof",),
    ("proof", "created"),
    ("proof", "proofValue"),
    ("proof", "verificationMethod"),
    ("@context",),
    ("type",),
    ("name",),
    ("id",),
)


def _serialise(value: Any, raw: bool) -> bytes:
    """JSON with surrogates as ``\\udXXX`` escapes, or (``raw``) encoded as bytes UTF-8 forbids."""
    if raw:
        return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return json.dumps(value).encode("ascii")


@st.composite
def spliced(draw: st.DrawFn) -> Any:
    """The signed credential with one member replaced by a hostile value."""
    document = json.loads(json.dumps(SIGNED))
    place = draw(st.sampled_from(PLACES))
    target = document
    for key in place[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[place[-1]] = draw(
        values | st.sampled_from(BAD_DATES) | st.builds(lambda n: json.loads(deep(n)), st.integers(30, 200))
    )
    return document


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """One hostile document, as bytes."""
    kind = draw(st.sampled_from(["spliced", "value", "deep", "truncated", "bytes", "big"]))
    if kind == "spliced":
        return _serialise(draw(spliced()), raw=draw(st.booleans()))
    if kind == "value":
        return _serialise(draw(values), raw=draw(st.booleans()))
    if kind == "deep":
        levels = draw(st.sampled_from([33, 999, 1_001, 5_000, 200_000]))
        return deep(levels, draw(st.sampled_from(["[", '{"a":']))).encode()
    if kind == "truncated":
        text = json.dumps(SIGNED).encode()
        return text[: draw(st.integers(0, len(text)))]
    if kind == "bytes":
        return draw(st.binary(max_size=64))
    return draw(
        st.sampled_from([b"[" + b"1," * 20_000 + b"1]", b"1" * 10_000, b'"' + b"x" * 3_000_000 + b'"'])
    )


@st.composite
def jws_texts(draw: st.DrawFn) -> bytes:
    """A compact JWS whose header or payload is hostile."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header, payload, signature = JWS.split(".")
    hostile = part(draw(documents()))
    return ".".join(
        [hostile, payload, signature] if draw(st.booleans()) else [header, hostile, signature]
    ).encode()


hostile = documents() | jws_texts()
