"""Baked badges: a signed credential inside a PNG or SVG image (OB 3.0 §5.3 "Baked Badges").

Baking (writing) and extracting (reading) for both image formats:

* PNG (OB 3.0 §5.3.1): one ``iTXt`` chunk (PNG 1.2 §11.3.4.5, ISO/IEC 15948 §11.3.3.5) with the
  keyword ``openbadgecredential``, uncompressed; its text is the credential's JSON (an embedded
  proof) or its compact JWS (VC-JWT). Baking replaces any chunk with that keyword (§5.3.1.1 lets
  the implementer choose; one chunk MUST be the result).
* SVG (OB 3.0 §5.3.2): ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`` on the root
  ``<svg>`` and, directly after it, one ``<openbadges:credential>`` element: the compact JWS in
  its ``verify`` attribute, or the JSON in its body wrapped in ``CDATA``.

Extracting reads what someone outside sends us (ADR 0608, ADR 1302): the image's size first,
then every PNG chunk's length and CRC, a bounded number of chunks, compressed text through the
bounded :func:`~microcred.untrusted_input.inflate`; an SVG through ``defusedxml`` (no entity
declarations, no external references), with bounded depth and element count. Several
credentials in one image are refused (§5.3.1.1 and §5.3.2.1: "MUST NOT appear ... more than
once"), since a verifier cannot know which one the image stands for. An Open Badges 2.0 baked
image (keyword ``openbadges``, namespace ``http://openbadges.org``) is named as such: its
assertion is hosted at a URL, which an offline verifier does not fetch.

What comes out is the text of the credential, still unread: the caller reads it with
:func:`~microcred.untrusted_input.read_credential` (the JSON and JWS limits).
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Mapping
from typing import Any, Final
from xml.etree.ElementTree import ParseError

import orjson
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from microcred.untrusted_input import MAX_DOCUMENT_BYTES, InputLimitError, UntrustedInputError, inflate
from microcred.untrusted_input.limits import (
    MAX_CONTAINER_BYTES,
    MAX_PNG_CHUNKS,
    MAX_SVG_DEPTH,
    MAX_SVG_ELEMENTS,
)

#: The ``iTXt`` keyword of an OB 3.0 baked PNG (OB 3.0 §5.3.1.1).
PNG_KEYWORD: Final = "openbadgecredential"
#: The keyword of an Open Badges 2.0 baked PNG (OB 2.0 Baking §PNGs): recognised, not read.
PNG_KEYWORD_OB2: Final = "openbadges"
#: The XML namespace of the ``<openbadges:credential>`` element (OB 3.0 §5.3.2.1).
SVG_NAMESPACE: Final = "https://purl.imsglobal.org/ob/v3p0"
#: The namespace of an Open Badges 2.0 baked SVG (``<openbadges:assertion>``).
SVG_NAMESPACE_OB2: Final = "http://openbadges.org"

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"

_TEXT_CHUNKS: Final = (b"iTXt", b"zTXt", b"tEXt")


def _credential_text(credential: Mapping[str, Any] | str) -> str:
    """The credential as baked: a compact JWS as it is, JSON as compact UTF-8 JSON."""
    if isinstance(credential, str):
        return credential.strip()
    return orjson.dumps(dict(credential)).decode("utf-8")


def _file_too_large(size: int, where: str) -> InputLimitError:
    return InputLimitError(
        "input.file_too_large",
        f"{size} bytes is more than the limit of {MAX_CONTAINER_BYTES} bytes for a file",
        limit=MAX_CONTAINER_BYTES,
        found=size,
        where=where,
    )


# --------------------------------------------------------------------------------------- PNG


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC-32 over type and data (PNG 1.2 §5.3)."""
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _png_chunks(data: bytes, where: str) -> list[tuple[bytes, bytes]]:
    """Every chunk up to ``IEND`` as (type, data), each length and CRC checked, within the limits."""
    if len(data) > MAX_CONTAINER_BYTES:
        raise _file_too_large(len(data), where)
    if not data.startswith(PNG_SIGNATURE):
        raise UntrustedInputError("input.png_malformed", "not a PNG image (no PNG signature)", where=where)
    chunks: list[tuple[bytes, bytes]] = []
    at = len(PNG_SIGNATURE)
    while True:
        if len(chunks) >= MAX_PNG_CHUNKS:
            raise InputLimitError(
                "input.png_too_many_chunks",
                f"the PNG has more than the limit of {MAX_PNG_CHUNKS} chunks",
                limit=MAX_PNG_CHUNKS,
                where=where,
            )
        if at + 12 > len(data):
            raise UntrustedInputError(
                "input.png_malformed", f"the PNG is cut short at byte {at} (no IEND chunk)", where=where
            )
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if length > len(data) - at - 12:
            raise UntrustedInputError(
                "input.png_malformed",
                f"the chunk at byte {at} claims {length} bytes, more than the file holds",
                where=where,
            )
        body = data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            shown = kind.decode("latin-1", "replace")
            raise UntrustedInputError(
                "input.png_malformed", f"the {shown} chunk at byte {at} fails its CRC check", where=where
            )
        if not chunks and kind != b"IHDR":
            raise UntrustedInputError("input.png_malformed", "the first chunk is not IHDR", where=where)
        chunks.append((kind, body))
        at += 12 + length
        if kind == b"IEND":
            return chunks


