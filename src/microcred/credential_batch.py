"""A batch of files someone hands us to check at once: several files, ZIP archives of them, or
both (issue 14 item 3, ADR 1450).

:func:`unpack_batch` turns the uploaded files into :class:`BatchEntry` rows, one per file to check,
opening each ZIP archive within the limits on untrusted input (ADR 0608, through
:func:`~microcred.untrusted_input.read_zip`) and the tighter limits of a batch below. A refusal of
one file (a nested archive, an unsafe name, the same bytes twice) is that file's row; only a
batch that is too large as a whole raises. Nothing is written anywhere: names inside an archive
are only ever displayed, but a name that would climb out of a folder (``../``) or is absolute is
refused all the same, since a person who saves the files could be misled by it.

Reading the credential inside each file is :mod:`microcred.credential_files`'s job; this module
only unpacks and sorts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from microcred.untrusted_input import UntrustedInputError, read_zip
from microcred.untrusted_input.limits import MAX_COMPRESSION_RATIO, MAX_CONTAINER_BYTES, InputLimitError

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_FILES",
    "BatchEntry",
    "BatchError",
    "is_zip",
    "unpack_batch",
]

#: Files checked in one batch, after the archives are opened (ADR 1450): a verification costs
#: tens of milliseconds, so a batch answers within a few seconds, in the request.
MAX_BATCH_FILES: Final = 50
#: All the files of a batch together, as uploaded and as unpacked from the archives.
MAX_BATCH_BYTES: Final = 32 * 1024 * 1024
#: Longest name shown for a file (longer ones are cut, with an ellipsis).
MAX_NAME_CHARS: Final = 200

_ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_SKIPPED_FOLDERS: Final = ("__MACOSX/",)  # the resource forks macOS adds to every archive
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")


class BatchError(InputLimitError):
    """The batch as a whole is refused (too many files, too many bytes): nothing was checked."""


@dataclass(frozen=True, slots=True)
class BatchEntry:
    """One file of the batch: its name as shown (``archive.zip/folder/file.json`` inside an
    archive), its bytes, or the refusal that stops it being checked (``refusal.code``:
    ``batch.nested_archive``, ``batch.unsafe_name``, ``batch.duplicate``, ``batch.duplicate_name`` or an ``input.*`` code of
    the archive it came from). ``duplicate_of`` names the earlier file with the same bytes."""

    name: str
    data: bytes | None
    refusal: UntrustedInputError | None = None
    duplicate_of: str = ""


def is_zip(data: bytes) -> bool:
    """A ZIP archive, by its first bytes (APPNOTE 6.3.10 §4.3.7 local header, §4.3.16 end record)."""
    return data.startswith(_ZIP_MAGIC)


def _shown(name: str) -> str:
    name = _CONTROL.sub("?", name)
    return name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1] + "…"


def _unsafe(name: str) -> bool:
    """A member name that is absolute, names a drive, or climbs out of its folder (the "zip
    slip"), with either kind of slash (APPNOTE §4.4.17.1 allows neither)."""
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts or "\x00" in name
    )


def _too_many(found: int) -> BatchError:
    return BatchError(
        "batch.too_many_files",
        f"{found} files are more than the limit of {MAX_BATCH_FILES} in one batch",
        limit=MAX_BATCH_FILES,
        found=found,
    )


def _too_large(found: int) -> BatchError:
    return BatchError(
        "batch.too_large",
        f"the files come to {found} bytes, more than the limit of {MAX_BATCH_BYTES} for one batch",
        limit=MAX_BATCH_BYTES,
        found=found,
    )


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _archive(name: str, data: bytes, budget: int) -> list[BatchEntry]:
    """The files of one archive, or one row refusing the whole archive (a bomb, a corrupt or
    encrypted member, too many members): half an archive is never checked."""
    try:
        members = list(
            read_zip(
                data,
                max_members=MAX_BATCH_FILES,
                max_member_bytes=MAX_CONTAINER_BYTES,
                max_total_bytes=max(budget, 0),
                max_ratio=MAX_COMPRESSION_RATIO,
                where=name,
            )
        )
    except InputLimitError as exc:
        if exc.code == "input.zip_too_many_members":
            raise _too_many(_int(exc.params.get("found"))) from None
        if exc.code == "input.zip_too_large":
            raise _too_large(_int(exc.params.get("found"))) from None
        return [BatchEntry(name, None, exc)]
    except UntrustedInputError as exc:
        return [BatchEntry(name, None, exc)]
    out: list[BatchEntry] = []
    for member, content in members:
        shown = _shown(f"{name}/{member}")
        if member.startswith(_SKIPPED_FOLDERS):
            continue
        if _unsafe(member):
            refusal = UntrustedInputError(
                "batch.unsafe_name", "the name leaves its folder or is absolute", where=shown
            )
            out.append(BatchEntry(shown, None, refusal))
        elif is_zip(content):
            refusal = UntrustedInputError(
                "batch.nested_archive", "an archive inside an archive is not opened", where=shown
            )
            out.append(BatchEntry(shown, None, refusal))
        else:
            out.append(BatchEntry(shown, content))
    return out


def unpack_batch(files: Iterable[tuple[str, bytes]]) -> list[BatchEntry]:
    """The files to check, in the order given, each ZIP archive replaced by its files.

    Raises :class:`BatchError` when the batch holds more than :data:`MAX_BATCH_FILES` files or
    :data:`MAX_BATCH_BYTES` bytes, counted after the archives are opened (and checked before an
    archive is inflated, from what it declares). A file with the same bytes as an earlier one
    is a ``batch.duplicate`` row: it is not checked twice."""
    entries: list[BatchEntry] = []
    used = 0
    for raw_name, data in files:
        name = _shown(raw_name or "?")
        used += len(data)
        if used > MAX_BATCH_BYTES:
            raise _too_large(used)
        if is_zip(data):
            unpacked = _archive(name, data, MAX_BATCH_BYTES - used)
            used += sum(len(e.data or b"") for e in unpacked)
            entries.extend(unpacked)
        else:
            entries.append(BatchEntry(name, data))
        if len(entries) > MAX_BATCH_FILES:
            raise _too_many(len(entries))
        if used > MAX_BATCH_BYTES:
            raise _too_large(used)
    seen: dict[str, str] = {}
    names: set[str] = set()
    out: list[BatchEntry] = []
    for entry in entries:
        if entry.data is None:
            out.append(entry)
            continue
        if entry.name in names and "/" in entry.name:
            # two members of one archive under one name: which one a tool extracts varies
            refusal = UntrustedInputError(
                "batch.duplicate_name", "an earlier file in the archive has the same name", where=entry.name
            )
            out.append(BatchEntry(entry.name, None, refusal))
            continue
        names.add(entry.name)
        digest = hashlib.sha256(entry.data).hexdigest()
        if digest in seen:
            refusal = UntrustedInputError(
                "batch.duplicate", "the same file as an earlier one", where=entry.name, first=seen[digest]
            )
            out.append(BatchEntry(entry.name, None, refusal, duplicate_of=seen[digest]))
            continue
        seen[digest] = entry.name
        out.append(entry)
    return out
