"""Everything that reads what someone outside sends us, bounded before any real work.

One reader for JSON and compact JWS text (size, nesting depth, string length, members, proofs,
credentials in a presentation; UTF-8 and surrogates; I-JSON), one for date-times, and bounded
decompression (zlib/deflate/gzip streams, ZIP archives). Every limit is a named constant in
:mod:`~microcred.untrusted_input.limits`; breaking one raises :class:`InputLimitError`, anything
else unreadable :class:`UntrustedInputError`, both :class:`~microcred.errors.InputError` with a
machine ``code`` (``input.too_deep``…) and ``params`` that each layer turns into its own words
(a 400 problem detail, exit 2, a translated message). ADR 0608 gives the values and why.
"""

from __future__ import annotations

from microcred.untrusted_input.compressed import GZIP, RAW_DEFLATE, ZLIB, inflate, read_zip
from microcred.untrusted_input.datetimes import DateTimeError, parse_date_time
from microcred.untrusted_input.json_text import (
    VC_API_MEMBERS,
    check_counts,
    looks_like_compact_jws,
    read_compact_jws,
    read_credential,
    read_credential_file,
    read_json,
    read_json_file,
    read_json_object,
    read_vc_api_body,
)
from microcred.untrusted_input.limits import (
    LIMITS,
    MAX_COMPRESSION_RATIO,
    MAX_CREDENTIALS,
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    MAX_INFLATED_BYTES,
    MAX_MEMBERS,
    MAX_PROOFS,
    MAX_STRING_CHARS,
    MAX_YEAR,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL_BYTES,
    MIN_YEAR,
    InputLimitError,
    UntrustedInputError,
)

__all__ = [
    "GZIP",
    "LIMITS",
    "MAX_COMPRESSION_RATIO",
    "MAX_CREDENTIALS",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_INFLATED_BYTES",
    "MAX_MEMBERS",
    "MAX_PROOFS",
    "MAX_STRING_CHARS",
    "MAX_YEAR",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_TOTAL_BYTES",
    "MIN_YEAR",
    "RAW_DEFLATE",
    "VC_API_MEMBERS",
    "ZLIB",
    "DateTimeError",
    "InputLimitError",
    "UntrustedInputError",
    "check_counts",
    "inflate",
    "looks_like_compact_jws",
    "parse_date_time",
    "read_compact_jws",
    "read_credential",
    "read_credential_file",
    "read_json",
    "read_json_file",
    "read_json_object",
    "read_vc_api_body",
    "read_zip",
]
