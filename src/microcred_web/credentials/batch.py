"""The batch verifier (issue 14 item 3, ADR 1450): several candidates' credentials checked at
once, one row each, with the same checks, verdicts and sentences as ``/verify/``.

The files are unpacked by the core (:func:`microcred.credential_batch.unpack_batch`: archives
opened within the limits, nested archives, unsafe names and duplicates refused per file), each
one read by :func:`~microcred_web.credentials.verifying.parse_upload` and checked by
:func:`~microcred_web.credentials.verifying.inspect_credential` against one trust registry.
Nothing is stored: the rows live for the one response (the page or its CSV).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from django.utils.translation import gettext as _

from microcred.credential_batch import BatchEntry, unpack_batch
from microcred.untrusted_input import UntrustedInputError
from microcred_web.core.input_errors import input_error_message
from microcred_web.credentials.display import date_of, name_of
from microcred_web.credentials.trust import trust_registry
from microcred_web.credentials.verifying import Headline, Report, inspect_credential, parse_upload

#: A row's verdict: the headline of ``/verify/`` (``Report.headline``), or ``unreadable`` when
#: the file holds no credential that can be read, ``not_checked`` when the file was refused
#: before reading (a nested archive, an unsafe name, a duplicate).
RowVerdict = Literal["valid", "untrusted", "unconfirmed", "invalid", "unreadable", "not_checked"]

CSV_COLUMNS: Final = ("file", "candidate", "micro_credential", "issuer", "issued_on", "verdict", "problems")


@dataclass(slots=True)
class BatchRow:
    """One file of the batch as the table and the CSV show it."""

    file: str
    verdict: RowVerdict
    candidate: str = ""
    title: str = ""
    issuer: str = ""
    issued_on: str = ""
    problems: list[str] = field(default_factory=list)


def verdict_sentences() -> dict[str, str]:
    """The verdict of each row in words: the headlines of ``/verify/`` (credentials/_checks.html)."""
    return {
        "valid": _("This credential is genuine and valid."),
        "untrusted": _("The credential is valid, but its issuer is not in this platform's trust registry."),
        "unconfirmed": _("Could not confirm this credential."),
        "invalid": _("Do not rely on this credential."),
        "unreadable": _("This is not a credential we can read."),
        "not_checked": _("Not checked."),
    }


def _subject(document: dict[str, Any]) -> dict[str, Any]:
    subject = document.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    return subject if isinstance(subject, dict) else {}


def candidate_of(document: dict[str, Any]) -> str:
    """The learner's name as the credential states it: the unhashed ``name`` identifier of the
    subject (OB 3.0 §B.1.2 ``IdentityObject``, ADR 0601), else the subject's ``name``."""
    subject = _subject(document)
    for identifier in subject.get("identifier") or []:
        if (
            isinstance(identifier, dict)
            and identifier.get("identityType") == "name"
            and identifier.get("hashed") is False
        ):
            return str(identifier.get("identityHash") or "")
    name = subject.get("name")
    return name if isinstance(name, str) else ""


def _issuer_name(document: dict[str, Any], report: Report) -> str:
    if report.issuer_name:
        return report.issuer_name
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        name = issuer.get("name")
        return name if isinstance(name, str) else str(issuer.get("id") or "")
    return issuer if isinstance(issuer, str) else ""


def _row(entry: BatchEntry, registry: Any) -> BatchRow:
    if entry.data is None:
        refusal = entry.refusal or UntrustedInputError("input.unreadable", "not read")
        return BatchRow(entry.name, "not_checked", problems=[batch_refusal_message(refusal)])
    document, jws, failed = parse_upload(entry.data)
    if failed is not None:
        return BatchRow(entry.name, "unreadable", problems=[failed.detail or failed.summary])
    report = inspect_credential(document, jws=jws, registry=registry)
    credential = report.credential or {}
    issued = date_of(credential.get("validFrom") or credential.get("issuanceDate"))
    if report.headline == "unconfirmed":
        problems = [c.summary for c in report.unconfirmed()]
    else:
        problems = [
            c.summary
            for c in report.checks
            if c.outcome == "failed" or (c.name == "trust" and c.outcome != "passed")
        ]
    verdict: Headline = report.headline
    return BatchRow(
        entry.name,
        verdict,
        candidate=candidate_of(credential),
        title=name_of(credential),
        issuer=_issuer_name(credential, report),
        issued_on=issued.isoformat() if issued else "",
        problems=problems,
    )


def batch_refusal_message(exc: UntrustedInputError) -> str:
    """A refusal of the batch or of one of its files, in the interface language."""
    sentence = {
        "batch.too_many_files": lambda: _(
            "The batch holds %(found)s files, more than the limit of %(limit)s; check them in smaller "
            "batches (batch.too_many_files)."
        ),
        "batch.too_large": lambda: _(
            "The files come to more than the limit of %(limit)s bytes for one batch (batch.too_large)."
        ),
        "batch.nested_archive": lambda: _(
            "An archive inside an archive is not opened; add its files directly (batch.nested_archive)."
        ),
        "batch.unsafe_name": lambda: _(
            "The file's name in the archive leaves its folder or is absolute, so it is not checked "
            "(batch.unsafe_name)."
        ),
        "batch.duplicate": lambda: _("The same file as %(first)s, which is checked once (batch.duplicate)."),
        "batch.duplicate_name": lambda: _(
            "An earlier file in the archive has the same name, so this one is not checked "
            "(batch.duplicate_name)."
        ),
    }.get(exc.code)
    if sentence is None:
        return input_error_message(exc)
    return sentence() % {"limit": "", "found": "", "first": "", **exc.params}


def verify_batch(files: Iterable[tuple[str, bytes]]) -> list[BatchRow]:
    """Every file of the batch checked, in order (raises ``BatchError`` for a batch too large)."""
    entries = unpack_batch(files)
    registry = trust_registry()
    return [_row(entry, registry) for entry in entries]


def rows_csv(rows: list[BatchRow]) -> str:
    """The rows as CSV (RFC 4180): machine verdict codes, the problems joined by " | ". A cell
    that a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe
    (OWASP "CSV injection"), since file names and names come from the files."""

    def cell(value: str) -> str:
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                cell(row.file),
                cell(row.candidate),
                cell(row.title),
                cell(row.issuer),
                row.issued_on,
                row.verdict,
                cell(" | ".join(row.problems)),
            ]
        )
    return out.getvalue()
