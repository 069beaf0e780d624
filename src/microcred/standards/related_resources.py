"""Integrity of related resources: W3C Verifiable Credentials Data Model 2.0 §5.3.

A credential may pin the exact bytes of resources it depends on (its contexts, an image, a
schema) with ``relatedResource``: one or more objects, each with an ``id`` (a URL, unique in the
list, §4.4) and at least one of

* ``digestSRI``: a Subresource Integrity hash-expression (SRI §3.5): ``sha256-``, ``sha384-``
  or ``sha512-`` followed by the base64 (RFC 4648 §4, with padding) of the digest; several may be
  given, separated by white space;
* ``digestMultibase``: VC Data Integrity §2.6, a multibase (``u`` base64url-no-pad or ``z``
  base58btc) string, or a list of them, of a multihash (SHA-2/SHA-3 256/384/512) or of the bare
  digest (32, 48 or 64 bytes: SHA-256/384/512), the form the VCDM 2.0 examples and the W3C test
  suite use.

"If the digest provided by the issuer does not match the digest computed for the retrieved
resource, the conforming verifier implementation MUST produce an error" (§5.3). We never fetch
anything, so the resources we can *retrieve* are the ones we hold: the JSON-LD contexts bundled
with the code (``microcred.jsonld.loader``). For those every digest given is computed and
compared; a resource we do not hold is checked for form only. One rule, used by issuance (the
VC-API refuses to sign a wrong digest) and by verification (the ``format`` check fails).

Two bundled contexts are JSON-equal copies, with other whitespace, of the files W3C serves at
their URLs (``https://www.w3.org/ns/credentials/v2`` and ``…/2018/credentials/v1``): a digest is
taken over bytes, so for those the digests of the published bytes are recorded in
:data:`PUBLISHED_DIGESTS` and accepted beside the digests of our copy.
"""

from __future__ import annotations

import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from microcred.crypto.errors import EncodingError
from microcred.crypto.multibase import multibase_decode
from microcred.jsonld.loader import context_bytes

__all__ = [
    "PUBLISHED_DIGESTS",
    "Digest",
    "related_resource_problems",
]

Problem = tuple[str, str, dict[str, Any]]
"""(machine code, JSON path, params): rendered by :mod:`microcred.standards.vcdm`, which owns
the format problems of a credential and calls :func:`related_resource_problems`."""

#: Digests (hex) of the bytes W3C publishes at a context URL whose bundled copy is JSON-equal but
#: formatted differently. Source: w3c/vc-data-model ``contexts/credentials/v2`` (last changed in
#: commit 08b83e4, 2025-02-24; VCDM 2.0 Appendix B.1 publishes the SHA-256 of this file and says
#: to treat the base context as already retrieved) and
#: ``contexts/credentials/v1`` (commit cd28fa0, 2019-06-30). Copies of both files are in
#: ``tests/assets/w3c-published-contexts/`` and a test recomputes these values from them.
PUBLISHED_DIGESTS: Final[Mapping[str, Mapping[str, str]]] = {
    "https://www.w3.org/ns/credentials/v2": {
        "sha256": "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
        "sha384": "97f1eb8e5042356c805fdd61afa2c557663785e0794dcafa21e138fd38def18c"
        "b360133c221aa31d6896a6bf3e65b614",
        "sha512": "5d55452bd2dcf8a29f5a290473eb242b1c5fb77d4e68f1a0aa87baa4dba26948"
        "52d65ec63d48ac04a99d956f9f7153b9406f84d2d04c74869b02c239a1d81305",
        "sha3_256": "2a8b5cf27989b744186ea1116444575f3a6b429294bc6fe42b72b2534e4c43a5",
        "sha3_384": "e1b6395adb97f7909919c919fa8aeda06b87e3c82a1fb60078f1a77427cd2522"
        "b7dafcb34772087e42cde07a8c812470",
        "sha3_512": "9c2bfd29dd31c2fbf1f4cc9f85c5a77e049a78cda76c970b0e696ce9a8ffecbf"
        "30b538ff4e6f15633ff5b229584f1949b2a2450208528367e6338940dd4fe532",
    },
    "https://www.w3.org/2018/credentials/v1": {
        "sha256": "ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc",
        "sha384": "82c3b3eab863754bbfd2b9f17d8d6db9f61169f301cbf0b05e1fc4beb5f5c51d"
        "d4d2e888c274f49c3fbb2408f61faed1",
        "sha512": "536a40b390dda94a9e39196c00090f62668e8184fe3c8c02c4a22c85666e68bf"
        "6e85d3dc7f2dba85b2b62ef95d97de24132568d8504db43f2c9c82d2e88418d2",
        "sha3_256": "bfc194bd71aba633069880c79378804a315061c733dd5bd900b70d0e67b653a6",
        "sha3_384": "34ffe0d0b67396e5ca0508eb1799a073d7e09f1f6abff905c3ba6bc626c720ac"
        "0f2c3d99ad467dc7533cb4e8e7dd251f",
        "sha3_512": "dedf8578a52f3b3962c65e0615b52fc4210736f8060a8ee5a3f8abae25d26c31"
        "90818b97a8c9eb4c3f8ac6e0b3291616af6d0f7aaa3eb300622c20eb751cc081",
    },
}

