"""The limits on untrusted input, each a named constant, and the one error that says which was hit.

The values fit real credentials with a wide margin (ADR 0608): ours are about 9 KB, 6 levels deep,
with 16 members at most in one object and strings under 1 KB; the 101 credentials from other issuers
that we test against are under 8 KB and 8 levels deep; a presentation of 100 of ours is about 1 MB.
"""

from __future__ import annotations

from typing import Final

from microcred.errors import InputError

#: Bytes of one JSON document or compact JWS (UTF-8), checked before anything is parsed.
MAX_DOCUMENT_BYTES: Final = 2 * 1024 * 1024
#: Levels of nested objects and arrays (ours: 6; the deepest real credential we know: 10).
MAX_DEPTH: Final = 32
#: Characters of one JSON string, as written (room for an embedded badge image of ~190 KB).
MAX_STRING_CHARS: Final = 256 * 1024
#: Members of one object or items of one array.
MAX_MEMBERS: Final = 10_000
#: Proofs on one credential or presentation (a proof set or chain: issuer, witnesses, endorsers).
MAX_PROOFS: Final = 16
#: Credentials in one presentation.
MAX_CREDENTIALS: Final = 256

#: Bytes that one compressed stream (zlib, raw deflate, gzip) may inflate to: a PNG iTXt chunk,
#: a PDF FlateDecode stream, a ZIP member.
MAX_INFLATED_BYTES: Final = 16 * 1024 * 1024
#: Members of one ZIP archive (a batch of credentials).
MAX_ZIP_MEMBERS: Final = 10_000
#: Uncompressed bytes of all members of one ZIP archive together.
MAX_ZIP_TOTAL_BYTES: Final = 256 * 1024 * 1024
#: Uncompressed size over compressed size of one ZIP member (text deflates ~5-20x; bombs ~1000x).
MAX_COMPRESSION_RATIO: Final = 200

#: Bytes of one file that holds a credential inside: a baked PNG or SVG badge (OB 3.0 §5.3), a
#: certificate PDF with the credential attached (ours: a badge ~20 KB, a certificate ~50 KB).
MAX_CONTAINER_BYTES: Final = 8 * 1024 * 1024
#: Chunks of one PNG (a badge has about ten).
MAX_PNG_CHUNKS: Final = 4096
#: Nesting depth and elements of one SVG.
MAX_SVG_DEPTH: Final = 256
MAX_SVG_ELEMENTS: Final = 100_000
#: Embedded files of one PDF that are read (ours: one).
MAX_PDF_ATTACHMENTS: Final = 32

#: The years a date-time may have: Python's ``datetime`` (XSD allows more; nothing real needs it).
MIN_YEAR: Final = 1
MAX_YEAR: Final = 9999

#: Every limit by the code of the error that reports it (the README and ADR 0608 list them).
LIMITS: Final[dict[str, int]] = {
    "input.too_large": MAX_DOCUMENT_BYTES,
    "input.too_deep": MAX_DEPTH,
    "input.string_too_long": MAX_STRING_CHARS,
    "input.too_many_members": MAX_MEMBERS,
    "input.too_many_proofs": MAX_PROOFS,
    "input.too_many_credentials": MAX_CREDENTIALS,
    "input.inflates_too_much": MAX_INFLATED_BYTES,
    "input.zip_too_many_members": MAX_ZIP_MEMBERS,
    "input.zip_too_large": MAX_ZIP_TOTAL_BYTES,
    "input.compression_ratio": MAX_COMPRESSION_RATIO,
    "input.date_out_of_range": MAX_YEAR,
    "input.file_too_large": MAX_CONTAINER_BYTES,
    "input.png_too_many_chunks": MAX_PNG_CHUNKS,
    "input.svg_too_complex": MAX_SVG_ELEMENTS,
    "input.pdf_too_many_attachments": MAX_PDF_ATTACHMENTS,
}


class UntrustedInputError(InputError):
    """Input refused before any real work: a limit is exceeded, or it is not what it claims to be
    (not UTF-8, a lone surrogate, not JSON, not a date-time, corrupt compressed data).

    ``code`` is a stable machine code (``input.too_deep``…) that each layer translates;
    ``params`` holds what the message needs: ``limit`` and ``found`` for a limit, ``line`` and
    ``column`` for a place in a text, ``detail`` for the parser's own words.
    """

    def __init__(self, code: str, message: str, *, where: str = "", **params: object) -> None:
        super().__init__(message, where=where)
        self.code = code
        self.params: dict[str, object] = {"where": where, **params}

    def __str__(self) -> str:
        return f"{super().__str__()} [{self.code}]"


class InputLimitError(UntrustedInputError):
    """A named limit was exceeded: ``params`` has ``limit`` (the constant) and ``found``."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        limit: int,
        found: int | None = None,
        where: str = "",
        **params: object,
    ) -> None:
        super().__init__(code, message, where=where, limit=limit, found=found, **params)
        self.limit = limit
        self.found = found
