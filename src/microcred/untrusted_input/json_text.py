"""Read JSON and compact JWS text from outside, inside the limits, without recursion blowing up.

The order matters: the size first (on the bytes, before decoding), then UTF-8, then the C parser
(linear, its recursion guarded), then one walk over the parsed value without recursion that bounds
nesting depth, members per object or array and string length, and refuses lone surrogates
(``\\ud800`` escapes; I-JSON, RFC 7493 §2.1) and numbers that are not finite (§2.2). Only then
does anything that recurses (JSON-LD expansion, RDF canonicalization, JCS) see the value.
Duplicate member names keep the last one, as ``json.loads`` always did here (ADR 0608).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from microcred.crypto.errors import EncodingError
from microcred.crypto.multibase import b64url_decode
from microcred.untrusted_input.limits import (
    MAX_CREDENTIALS,
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    MAX_MEMBERS,
    MAX_PROOFS,
    MAX_STRING_CHARS,
    InputLimitError,
    UntrustedInputError,
)

_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_NAME: Final = re.compile(r"[A-Za-z_@$][A-Za-z0-9_@$-]*")
_COMPACT_JWS: Final = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")

# A trail to a value: (trail of the container, member name or index), None at the top.
_Trail = tuple[Any, str | int] | None


def _path(trail: _Trail, where: str) -> str:
    """``$.credentialSubject.achievement[0].name`` (JSONPath, RFC 9535 normalized-ish)."""
    parts: list[str] = []
    while trail is not None:
        trail, key = trail
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif _NAME.fullmatch(key):
            parts.append(f".{key}")
        else:
            parts.append(f"[{json.dumps(key, ensure_ascii=True)}]")
    path = "$" + "".join(reversed(parts))
    return f"{where} {path}" if where else path


def _text_of(data: bytes | str, where: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """The text, within the size limit, valid UTF-8 (bytes) or free of lone surrogates (str)."""
    if isinstance(data, str):
        if len(data) > max_bytes:  # at least that many bytes: no need to encode to know
            raise _too_large(len(data.encode("utf-8", "surrogatepass")), where, max_bytes)
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError as exc:
            raise UntrustedInputError(
                "input.lone_surrogate",
                f"a lone surrogate (U+{ord(data[exc.start]):04X}) is not a character (character {exc.start})",
                where=where,
                character=exc.start,
            ) from None
        if size > max_bytes:
            raise _too_large(size, where, max_bytes)
        text = data
    else:
        if len(data) > max_bytes:
            raise _too_large(len(data), where, max_bytes)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UntrustedInputError(
                "input.not_utf8", f"not UTF-8 text (byte {exc.start})", where=where, byte=exc.start
            ) from None
    return text[1:] if text.startswith("\ufeff") else text  # a byte order mark (RFC 8259 §8.1)


def _too_large(size: int, where: str, limit: int) -> InputLimitError:
    return InputLimitError(
        "input.too_large",
        f"{size} bytes is more than the limit of {limit} bytes",
        limit=limit,
        found=size,
        where=where,
    )


def _string_problem(value: str, trail: _Trail, where: str, surrogates: bool) -> None:
    if len(value) > MAX_STRING_CHARS:
        raise InputLimitError(
            "input.string_too_long",
            f"a string of {len(value)} characters is longer than the limit of {MAX_STRING_CHARS}",
            limit=MAX_STRING_CHARS,
            found=len(value),
            where=_path(trail, where),
        )
    if surrogates:
        lone = _SURROGATE.search(value)
        if lone is not None:
            raise UntrustedInputError(
                "input.lone_surrogate",
                f"a lone surrogate (\\u{ord(lone.group()):04x}) is not a character",
                where=_path(trail, where),
            )


def check_value(value: Any, *, where: str = "", surrogates: bool = True) -> None:
    """Nesting depth, members per object or array, string length and lone surrogates of a parsed
    JSON value, walked without recursion; the error names the JSON path of what broke a limit."""
    stack: list[tuple[Any, int, _Trail]] = [(value, 1, None)]
    if isinstance(value, str):
        _string_problem(value, None, where, surrogates)
        return
    while stack:
        node, depth, trail = stack.pop()
        if type(node) is not dict and type(node) is not list:
            continue
        if depth > MAX_DEPTH:
            raise InputLimitError(
                "input.too_deep",
                f"nested deeper than the limit of {MAX_DEPTH} levels",
                limit=MAX_DEPTH,
                found=depth,
                where=_path(trail, where),
            )
        if len(node) > MAX_MEMBERS:
            raise InputLimitError(
                "input.too_many_members",
                f"{len(node)} members are more than the limit of {MAX_MEMBERS}",
                limit=MAX_MEMBERS,
                found=len(node),
                where=_path(trail, where),
            )
        members = node.items() if type(node) is dict else enumerate(node)
        for key, item in members:
            if type(key) is str and (len(key) > MAX_STRING_CHARS or surrogates):
                _string_problem(key, (trail, key), where, surrogates)
            kind = type(item)
            if kind is str:
                if len(item) > MAX_STRING_CHARS or surrogates:
                    _string_problem(item, (trail, key), where, surrogates)
            elif kind is dict or kind is list:
                stack.append((item, depth + 1, (trail, key)))


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is too large")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_json(
    data: bytes | str, *, where: str = "", exact_decimals: bool = False, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Any:
    """Parse untrusted JSON within the limits; :class:`UntrustedInputError` names what is wrong.

    The C parser guards its own recursion (a ``RecursionError`` near 1,000 levels, caught here),
    so a deep document costs one linear pass; what it returns is then walked without recursion
    (:func:`check_value`) before anything that recurses (JSON-LD, canonicalization) sees it.
    With ``exact_decimals`` a number with a fraction or an exponent stays the text it was
    written as (for ``Decimal``), never a float. ``max_bytes`` lowers or raises the size limit for
    a document that is not a credential (a trust registry, a batch); the other limits stay.
    """
    text = _text_of(data, where, max_bytes)
    try:
        value = json.loads(text, parse_float=str if exact_decimals else _finite, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise UntrustedInputError(
            "input.not_json",
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            where=where,
            detail=exc.msg,
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise InputLimitError(
            "input.too_deep",
            f"nested deeper than the limit of {MAX_DEPTH} levels",
            limit=MAX_DEPTH,
            where=where,
        ) from None
    except ValueError as exc:  # NaN, 1e999, a 5,000-digit integer
        raise UntrustedInputError(
            "input.not_json", f"not valid JSON: {exc}", where=where, detail=str(exc)
        ) from None
    check_value(value, where=where, surrogates=_SURROGATE_ESCAPE.search(text) is not None)
    return value


def read_json_object(data: bytes | str, *, where: str = "", what: str = "the document") -> dict[str, Any]:
    """:func:`read_json` of a text that must hold one JSON object."""
    value = read_json(data, where=where)
    if not isinstance(value, dict):
        raise UntrustedInputError("input.not_an_object", f"{what} must be a JSON object", where=where)
    return value


def _read_at_most(path: str | Path, max_bytes: int) -> bytes:
    """A file's bytes, one more than ``max_bytes`` at most, so an oversized file is never read whole."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise UntrustedInputError(
            "input.unreadable", f"cannot read the file: {exc.strerror}", where=str(path)
        ) from None