#: A URL as VCDM 2.0 §4.4 / §5.3 use it here: a scheme, a colon and no white space.
URL_PATTERN: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
# SRI §3.5 hash-expression: hash-algo "-" base64-value ["?" option-expression]
_SRI: Final = re.compile(r"^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?[\x21-\x7e]*)?$")
_SRI_LENGTHS: Final = {"sha256": 32, "sha384": 48, "sha512": 64}
# Multihash codes (multiformats table) of the digests we can compute, with their lengths.
_MULTIHASH: Final = {
    0x12: ("sha256", 32),
    0x20: ("sha384", 48),
    0x13: ("sha512", 64),
    0x16: ("sha3_256", 32),
    0x15: ("sha3_384", 48),
    0x14: ("sha3_512", 64),
}
_BARE_LENGTHS: Final = {32: "sha256", 48: "sha384", 64: "sha512"}
_SECTION: Final = "VCDM 2.0 §5.3"


@dataclass(frozen=True, slots=True)
class Digest:
    """One digest a credential states: the hashlib algorithm name and the digest bytes."""

    algorithm: str
    value: bytes


class _BadDigest(ValueError):
    """A digest that cannot be read; its text goes into the ``DIGEST_MALFORMED`` params."""


def _sri_digests(value: Any) -> list[Digest]:
    if not isinstance(value, str) or not value.strip():
        raise _BadDigest("must be a Subresource Integrity hash-expression such as sha384-<base64>")
    digests = []
    for expression in value.split():
        match = _SRI.match(expression)
        if match is None:
            raise _BadDigest(
                f"{expression[:80]!r} is not a hash-expression (sha256-, sha384- or sha512- "
                "followed by standard base64, SRI §3.5)"
            )
        algorithm = match.group(1)
        try:
            raw = binascii.a2b_base64(match.group(2).encode("ascii"), strict_mode=True)
        except binascii.Error:
            raise _BadDigest(f"{expression[:80]!r} is not valid base64") from None
        if len(raw) != _SRI_LENGTHS[algorithm]:
            raise _BadDigest(f"a {algorithm} digest has {_SRI_LENGTHS[algorithm]} bytes, not {len(raw)}")
        digests.append(Digest(algorithm, raw))
    return digests


def _multibase_digests(value: Any) -> list[Digest]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise _BadDigest("must be a multibase string or a list of them")
    digests = []
    for item in items:
        if not isinstance(item, str) or not item:
            raise _BadDigest("must be a multibase string (u… base64url or z… base58btc)")
        try:
            raw = multibase_decode(item)
        except EncodingError as exc:
            raise _BadDigest(f"{item[:80]!r} is not multibase: {exc.message}") from None
        if len(raw) >= 2 and raw[0] in _MULTIHASH and raw[1] == _MULTIHASH[raw[0]][1] == len(raw) - 2:
            digests.append(Digest(_MULTIHASH[raw[0]][0], raw[2:]))
        elif len(raw) in _BARE_LENGTHS:
            digests.append(Digest(_BARE_LENGTHS[len(raw)], raw))
        else:
            raise _BadDigest(
                f"{item[:80]!r} is neither a SHA-2/SHA-3 multihash nor a 32-, 48- or 64-byte digest"
            )
    return digests


def _matches(url: str, held: bytes, digest: Digest) -> bool:
    if hashlib.new(digest.algorithm, held).digest() == digest.value:
        return True
    published = PUBLISHED_DIGESTS.get(url, {}).get(digest.algorithm)
    return published is not None and bytes.fromhex(published) == digest.value


def related_resource_problems(document: Mapping[str, Any]) -> list[Problem]:
    """Every VCDM 2.0 §5.3 problem of ``document["relatedResource"]`` as (code, JSON path, params).

    Empty when the property is absent or right. A digest of a resource we hold that does not
    match its bytes is a problem; other resources are checked for form only (never fetched).
    """
    if "relatedResource" not in document:
        return []
    value = document["relatedResource"]
    items = value if isinstance(value, list) else [value]
    if not items:
        return [("EMPTY_LIST", "$.relatedResource", {})]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        here = f"$.relatedResource[{i}]" if isinstance(value, list) else "$.relatedResource"
        if not isinstance(item, Mapping):
            problems.append(("NOT_AN_OBJECT_HERE", here, {}))
            continue
        url = item.get("id")
        if not isinstance(url, str) or not URL_PATTERN.match(url):
            problems.append(("NOT_A_URL", f"{here}.id", {"section": _SECTION}))
            url = None
        elif url in seen:
            problems.append(("DUPLICATE_ID", f"{here}.id", {"id": url, "section": _SECTION}))
        else:
            seen[url] = i
        if "digestSRI" not in item and "digestMultibase" not in item:
            problems.append(("DIGEST_REQUIRED", here, {"section": _SECTION}))
            continue
        if "mediaType" in item and not isinstance(item["mediaType"], str):
            problems.append(("MEDIA_TYPE", f"{here}.mediaType", {"section": _SECTION}))
        held = context_bytes(url) if url is not None else None
        for name, parse in (("digestSRI", _sri_digests), ("digestMultibase", _multibase_digests)):
            if name not in item:
                continue
            try:
                digests = parse(item[name])
            except _BadDigest as exc:
                problems.append(("DIGEST_MALFORMED", f"{here}.{name}", {"detail": str(exc)}))
                continue
            if held is None or url is None:
                continue
            wrong = [d.algorithm for d in digests if not _matches(url, held, d)]
            if wrong:
                problems.append(
                    ("DIGEST_MISMATCH", f"{here}.{name}", {"algorithms": ", ".join(wrong), "url": url})
                )
    return problems
