"""Multibase, multicodec key headers, base58btc and unpadded base64url.

* Multibase (draft-multiformats-multibase §2, §3.1): we read and write the ``z`` prefix
  (base58btc, Bitcoin alphabet) and ``u`` prefix (base64url without padding).
* Multicodec headers for Multikey (VC Data Integrity 1.0 §2.2.2 "Multikey"; vc-di-eddsa §2.1.1,
  vc-di-ecdsa §2.1.1): the two-byte varint in front of a raw key.
* base64url without padding (RFC 4648 §5, RFC 7515 §2 "Base64url Encoding").

Everything here is pure encoding: no key is interpreted.
"""

from __future__ import annotations

import binascii
from typing import Final

from microcred.crypto.errors import EncodingError, KeyFormatError

__all__ = [
    "ED25519_PRIV",
    "ED25519_PUB",
    "P256_PRIV",
    "P256_PUB",
    "P384_PRIV",
    "P384_PUB",
    "b58decode",
    "b58encode",
    "b64url_decode",
    "b64url_encode",
    "b64url_is_canonical",
    "b64url_spare_bits_are_zero",
    "multibase_decode",
    "multibase_encode",
    "multikey_decode",
    "multikey_encode",
]

# Multicodec headers (unsigned varint of the codec code), multicodec table "key" tag.
ED25519_PUB: Final = b"\xed\x01"  # ed25519-pub 0xed
ED25519_PRIV: Final = b"\x80\x26"  # ed25519-priv 0x1300
P256_PUB: Final = b"\x80\x24"  # p256-pub 0x1200, 33-byte compressed point
P256_PRIV: Final = b"\x86\x26"  # p256-priv 0x1306
P384_PUB: Final = b"\x81\x24"  # p384-pub 0x1201, 49-byte compressed point
P384_PRIV: Final = b"\x87\x26"  # p384-priv 0x1307

_ALPHABET: Final = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Two base58 digits at a time: 58**2 = 3364 pairs. Halves the big-integer divisions.
_PAIRS: Final = [a + b for a in _ALPHABET for b in _ALPHABET]
_B58_STRICT: Final = frozenset(_ALPHABET)


_CHUNK: Final = 58**10  # decoding: ten digits per big-integer step
# Decoding: ASCII byte → its base58 digit value, 0xFF for bytes outside the alphabet.
_DIGIT_OF_BYTE: Final = bytes(_ALPHABET.find(chr(b)) if chr(b) in _B58_STRICT else 0xFF for b in range(256))


def b58encode(data: bytes) -> str:
    """base58btc (Bitcoin alphabet) of ``data``; each leading zero byte becomes a ``1``.

    Plain Python big integers (ADR 0203 addendum: GMP bought under 1 % end to end)."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    n = int.from_bytes(data, "big")
    parts: list[str] = []
    append = parts.append
    pairs = _PAIRS
    while n:
        # 58**4 < 2**30: a one-limb divisor takes CPython's fast single-digit division path
        n, r = divmod(n, 11_316_496)
        high, low = divmod(r, 3364)
        append(pairs[low])
        append(pairs[high])
    text = "".join(reversed(parts)).lstrip("1")
    return "1" * zeros + text


def b58decode(text: str) -> bytes:
    """Bytes of a base58btc string. Raises :class:`EncodingError` on a character outside the alphabet."""
    stripped = text.lstrip("1")
    zeros = len(text) - len(stripped)
    try:  # each character to its digit value in C; anything outside the alphabet becomes 0xFF
        digits = stripped.encode("ascii").translate(_DIGIT_OF_BYTE)
    except UnicodeEncodeError:
        digits = b"\xff"
    if b"\xff" in digits:
        bad = next(c for c in text if c not in _B58_STRICT)
        raise EncodingError(f"{bad!r} is not a base58btc character", where="base58btc")
    head = len(digits) % 10
    n = 0
    for digit in digits[:head]:
        n = n * 58 + digit
    for i in range(head, len(digits), 10):  # ten digits per big-integer step
        a, b, c, d, e, f, g, h, j, k = digits[i : i + 10]
        n = n * _CHUNK + (
            ((((((((a * 58 + b) * 58 + c) * 58 + d) * 58 + e) * 58 + f) * 58 + g) * 58 + h) * 58 + j) * 58 + k
        )
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * zeros + body


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 4648 §5; RFC 7515 §2)."""
    return binascii.b2a_base64(data, newline=False).rstrip(b"=").translate(_TO_URL).decode("ascii")


_TO_URL: Final = bytes.maketrans(b"+/", b"-_")
_FROM_URL: Final = bytes.maketrans(b"-_", b"+/")


