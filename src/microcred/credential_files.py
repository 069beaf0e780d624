"""Any file a credential comes in, read by its content: JSON, a compact JWS, a baked PNG or SVG
badge (OB 3.0 §5.3) or a certificate PDF with the signed credential attached (ADR 1302).

The format is detected from the bytes (magic numbers), never from a file name or a media type
a client chose: ``\\x89PNG`` is a PNG, ``%PDF-`` a PDF, an XML declaration or ``<svg`` an SVG,
anything else is read as JSON or a compact JWS. Each container is opened within the limits on
untrusted input (ADR 0608, :mod:`microcred.untrusted_input`); the credential found inside is
then read with the same limits as a credential given on its own. Refusals are
:class:`~microcred.untrusted_input.UntrustedInputError` with a machine code
(``input.several_credentials``, ``input.pdf_no_credential``…) that each layer words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, Literal

from microcred.standards.ob3.baking import PNG_SIGNATURE, unbake_png, unbake_svg
from microcred.untrusted_input import UntrustedInputError, read_credential
from microcred.untrusted_input.limits import MAX_CONTAINER_BYTES, InputLimitError
from microcred.untrusted_input.pdf import PDF_MAGIC, embedded_files

__all__ = [
    "CREDENTIAL_MEDIA_TYPES",
    "FileKind",
    "file_kind",
    "read_credential_bytes",
    "read_credential_path",
]

FileKind = Literal["png", "svg", "pdf", "text"]

#: The media types (the PDF embedded file ``/Subtype``) under which a credential is attached:
#: VCDM 2.0 §6.3 ``application/vc`` and VC-JOSE-COSE §3.1.1 ``application/vc+jwt``, and their
#: older names. An attachment of another type is also tried when it reads as a credential.
CREDENTIAL_MEDIA_TYPES: Final = frozenset(
    {
        "application/vc",
        "application/vc+jwt",
        "application/vc+ld+json",
        "application/ld+json",
        "application/json",
    }
)


def file_kind(data: bytes) -> FileKind:
    """What the bytes are, by their first bytes."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith((b"<?xml", b"<svg", b"<!DOCTYPE svg", b"<!--")):
        return "svg"
    return "text"


def _from_pdf(data: bytes, where: str) -> dict[str, Any] | str:
    """The one credential attached to a PDF: of its embedded files, those that read as a
    credential (JSON with a ``type``, or a compact JWS)."""
    credentials: list[dict[str, Any] | str] = []
    for attachment in embedded_files(data, where=where):
        here = f"{where} (attachment {attachment.object_number})".strip()
        try:
            found = read_credential(attachment.content, where=here)
        except InputLimitError:
            raise
        except UntrustedInputError:
            if attachment.subtype in CREDENTIAL_MEDIA_TYPES:
                raise
            continue  # another attachment (a picture, a transcript): not ours to judge
        credentials.append(found)
    if len(credentials) > 1:
        raise UntrustedInputError(
            "input.several_credentials",
            f"the PDF has {len(credentials)} credentials attached; a certificate carries one",
            where=where,
            found=len(credentials),
        )
    if not credentials:
        raise UntrustedInputError(
            "input.pdf_no_credential", "the PDF has no credential attached", where=where
        )
    return credentials[0]


def read_credential_bytes(data: bytes, *, where: str = "") -> dict[str, Any] | str:
    """The credential in ``data``, whatever file it came in: a JSON object (parsed) or a compact
    JWS (its text), as :func:`~microcred.untrusted_input.read_credential` returns it."""
    kind = file_kind(data)
    if kind == "png":
        return read_credential(unbake_png(data, where=where), where=f"{where} (baked PNG)".strip())
    if kind == "svg":
        return read_credential(unbake_svg(data, where=where), where=f"{where} (baked SVG)".strip())
    if kind == "pdf":
        return _from_pdf(data, where)
    return read_credential(data, where=where)


def read_credential_path(path: str | Path) -> dict[str, Any] | str:
    """:func:`read_credential_bytes` of a file, reading no more than the largest file allowed."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_CONTAINER_BYTES + 1)
    except OSError as exc:
        raise UntrustedInputError(
            "input.unreadable", f"cannot read the file: {exc.strerror}", where=str(path)
        ) from None
    if len(data) > MAX_CONTAINER_BYTES:
        raise InputLimitError(
            "input.file_too_large",
            f"the file is larger than the limit of {MAX_CONTAINER_BYTES} bytes",
            limit=MAX_CONTAINER_BYTES,
            where=str(path),
        )
    return read_credential_bytes(data, where=str(path))
