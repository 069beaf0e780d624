"""The files embedded in a PDF (ISO 32000-1 §7.11.4 "Embedded file streams"), read from bytes that
someone outside sends us, without a PDF library.

Only what finding an attachment needs is read: each indirect object whose dictionary says
``/Type /EmbeddedFile`` (§7.11.4, Table 44), its ``/Length`` and ``/Filter``, and its stream,
inflated through the bounded :func:`~microcred.untrusted_input.inflate` (``FlateDecode``, §7.4.4)
or taken as it is (no filter). A stream is never inside an object stream (§7.5.7), so its
dictionary is always in the clear, even in a PDF whose other objects are compressed. Nothing
else of the document is interpreted: no page, no font, no cross-reference table (a damaged table
does not matter), no JavaScript.

Limits: the file's size, the number of embedded files, the nesting and length of a dictionary,
the inflated size of each stream. An encrypted PDF (a trailer ``/Encrypt``, §7.6) is refused:
its streams cannot be read without the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from microcred.untrusted_input.compressed import inflate
from microcred.untrusted_input.limits import (
    MAX_CONTAINER_BYTES,
    MAX_DOCUMENT_BYTES,
    MAX_PDF_ATTACHMENTS,
    InputLimitError,
    UntrustedInputError,
)

PDF_MAGIC: Final = b"%PDF-"
_OBJECT: Final = re.compile(rb"(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b")
_EMBEDDED: Final = re.compile(rb"/Type[ \t\r\n\f\x00]*/EmbeddedFile(?![A-Za-z0-9#._-])")
_ENCRYPT: Final = re.compile(rb"/Encrypt[ \t\r\n\f\x00]*(?:\d|<<)")
_WHITE: Final = b" \t\r\n\f\x00"
_DELIMITERS: Final = b"()<>[]{}/%"
_MAX_DICT_BYTES: Final = 64 * 1024
_MAX_NESTING: Final = 16


@dataclass(frozen=True, slots=True)
class EmbeddedFile:
    """One embedded file stream: where its object is, its ``/Subtype`` (a MIME type, §7.11.4) and
    its decoded bytes."""

    object_number: int
    subtype: str
    content: bytes


def _malformed(message: str, where: str) -> UntrustedInputError:
    return UntrustedInputError("input.pdf_malformed", message, where=where)


class _Reader:
    """A bounded reader of the PDF object syntax (§7.3) inside one dictionary: names, numbers,
    strings, arrays, dictionaries and references; values are kept only for the top level."""

    def __init__(self, data: bytes, at: int, where: str) -> None:
        self.data, self.at, self.where = data, at, where
        self.end = min(len(data), at + _MAX_DICT_BYTES)

    def _skip(self) -> None:
        data = self.data
        while self.at < self.end:
            c = data[self.at]
            if c in _WHITE:
                self.at += 1
            elif c == 0x25:  # % comment to the end of the line
                while self.at < self.end and data[self.at] not in b"\r\n":
                    self.at += 1
            else:
                return

    def _peek(self, n: int = 1) -> bytes:
        self._skip()
        if self.at >= self.end:
            raise _malformed("a dictionary is cut short or too long", self.where)
        return self.data[self.at : self.at + n]

    def _token(self) -> bytes:
        start = self.at
        while self.at < self.end and self.data[self.at] not in _WHITE + _DELIMITERS:
            self.at += 1
        return self.data[start : self.at]

    def value(self, depth: int = 0) -> object:
        if depth > _MAX_NESTING:
            raise InputLimitError(
                "input.too_deep",
                f"a PDF dictionary is nested deeper than {_MAX_NESTING} levels",
                limit=_MAX_NESTING,
                where=self.where,
            )
        head = self._peek(2)
        if head == b"<<":
            return self.dictionary(depth + 1)
        if head[:1] == b"<":
            close = self.data.find(b">", self.at, self.end)
            if close < 0:
                raise _malformed("a hex string is not closed", self.where)
            self.at = close + 1
            return b""
        if head[:1] == b"(":
            return self._string()
        if head[:1] == b"[":
            self.at += 1
            items = []
            while self._peek() != b"]":
                items.append(self.value(depth + 1))
            self.at += 1
            return items
        if head[:1] == b"/":
            self.at += 1
            return ("name", _name(self._token()))
        token = self._token()
        if not token:
            raise _malformed(f"unexpected {head[:1]!r} in a dictionary", self.where)
        if token.isdigit():  # an integer, or the start of a reference "n g R"
            saved = self.at
            self._skip()
            generation = self._token()
            self._skip()
            if generation.isdigit() and self.data[self.at : self.at + 1] == b"R":
                self.at += 1
                return ("ref", int(token))
            self.at = saved
            return int(token)
        return token

    def _string(self) -> bytes:
        """A literal string (§7.3.4.2): balanced parentheses, backslash escapes."""
        depth = 0
        data = self.data
        while self.at < self.end:
            c = data[self.at]
            self.at += 1
            if c == 0x5C:
                self.at += 1
            elif c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    return b""
        raise _malformed("a string is not closed", self.where)

    def dictionary(self, depth: int) -> dict[str, object]:
        self.at += 2
        out: dict[str, object] = {}
        while self._peek(2) != b">>":
            key = self.value(depth)
            if not (isinstance(key, tuple) and key[0] == "name"):
                raise _malformed("a dictionary key is not a name", self.where)
            out[str(key[1])] = self.value(depth)
        self.at += 2
        return out


def _name(raw: bytes) -> str:
    """A name with its ``#xx`` escapes decoded (§7.3.5)."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def _object_before(data: bytes, at: int) -> re.Match[bytes] | None:
    """The ``n g obj`` header that opens the object holding byte ``at``: the last one before it."""
    window = max(0, at - _MAX_DICT_BYTES)
    last = None
    for match in _OBJECT.finditer(data, window, at):
        last = match
    return last


