"""The core's refusals of untrusted input (``microcred.untrusted_input``, ADR 0608) in the
interface language: one sentence per machine code, with the limit it names and where it was hit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.utils.translation import gettext as _

from microcred.untrusted_input import UntrustedInputError

# Each code's sentence; the parameters are the error's ``params`` (limit, found, detail).
_SENTENCES: Final[dict[str, Callable[[], str]]] = {
    "input.too_large": lambda: _("The text is larger than the limit of %(limit)s bytes (input.too_large)."),
    "input.too_deep": lambda: _(
        "The JSON is nested deeper than the limit of %(limit)s levels (input.too_deep)."
    ),
    "input.string_too_long": lambda: _(
        "A text value is longer than the limit of %(limit)s characters (input.string_too_long)."
    ),
    "input.too_many_members": lambda: _(
        "An object or list has more than the limit of %(limit)s members (input.too_many_members)."
    ),
    "input.too_many_proofs": lambda: _(
        "There are %(found)s proofs, more than the limit of %(limit)s (input.too_many_proofs)."
    ),
    "input.too_many_credentials": lambda: _(
        "The presentation holds %(found)s credentials, more than the limit of %(limit)s "
        "(input.too_many_credentials)."
    ),
    "input.not_utf8": lambda: _("The text is not UTF-8 (input.not_utf8)."),
    "input.lone_surrogate": lambda: _(
        "The text contains a lone surrogate (U+D800 to U+DFFF), which is not a character "
        "(input.lone_surrogate)."
    ),
    "input.not_json": lambda: _("This is not JSON: %(detail)s (input.not_json)."),
    "input.not_an_object": lambda: _("A credential must be a JSON object (input.not_an_object)."),
    "input.not_a_credential": lambda: _(
        "This is neither a JSON credential nor a compact JWS (input.not_a_credential)."
    ),
    "input.date_out_of_range": lambda: _(
        "A date lies outside the years 0001 to 9999 (input.date_out_of_range)."
    ),
    "input.not_a_date_time": lambda: _(
        "A date is not a date and time such as 2026-06-30T10:00:00Z (input.not_a_date_time)."
    ),
    # files that carry a credential inside (ADR 1302): baked PNG and SVG badges, certificate PDFs
    "input.file_too_large": lambda: _(
        "The file is larger than the limit of %(limit)s bytes (input.file_too_large)."
    ),
    "input.png_malformed": lambda: _("The PNG image is damaged or is not a PNG (input.png_malformed)."),
    "input.png_too_many_chunks": lambda: _(
        "The PNG image has more than the limit of %(limit)s chunks (input.png_too_many_chunks)."
    ),
    "input.no_baked_credential": lambda: _(
        "The image carries no credential: it is not a baked badge (input.no_baked_credential)."
    ),
    "input.several_credentials": lambda: _(
        "The file carries %(found)s credentials; a badge or a certificate carries one, so it cannot be "
        "known which one it stands for (input.several_credentials)."
    ),
    "input.ob2_baked_badge": lambda: _(
        "This is an Open Badges 2.0 badge: its assertion is hosted on the issuer's site and is not "
        "checked here (input.ob2_baked_badge)."
    ),
    "input.svg_malformed": lambda: _(
        "The SVG image is not well-formed XML or is not an SVG (input.svg_malformed)."
    ),
    "input.svg_forbidden_xml": lambda: _(
        "The SVG image declares XML entities or refers to external files, which are refused "
        "(input.svg_forbidden_xml)."
    ),
    "input.svg_too_complex": lambda: _(
        "The SVG image is nested too deeply or has too many elements (limit %(limit)s) (input.svg_too_complex)."
    ),
    "input.pdf_malformed": lambda: _("The PDF is damaged or is not a PDF (input.pdf_malformed)."),
    "input.pdf_encrypted": lambda: _(
        "The PDF is encrypted: its attached credential cannot be read (input.pdf_encrypted)."
    ),
    "input.pdf_no_credential": lambda: _("The PDF has no credential attached (input.pdf_no_credential)."),
    "input.pdf_unsupported_filter": lambda: _(
        "The credential attached to the PDF is compressed in a way that is not read here (%(filter)s) "
        "(input.pdf_unsupported_filter)."
    ),
    "input.pdf_too_many_attachments": lambda: _(
        "The PDF has more than the limit of %(limit)s attached files (input.pdf_too_many_attachments)."
    ),
    "input.inflates_too_much": lambda: _(
        "Compressed data in the file expands past the limit of %(limit)s bytes (input.inflates_too_much)."
    ),
    # ZIP archives (the batch verifier, ADR 1450)
    "input.compression_ratio": lambda: _(
        "A file in the archive expands more than %(limit)s times, like a decompression bomb "
        "(input.compression_ratio)."
    ),
    "input.zip_too_many_members": lambda: _(
        "The archive holds %(found)s files, more than the limit of %(limit)s (input.zip_too_many_members)."
    ),
    "input.zip_too_large": lambda: _(
        "The files in the archive come to more than the limit of %(limit)s bytes (input.zip_too_large)."
    ),
    "input.corrupt_compressed": lambda: _(
        "Compressed data in the file cannot be read (input.corrupt_compressed)."
    ),
}

_NOT_JSON_AT: Final = lambda: _(  # noqa: E731
    "This is not JSON: %(detail)s at line %(line)s, column %(column)s (input.not_json)."
)


def input_error_message(exc: UntrustedInputError) -> str:
    """The refusal in the interface language, naming the limit and, when known, where it was hit."""
    params = {"limit": "", "found": "", "detail": exc.message, "filter": "", **exc.params}
    sentence = _SENTENCES.get(exc.code)
    if exc.code == "input.not_json" and "line" in exc.params:
        sentence = _NOT_JSON_AT
    text = sentence() % params if sentence else _("The input cannot be read (%(code)s).") % {"code": exc.code}
    return f"{text} {_('Where: %(where)s') % {'where': exc.where}}" if exc.where else text