def _keyword(kind: bytes, body: bytes) -> str:
    keyword, sep, _rest = body.partition(b"\x00")
    return keyword.decode("latin-1") if sep and kind in _TEXT_CHUNKS else ""


def _png_text(kind: bytes, body: bytes, where: str) -> str:
    """The text of an ``iTXt``, ``zTXt`` or ``tEXt`` chunk (PNG 1.2 §11.3.4.3-5), compressed text
    inflated within the limit of one credential."""
    rest = body.partition(b"\x00")[2]
    here = f"{where} ({kind.decode()} chunk {PNG_KEYWORD})".strip()
    if kind == b"tEXt":
        raw = rest
    elif kind == b"zTXt":
        if not rest or rest[0] != 0:
            raise UntrustedInputError("input.png_malformed", "unknown compression method", where=here)
        raw = inflate(rest[1:], limit=MAX_DOCUMENT_BYTES, where=here)
    else:
        if len(rest) < 2:
            raise UntrustedInputError("input.png_malformed", "the iTXt chunk is cut short", where=here)
        compressed, method = rest[0], rest[1]
        parts = rest[2:].split(b"\x00", 2)  # language tag, translated keyword, text
        if len(parts) != 3 or compressed not in (0, 1) or method != 0:
            raise UntrustedInputError("input.png_malformed", "the iTXt chunk is malformed", where=here)
        raw = inflate(parts[2], limit=MAX_DOCUMENT_BYTES, where=here) if compressed else parts[2]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UntrustedInputError(
            "input.not_utf8", f"the baked text is not UTF-8 (byte {exc.start})", where=here, byte=exc.start
        ) from None


def unbake_png(data: bytes, *, where: str = "") -> str:
    """The credential text baked into a PNG (OB 3.0 §5.3.1.2). Refuses a PNG that carries none,
    or more than one, and names an Open Badges 2.0 image as such."""
    chunks = _png_chunks(data, where)
    found = [(k, b) for k, b in chunks if _keyword(k, b) == PNG_KEYWORD]
    if len(found) > 1:
        raise UntrustedInputError(
            "input.several_credentials",
            f"the PNG carries {len(found)} {PNG_KEYWORD} chunks; a baked badge carries one",
            where=where,
            found=len(found),
        )
    if not found:
        if any(_keyword(k, b) == PNG_KEYWORD_OB2 for k, b in chunks):
            raise UntrustedInputError(
                "input.ob2_baked_badge",
                "an Open Badges 2.0 baked badge: its assertion is hosted at a URL, which is not fetched",
                where=where,
            )
        raise UntrustedInputError(
            "input.no_baked_credential", f"the PNG carries no {PNG_KEYWORD} chunk", where=where
        )
    return _png_text(*found[0], where)