def read_json_file(path: str | Path, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Any:
    """:func:`read_json` of a file, reading no more than the size limit allows."""
    return read_json(_read_at_most(path, max_bytes), where=str(path), max_bytes=max_bytes)


def _b64url(segment: str, where: str) -> bytes:
    try:
        return b64url_decode(segment)
    except EncodingError as exc:
        raise UntrustedInputError(
            "input.not_jws", f"a JWS part is not base64url: {exc.message}", where=where
        ) from None


def read_compact_jws(data: bytes | str, *, where: str = "") -> tuple[str, dict[str, Any], Any]:
    """A compact JWS (RFC 7515 §7.1) as (its text, the protected header, the JSON payload), each
    part read within the limits. The signature is not checked here."""
    text = _text_of(data, where).strip()
    if not _COMPACT_JWS.fullmatch(text):
        raise UntrustedInputError(
            "input.not_jws", "not a compact JWS (three base64url parts joined by dots)", where=where
        )
    header_part, payload_part, _signature = text.split(".")
    header = read_json_object(
        _b64url(header_part, where), where=f"{where} (JWS header)".strip(), what="a JWS header"
    )
    payload = read_json(_b64url(payload_part, where), where=f"{where} (JWS payload)".strip())
    check_counts(payload.get("vc") if isinstance(payload, dict) and "vc" in payload else payload, where=where)
    return text, header, payload


def looks_like_compact_jws(text: str) -> bool:
    """Three base64url parts joined by dots and nothing else."""
    return _COMPACT_JWS.fullmatch(text.strip()) is not None


def read_credential(data: bytes | str, *, where: str = "") -> dict[str, Any] | str:
    """A credential or presentation from outside: a JSON object (returned parsed) or a compact
    JWS such as a ``vc+jwt`` (returned as its text, its parts already read within the limits)."""
    text = _text_of(data, where).strip()
    if text.startswith("{"):
        document = read_json_object(text, where=where, what="a credential")
        check_counts(document, where=where)
        return document
    if looks_like_compact_jws(text):
        return read_compact_jws(text, where=where)[0]
    raise UntrustedInputError(
        "input.not_a_credential", "neither a JSON credential nor a compact JWS (vc+jwt)", where=where
    )


def read_credential_file(path: str | Path) -> dict[str, Any] | str:
    """:func:`read_credential` of a file, reading no more than the size limit allows."""
    return read_credential(_read_at_most(path, MAX_DOCUMENT_BYTES), where=str(path))


def _count(value: object, limit: int, code: str, noun: str, where: str) -> None:
    found = len(value) if isinstance(value, list) else 0
    if found > limit:
        raise InputLimitError(
            code, f"{found} {noun} are more than the limit of {limit}", limit=limit, found=found, where=where
        )


def check_counts(document: object, *, where: str = "") -> None:
    """The proofs of a credential or presentation (VC Data Integrity §2.1 proof sets and chains)
    and the credentials of a presentation (VCDM 2.0 §4.13), within their limits."""
    if not isinstance(document, Mapping):
        return
    prefix = where or "$"
    _count(document.get("proof"), MAX_PROOFS, "input.too_many_proofs", "proofs", f"{prefix}.proof")
    held = document.get("verifiableCredential")
    _count(
        held, MAX_CREDENTIALS, "input.too_many_credentials", "credentials", f"{prefix}.verifiableCredential"
    )
    for i, credential in enumerate(held if isinstance(held, list) else [held]):
        if isinstance(credential, Mapping):
            _count(
                credential.get("proof"),
                MAX_PROOFS,
                "input.too_many_proofs",
                "proofs",
                f"{prefix}.verifiableCredential[{i}].proof",
            )


#: The members of a VC-API request body that hold a credential or a presentation (VC-API §3.2-3.4).
VC_API_MEMBERS: Final = ("credential", "verifiableCredential", "verifiablePresentation")


def read_vc_api_body(data: bytes | str) -> dict[str, Any]:
    """A VC-API request body: a JSON object within the limits, whose credential or presentation
    carries no more proofs and credentials than allowed."""
    body = read_json_object(data or b"null", where="body", what="the request body")
    for name in VC_API_MEMBERS:
        check_counts(body.get(name), where=name)
    return body
