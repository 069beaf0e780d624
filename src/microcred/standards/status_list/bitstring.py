"""The bitstring of W3C Bitstring Status List v1.0 (§2.2 "BitstringStatusListCredential", §3.3
"Bitstring Generation Algorithm", §3.4 "Bitstring Expansion Algorithm").

* At least 131,072 bits (16 KB) uncompressed (§2.2 ``encodedList``; §3.3; herd privacy, §6).
* Entry ``i`` occupies bits ``i × statusSize … i × statusSize + statusSize − 1``; bit 0 is the
  left-most, most significant bit of byte 0 (§3.3).
* ``encodedList`` = multibase ``u`` + base64url without padding of the GZIP-compressed bits
  (§2.2, §3.3; RFC 1952).
"""

from __future__ import annotations

import gzip
from typing import Final

from microcred.crypto.errors import EncodingError
from microcred.crypto.multibase import b64url_decode, b64url_encode
from microcred.standards.status_list.errors import StatusListError
from microcred.untrusted_input import GZIP, InputLimitError, UntrustedInputError, inflate

__all__ = ["MAX_LIST_BYTES", "MIN_LIST_BITS", "Bitstring"]

MIN_LIST_BITS: Final = 131_072
# A decompression cap: 16 MiB of status bits (134 million 1-bit entries) is far beyond any list we
# publish, and keeps a hostile ``encodedList`` (a gzip bomb) from exhausting memory.
MAX_LIST_BYTES: Final = 16 * 1024 * 1024


class Bitstring:
    """A mutable list of ``length`` statuses of ``status_size`` bits each."""

    __slots__ = ("_bits", "_length", "_status_size")

    def __init__(self, length: int = MIN_LIST_BITS, *, status_size: int = 1) -> None:
        if status_size < 1:
            raise StatusListError(
                "statusSize must be at least 1", where="statusSize", code="STATUS_LIST_LENGTH_ERROR"
            )
        if length * status_size < MIN_LIST_BITS:
            raise StatusListError(
                f"a status list needs at least {MIN_LIST_BITS} bits (16 KB); "
                f"{length} entries of {status_size} bit(s) are {length * status_size}",
                where="length",
                code="STATUS_LIST_LENGTH_ERROR",
            )
        total_bits = length * status_size
        self._bits = bytearray((total_bits + 7) // 8)
        self._length = length
        self._status_size = status_size

    @property
    def length(self) -> int:
        """Number of entries (not bits)."""
        return self._length

    @property
    def status_size(self) -> int:
        return self._status_size

    def to_bytes(self) -> bytes:
        return bytes(self._bits)

    def _position(self, index: int) -> int:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < self._length:
            raise StatusListError(
                f"index {index!r} is outside the list (0 … {self._length - 1})",
                where="statusListIndex",
                code="RANGE_ERROR",
            )
        return index * self._status_size

    def get(self, index: int) -> int:
        """The status value of entry ``index`` (§3.2, §3.4: bits read most significant first)."""
        position = self._position(index)
        value = 0
        bits = self._bits
        for bit in range(position, position + self._status_size):
            value = (value << 1) | ((bits[bit >> 3] >> (7 - (bit & 7))) & 1)
        return value

    def set(self, index: int, value: int) -> None:
        """Set entry ``index`` to ``value`` (0 … 2**statusSize − 1)."""
        position = self._position(index)
        size = self._status_size
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, int) or not 0 <= value < (1 << size):
            raise StatusListError(
                f"status value {value!r} does not fit in {size} bit(s)", where="status", code="RANGE_ERROR"
            )
        bits = self._bits
        for offset in range(size):
            bit = position + offset
            mask = 1 << (7 - (bit & 7))
            if (value >> (size - 1 - offset)) & 1:
                bits[bit >> 3] |= mask
            else:
                bits[bit >> 3] &= ~mask & 0xFF

    def encode(self) -> str:
        """``encodedList``: ``u`` + base64url(GZIP(bits)) without padding (§3.3).

        The GZIP header carries no timestamp, so the same bits always encode the same way.
        """
        return "u" + b64url_encode(gzip.compress(bytes(self._bits), compresslevel=9, mtime=0))

    @classmethod
    def decode(cls, encoded_list: str, *, status_size: int = 1) -> Bitstring:
        """Expand an ``encodedList`` (§3.4). Raises :class:`StatusListError`:
        STATUS_LIST_LENGTH_ERROR when fewer than 131,072 bits, STATUS_VERIFICATION_ERROR when
        the text is not ``u``-multibase base64url of GZIP data.
        """
        if not isinstance(encoded_list, str) or not encoded_list.startswith("u"):
            raise StatusListError(
                "encodedList must be multibase base64url (start with 'u')",
                where="encodedList",
                code="STATUS_VERIFICATION_ERROR",
            )
        try:
            compressed = b64url_decode(encoded_list[1:])
        except EncodingError as exc:
            raise StatusListError(
                f"encodedList: {exc.message}", where="encodedList", code="STATUS_VERIFICATION_ERROR"
            ) from None
        try:  # the core's bounded inflate (ADR 0608): a gzip bomb stops at the cap
            raw = inflate(compressed, wbits=GZIP, limit=MAX_LIST_BYTES, where="encodedList")
        except InputLimitError:
            raise StatusListError(
                f"encodedList expands beyond {MAX_LIST_BYTES} bytes",
                where="encodedList",
                code="STATUS_LIST_LENGTH_ERROR",
            ) from None
        except UntrustedInputError as exc:
            raise StatusListError(
                f"encodedList is not complete GZIP data ({exc.message})",
                where="encodedList",
                code="STATUS_VERIFICATION_ERROR",
            ) from None
        if status_size < 1:
            raise StatusListError(
                "statusSize must be at least 1", where="statusSize", code="STATUS_VERIFICATION_ERROR"
            )
        bits = len(raw) * 8
        if bits < MIN_LIST_BITS:
            raise StatusListError(
                f"the status list has {bits} bits; at least {MIN_LIST_BITS} are required",
                where="encodedList",
                code="STATUS_LIST_LENGTH_ERROR",
            )
        out = cls.__new__(cls)
        out._bits = bytearray(raw)
        out._length = bits // status_size
        out._status_size = status_size
        return out

    def __repr__(self) -> str:
        return f"Bitstring(length={self._length}, status_size={self._status_size})"