def bake_png(image: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """``image`` with ``credential`` baked in: one uncompressed ``iTXt`` chunk with the keyword
    ``openbadgecredential`` just before ``IEND``; any chunk with that keyword is replaced."""
    chunks = _png_chunks(image, "the image to bake")
    text = _credential_text(credential).encode("utf-8")
    # keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL
    baked = _chunk(b"iTXt", PNG_KEYWORD.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text)
    out = [PNG_SIGNATURE]
    for kind, body in chunks:
        if _keyword(kind, body) == PNG_KEYWORD:
            continue
        if kind == b"IEND":
            out.append(baked)
        out.append(_chunk(kind, body))
    return b"".join(out)


# --------------------------------------------------------------------------------------- SVG


def _svg_tag(namespace: str, name: str) -> str:
    return "{" + namespace + "}" + name


def unbake_svg(data: bytes | str, *, where: str = "") -> str:
    """The credential text baked into an SVG (OB 3.0 §5.3.2.2): the ``verify`` attribute of the
    ``<openbadges:credential>`` element (a compact JWS) or its text (JSON). Parsed with
    ``defusedxml``: entity declarations and external references are refused, not expanded."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_CONTAINER_BYTES:
        raise _file_too_large(len(raw), where)
    credential_tag = _svg_tag(SVG_NAMESPACE, "credential")
    found: list[str] = []
    ob2 = False
    depth = elements = 0
    root_seen = False
    try:
        for event, element in iterparse(
            io.BytesIO(raw),
            events=("start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        ):
            if event == "start":
                depth += 1
                elements += 1
                if not root_seen:
                    root_seen = True
                    if element.tag != _svg_tag("http://www.w3.org/2000/svg", "svg"):
                        raise UntrustedInputError(
                            "input.svg_malformed", "the document's root element is not <svg>", where=where
                        )
                if depth > MAX_SVG_DEPTH or elements > MAX_SVG_ELEMENTS:
                    limit = MAX_SVG_DEPTH if depth > MAX_SVG_DEPTH else MAX_SVG_ELEMENTS
                    raise InputLimitError(
                        "input.svg_too_complex",
                        f"the SVG is nested deeper than {MAX_SVG_DEPTH} levels or has more than "
                        f"{MAX_SVG_ELEMENTS} elements",
                        limit=limit,
                        where=where,
                    )
                continue
            depth -= 1
            if element.tag == credential_tag:
                verify = element.get("verify")
                found.append(verify if verify is not None else "".join(element.itertext()))
            elif element.tag == _svg_tag(SVG_NAMESPACE_OB2, "assertion"):
                ob2 = True
            element.clear()  # the image itself is not kept
    except DefusedXmlException as exc:
        raise UntrustedInputError(
            "input.svg_forbidden_xml",
            f"the SVG declares entities or refers to external resources ({type(exc).__name__})",
            where=where,
        ) from None
    except ParseError as exc:
        raise UntrustedInputError(
            "input.svg_malformed", f"not well-formed XML: {exc}", where=where, detail=str(exc)
        ) from None
    except (LookupError, ValueError) as exc:
        # The XML declaration names an encoding Python has no codec for (``encoding="TTF-8"``:
        # LookupError) or one whose decoder refuses the bytes (ValueError): expat asks Python's
        # codecs for any encoding it does not know itself, and their errors are not ParseErrors.
        raise UntrustedInputError(
            "input.svg_malformed",
            f"the XML declaration's encoding cannot be read: {exc}",
            where=where,
            detail=str(exc)[:200],
        ) from None
    if len(found) > 1:
        raise UntrustedInputError(
            "input.several_credentials",
            f"the SVG carries {len(found)} <openbadges:credential> elements; a baked badge carries one",
            where=where,
            found=len(found),
        )
    if not found:
        if ob2:
            raise UntrustedInputError(
                "input.ob2_baked_badge",
                "an Open Badges 2.0 baked badge: its assertion is hosted at a URL, which is not fetched",
                where=where,
            )
        raise UntrustedInputError(
            "input.no_baked_credential", "the SVG carries no <openbadges:credential> element", where=where
        )
    return found[0].strip()


def bake_svg(svg: str, credential: Mapping[str, Any] | str) -> str:
    """An SVG of our own making (``<svg`` with its ``xmlns`` on one start tag, no credential yet)
    with ``credential`` baked in directly after the ``<svg>`` start tag (OB 3.0 §5.3.2.1)."""
    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0 or "openbadges:credential" in svg:
        raise ValueError("bake_svg takes an SVG of our own without a credential")
    head = svg[start:end]
    if "xmlns:openbadges" not in head:
        head += f' xmlns:openbadges="{SVG_NAMESPACE}"'
    if isinstance(credential, str):
        element = f'<openbadges:credential verify="{_credential_text(credential)}"></openbadges:credential>'
    else:
        text = _credential_text(credential).replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:credential><![CDATA[{text}]]></openbadges:credential>"
    return svg[:start] + head + ">" + element + svg[end + 1 :]
