"""Bounded decompression for what later issues accept from outside: baked badges (PNG ``iTXt``
chunks, zlib, PNG 1.2 §11.3.4.5), PDFs (``FlateDecode`` streams, zlib, ISO 32000-1 §7.4.4) and ZIP
batches (PKWARE APPNOTE 6.3.x). Output is produced at most one byte past the limit, so a bomb costs
no more memory than the limit itself, whatever its declared sizes say."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Final

from microcred.untrusted_input.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_INFLATED_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL_BYTES,
    InputLimitError,
    UntrustedInputError,
)

#: ``wbits`` of :func:`inflate`: a zlib stream (PNG, PDF), raw deflate (ZIP), a gzip file.
ZLIB: Final = zlib.MAX_WBITS
RAW_DEFLATE: Final = -zlib.MAX_WBITS
GZIP: Final = 16 + zlib.MAX_WBITS

_CHUNK: Final = 64 * 1024


def inflate(data: bytes, *, wbits: int = ZLIB, limit: int = MAX_INFLATED_BYTES, where: str = "") -> bytes:
    """The decompressed bytes of one complete stream, refused past ``limit`` bytes of output
    (``input.inflates_too_much``) or when the data is not a complete stream (``input.corrupt_compressed``)."""
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, limit + 1)
        if len(out) <= limit:
            out += inflater.flush(limit + 1 - len(out))
    except zlib.error as exc:
        raise UntrustedInputError(
            "input.corrupt_compressed", f"not compressed data that can be read: {exc}", where=where
        ) from None
    if len(out) > limit:
        raise InputLimitError(
            "input.inflates_too_much",
            f"{len(data)} compressed bytes inflate to more than the limit of {limit} bytes",
            limit=limit,
            found=len(out),
            where=where,
        )
    if not inflater.eof:
        raise UntrustedInputError("input.corrupt_compressed", "the compressed data is cut short", where=where)
    return out


def read_zip(
    data: bytes,
    *,
    max_members: int = MAX_ZIP_MEMBERS,
    max_member_bytes: int = MAX_INFLATED_BYTES,
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES,
    max_ratio: int = MAX_COMPRESSION_RATIO,
    where: str = "",
) -> Iterator[tuple[str, bytes]]:
    """The (name, content) of each file in a ZIP archive, in order, each read within the limits:
    the number of members, each one's size, their total, and each one's compression ratio. The
    sizes an archive declares are checked first and then the bytes actually produced, since a
    hostile archive can declare anything. Directories are skipped; encrypted members refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UntrustedInputError(
            "input.corrupt_compressed", f"not a ZIP archive that can be read: {exc}", where=where
        ) from None
    if len(members) > max_members:
        raise InputLimitError(
            "input.zip_too_many_members",
            f"{len(members)} files in the archive are more than the limit of {max_members}",
            limit=max_members,
            found=len(members),
            where=where,
        )
    declared = sum(info.file_size for info in members)
    if declared > max_total_bytes:
        raise _total(declared, max_total_bytes, where)
    total = 0
    for info in members:
        if info.is_dir():
            continue
        here = f"{where}: {info.filename}" if where else info.filename
        if info.flag_bits & 0x1:
            raise UntrustedInputError(
                "input.corrupt_compressed", "an encrypted file cannot be read", where=here
            )
        _check_member(info.file_size, info.compress_size, max_member_bytes, max_ratio, here)
        content = bytearray()
        try:
            with archive.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    content += chunk
                    _check_member(len(content), info.compress_size, max_member_bytes, max_ratio, here)
                    if total + len(content) > max_total_bytes:
                        raise _total(total + len(content), max_total_bytes, where)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
            raise UntrustedInputError(
                "input.corrupt_compressed", f"the file cannot be read from the archive: {exc}", where=here
            ) from None
        total += len(content)
        yield info.filename, bytes(content)


def _check_member(size: int, compressed: int, limit: int, ratio: int, where: str) -> None:
    if size > limit:
        raise InputLimitError(
            "input.inflates_too_much",
            f"a file of {size} bytes is more than the limit of {limit} bytes",
            limit=limit,
            found=size,
            where=where,
        )
    if size > ratio * max(compressed, 1) and size > _CHUNK:
        raise InputLimitError(
            "input.compression_ratio",
            f"{compressed} compressed bytes expand to {size}, more than the limit of {ratio} times",
            limit=ratio,
            found=size // max(compressed, 1),
            where=where,
        )


def _total(size: int, limit: int, where: str) -> InputLimitError:
    return InputLimitError(
        "input.zip_too_large",
        f"the files of the archive hold more than the limit of {limit} bytes",
        limit=limit,
        found=size,
        where=where,
    )