def b64url_decode(text: str | bytes) -> bytes:
    """Bytes of unpadded base64url text. Rejects padding, ``+``/``/`` and any other stray character.

    Validation is done in C by :func:`binascii.a2b_base64` in strict mode, after mapping the
    URL alphabet back to the standard one (RFC 4648 §5).
    """
    raw = text.encode("ascii", "replace") if isinstance(text, str) else text
    if b"+" in raw or b"/" in raw or b"=" in raw:
        raise EncodingError("not base64url without padding (found '+', '/' or '=')", where="base64url")
    if len(raw) % 4 == 1:
        raise EncodingError("base64url text has an impossible length", where="base64url")
    try:
        return binascii.a2b_base64(raw.translate(_FROM_URL) + b"=" * (-len(raw) % 4), strict_mode=True)
    except binascii.Error as exc:
        raise EncodingError(f"not base64url: {exc}", where="base64url") from None


_B64URL_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64URL_VALUE: Final = {c: i for i, c in enumerate(_B64URL_ALPHABET)}


def b64url_is_canonical(text: str) -> bool:
    """Whether ``text`` is unpadded base64url that :func:`b64url_decode` reads and that is the one
    encoding of its bytes: the bits of the last character beyond the data are zero (RFC 4648 §3.5,
    RFC 7515 §2). The same answer as ``b64url_encode(b64url_decode(text)) == text`` (``False``
    where decoding fails), without decoding: one scan of the alphabet and a look at the last
    character."""
    # every character in the alphabet: ASCII, and once "-" and "_" are taken out, only ASCII letters
    # and digits (``bytes.isalnum``: a table look-up per byte, cheaper than deleting the alphabet
    # with ``translate`` on a token of a few KB, ADR 0611)
    if not text.isascii():
        return False
    rest = text.encode("ascii").replace(b"-", b"").replace(b"_", b"")
    if rest and not rest.isalnum():
        return False
    return b64url_spare_bits_are_zero(text)


def b64url_spare_bits_are_zero(text: str) -> bool:
    """For ``text`` that :func:`b64url_decode` reads: whether it is the one encoding of its bytes
    (the bits of the last character beyond the data are zero, RFC 4648 §3.5). Only the length
    and the last character are looked at; :func:`b64url_is_canonical` for any text."""
    tail = len(text) % 4
    if tail == 0:
        return True
    if tail == 1:
        return False
    unused = 0b1111 if tail == 2 else 0b11  # 2 chars carry 1 byte (4 spare bits), 3 carry 2 (2 spare)
    return _B64URL_VALUE[text[-1]] & unused == 0


def multibase_encode(data: bytes, *, base: str = "z") -> str:
    """Multibase text of ``data``: ``z`` = base58btc (default) or ``u`` = base64url without padding."""
    if base == "z":
        return "z" + b58encode(data)
    if base == "u":
        return "u" + b64url_encode(data)
    raise EncodingError(f"multibase prefix {base!r} is not supported (use 'z' or 'u')", where="multibase")


def multibase_decode(text: str) -> bytes:
    """Bytes of a ``z`` (base58btc) or ``u`` (base64url) multibase string."""
    if not text:
        raise EncodingError("empty multibase string", where="multibase")
    prefix, body = text[0], text[1:]
    if prefix == "z":
        return b58decode(body)
    if prefix == "u":
        return b64url_decode(body)
    raise EncodingError(
        f"multibase prefix {prefix!r} is not supported (expected 'z' or 'u')", where="multibase"
    )


_KEY_LENGTHS: Final = {
    ED25519_PUB: 32,
    ED25519_PRIV: 32,
    P256_PUB: 33,
    P256_PRIV: 32,
    P384_PUB: 49,
    P384_PRIV: 48,
}


def multikey_encode(header: bytes, key: bytes) -> str:
    """``z`` + base58btc(header ‖ key), the Multikey ``publicKeyMultibase``/``secretKeyMultibase`` form."""
    return "z" + b58encode(header + key)


def multikey_decode(text: str, *, expected: tuple[bytes, ...] | None = None) -> tuple[bytes, bytes]:
    """Split a base58btc Multikey into ``(header, key bytes)``, checking header and length.

    Multikey values MUST use base58btc (VC Data Integrity §2.2.2), so only ``z`` is accepted.
    ``expected`` limits the accepted headers. The 64-byte ``seed ‖ public key`` secret-key form
    printed by the 1EdTech OB 3.0 test vector is accepted for Ed25519 secret keys.
    """
    if not text.startswith("z"):
        raise KeyFormatError("a Multikey must be base58btc multibase (start with 'z')", where="multikey")
    raw = b58decode(text[1:])
    header, key = raw[:2], raw[2:]
    if header not in _KEY_LENGTHS or (expected is not None and header not in expected):
        raise KeyFormatError(f"unexpected multicodec header 0x{header.hex()}", where="multikey")
    length = _KEY_LENGTHS[header]
    if len(key) != length and not (header == ED25519_PRIV and len(key) == 64):
        raise KeyFormatError(
            f"key after multicodec header 0x{header.hex()} has {len(key)} bytes, expected {length}",
            where="multikey",
        )
    return header, key