def _stream_start(data: bytes, at: int, where: str) -> int:
    """The first byte of a stream's data: after ``stream`` and its end of line (§7.3.8.1)."""
    while at < len(data) and data[at] in _WHITE:
        at += 1
    if not data.startswith(b"stream", at):
        raise _malformed("an embedded file object has no stream", where)
    at += len(b"stream")
    if data.startswith(b"\r\n", at):
        return at + 2
    if data.startswith(b"\n", at) or data.startswith(b"\r", at):
        return at + 1
    raise _malformed("the stream keyword is not followed by an end of line", where)


def embedded_files(data: bytes, *, where: str = "") -> list[EmbeddedFile]:
    """Every embedded file stream of a PDF, decoded, within the limits."""
    if len(data) > MAX_CONTAINER_BYTES:
        raise InputLimitError(
            "input.file_too_large",
            f"{len(data)} bytes is more than the limit of {MAX_CONTAINER_BYTES} bytes for a file",
            limit=MAX_CONTAINER_BYTES,
            found=len(data),
            where=where,
        )
    if not data[:1024].lstrip().startswith(PDF_MAGIC):
        raise _malformed("not a PDF (no %PDF- header)", where)
    if _ENCRYPT.search(data):
        raise UntrustedInputError("input.pdf_encrypted", "the PDF is encrypted", where=where)
    found: list[EmbeddedFile] = []
    seen: set[int] = set()
    for marker in _EMBEDDED.finditer(data):
        header = _object_before(data, marker.start())
        if header is None or header.start() in seen:
            continue
        seen.add(header.start())
        if len(found) >= MAX_PDF_ATTACHMENTS:
            raise InputLimitError(
                "input.pdf_too_many_attachments",
                f"the PDF embeds more than the limit of {MAX_PDF_ATTACHMENTS} files",
                limit=MAX_PDF_ATTACHMENTS,
                where=where,
            )
        number = int(header.group(1))
        here = f"{where} (object {number})".strip()
        reader = _Reader(data, header.end(), here)
        if reader._peek(2) != b"<<":
            continue
        dictionary = reader.dictionary(1)
        if dictionary.get("Type") != ("name", "EmbeddedFile"):
            continue  # the marker was inside another object's data or a nested dictionary
        start = _stream_start(data, reader.at, here)
        length = dictionary.get("Length")
        if isinstance(length, int):
            end = start + length
            if end > len(data) or b"endstream" not in data[end : end + 32]:
                raise _malformed(f"the stream's /Length {length} does not end at endstream", here)
        else:  # an indirect /Length: the stream ends at the next endstream
            end = data.find(b"endstream", start)
            if end < 0:
                raise _malformed("the stream has no endstream", here)
            end = len(data[start:end].rstrip(b"\r\n")) + start
        raw = data[start:end]
        found.append(EmbeddedFile(number, _subtype(dictionary), _decode(raw, dictionary.get("Filter"), here)))
    return found


def _subtype(dictionary: dict[str, object]) -> str:
    subtype = dictionary.get("Subtype")
    return str(subtype[1]) if isinstance(subtype, tuple) and subtype[0] == "name" else ""


def _decode(raw: bytes, filters: object, where: str) -> bytes:
    """The stream's bytes through its filters: ``FlateDecode`` (bounded) or none (§7.4)."""
    chain = filters if isinstance(filters, list) else [] if filters is None else [filters]
    for step in chain:
        if step != ("name", "FlateDecode"):
            shown = step[1] if isinstance(step, tuple) else repr(step)
            raise UntrustedInputError(
                "input.pdf_unsupported_filter",
                f"an embedded file compressed with {shown}; only FlateDecode is read",
                where=where,
                filter=str(shown),
            )
        raw = inflate(raw, limit=MAX_DOCUMENT_BYTES, where=where)
    return raw
