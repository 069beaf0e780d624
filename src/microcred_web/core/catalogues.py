"""The translation catalogues as rows a native speaker can check (ADR 0840).

A developer who drafts a Vietnamese or Lao translation marks its entry for review with the
comment ``#. review: drafted by a developer`` (a ``fuzzy`` flag would hide the draft from Django,
so the desk would show English meanwhile). ``manage.py translations export`` writes the entries
of a language to a CSV file that partners open in a spreadsheet; ``import`` reads it back and
updates the ``.po`` file in place: only the entries whose text or review mark changed, so the
rest of the file (and the history of every other entry) stays as it is.

Columns: ``context``, ``english``, ``translation``, ``review`` (``yes`` while drafted by a
developer, emptied or ``ok`` by the reviewer), ``reference`` (where the text is used).
"""

from __future__ import annotations

import ast
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from microcred.errors import MicrocredError

REVIEW_MARK = "#. review: drafted by a developer"
COLUMNS = ("context", "english", "translation", "review", "reference")
REVIEWED = {"", "ok", "no", "done", "reviewed"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^{}]*\}")
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class CatalogueError(MicrocredError):
    """A catalogue or a reviewed file that cannot be used as it is."""


@dataclass
class Entry:
    """One entry of a .po file and the lines it was read from (kept verbatim unless changed)."""

    lines: list[str]
    context: str | None = None
    msgid: str = ""
    msgstr: str = ""
    plural: bool = False
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.context or "", self.msgid)

    @property
    def needs_review(self) -> bool:
        flags = {f.strip() for line in self.lines if line.startswith("#,") for f in line[2:].split(",")}
        return REVIEW_MARK in self.lines or "fuzzy" in flags


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def parse(text: str) -> list[Entry | str]:
    """The file as entries, and as the text between them (blank lines, the header) kept verbatim."""
    out: list[Entry | str] = []
    for chunk in re.split(r"(\n{2,})", text):
        if not chunk.strip():
            out.append(chunk)
            continue
        lines = chunk.split("\n")
        entry = Entry(lines=lines)
        target = ""
        for line in lines:
            if line.startswith("#:"):
                entry.references.append(line[2:].strip())
            if line.startswith("#") or not line.strip():
                continue
            keyword, _, rest = line.partition(" ")
            if line.startswith('"'):
                value, rest = ast.literal_eval(line), ""
            else:
                target = keyword
                value = ast.literal_eval(rest)
            if target == "msgctxt":
                entry.context = (entry.context or "") + value
            elif target == "msgid":
                entry.msgid += value
            elif target == "msgid_plural":
                entry.plural = True
            elif target == "msgstr":
                entry.msgstr += value
        is_entry = any(line.startswith("msgid ") for line in lines) and entry.msgid
        out.append(entry if is_entry else chunk)
    return out


def dump(items: list[Entry | str]) -> str:
    return "".join("\n".join(i.lines) if isinstance(i, Entry) else i for i in items)


def export_rows(path: Path, *, only_review: bool = False) -> list[dict[str, str]]:
    """The entries of a .po file as rows (plural entries are left to the .po file itself)."""
    rows = []
    for item in parse(path.read_text("utf-8")):
        if not isinstance(item, Entry) or item.plural or (only_review and not item.needs_review):
            continue
        rows.append(
            {
                "context": item.context or "",
                "english": item.msgid,
                "translation": item.msgstr,
                "review": "yes" if item.needs_review else "",
                "reference": "; ".join(item.references),
            }
        )
    return rows


def write_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()  # a BOM, so spreadsheets read UTF-8 (Vietnamese, Lao)


def read_csv(data: bytes) -> list[dict[str, str]]:
    if len(data) > MAX_IMPORT_BYTES:
        raise CatalogueError(f"the file is larger than {MAX_IMPORT_BYTES} bytes", where="import")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueError(f"the file is not UTF-8 ({exc.reason})", where="import") from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"context", "english", "translation", "review"} <= set(
        reader.fieldnames
    ):
        raise CatalogueError(
            "the file needs the columns context, english, translation and review (as exported)",
            where="import",
        )
    return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]


@dataclass
class ImportResult:
    updated: int = 0
    reviewed: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def _set(entry: Entry, translation: str, *, reviewed: bool) -> None:
    lines: list[str] = []
    in_msgstr = False
    for line in entry.lines:
        if line.startswith("msgstr "):
            in_msgstr = True
            continue
        if in_msgstr and line.startswith('"'):
            continue
        in_msgstr = False
        if reviewed and line == REVIEW_MARK:
            continue
        if reviewed and line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        lines.append(line)
    tail = 0
    while lines and lines[-1] == "":  # the file's last newline stays after the entry
        lines.pop()
        tail += 1
    lines.append(f"msgstr {_quote(translation)}")
    entry.lines = lines + [""] * tail
    entry.msgstr = translation


def apply_rows(path: Path, rows: list[dict[str, str]]) -> ImportResult:
    """Write reviewed rows into the .po file: a changed translation replaces the old one; a row
    whose review mark was cleared loses the entry's review mark. Rows that name no entry, or
    whose placeholders differ from the English text, are reported and left out."""
    items = parse(path.read_text("utf-8"))
    entries = {i.key: i for i in items if isinstance(i, Entry) and not i.plural}
    result = ImportResult()
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        key = (row.get("context", ""), row.get("english", ""))
        entry = entries.get(key)
        if entry is None:
            result.problems.append(f"line {n}: no entry {key[1][:60]!r} in the catalogue")
            continue
        translation = row.get("translation", "")
        reviewed = row.get("review", "").strip().lower() in REVIEWED
        if not translation.strip():
            result.problems.append(f"line {n}: the translation of {key[1][:60]!r} is empty")
            continue
        if sorted(_PLACEHOLDER.findall(translation)) != sorted(_PLACEHOLDER.findall(entry.msgid)):
            result.problems.append(
                f"line {n}: the placeholders of {key[1][:60]!r} differ from the English text"
            )
            continue
        changed = translation != entry.msgstr
        clears = reviewed and entry.needs_review
        if not changed and not clears:
            result.unchanged += 1
            continue
        _set(entry, translation, reviewed=reviewed)
        result.updated += int(changed)
        result.reviewed += int(clears)
    path.write_text(dump(items), "utf-8")
    return result
