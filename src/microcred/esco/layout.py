"""The official ESCO CSV download, read into typed records (ESCO v1.1 and v1.2 layouts).

The European Commission publishes each ESCO version as one ZIP per language, holding
``skills_<lang>.csv``, ``occupations_<lang>.csv`` and, language-independent,
``occupationSkillRelations.csv`` (v1.1; ``occupationSkillRelations_<lang>.csv`` with two extra
label columns in v1.2). See docs/esco.md for the columns we read and what each one means.

Reading is validate-everything: every problem of every row is collected as a
:class:`Problem` (file, row, column, code, params) and the caller receives either a whole
:class:`Classification` or an :class:`EscoFileError` carrying the problems; nothing is
half-read. Rows are numbered as a spreadsheet shows them (the header is row 1); a record
spanning several physical lines (altLabels are newline-separated inside one quoted cell)
counts as one row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from microcred.errors import InputError

# Limits (ADR 1401). The full English v1.1.1 files are 9.5 MB (skills) and 21 MB (relations,
# 126,000 rows); the limits leave room for growth and for languages with longer words.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 400_000
MAX_CELL_CHARS = 20_000
MAX_LABELS = 500
"""altLabels / hiddenLabels items per concept (the longest in v1.1.1 has 72)."""
MAX_PROBLEMS = 200
"""A hostile file could produce one problem per cell: the list stops here, saying so."""

SKILL_COLUMNS = (
    "conceptType",
    "conceptUri",
    "skillType",
    "reuseLevel",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "modifiedDate",
    "scopeNote",
    "definition",
    "inScheme",
    "description",
)
OCCUPATION_COLUMNS = (
    "conceptType",
    "conceptUri",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "modifiedDate",
    "regulatedProfessionNote",
    "scopeNote",
    "definition",
    "inScheme",
    "description",
    "code",
)
RELATION_COLUMNS = ("occupationUri", "relationType", "skillType", "skillUri")
"""v1.1 order; v1.2 adds occupationLabel and skillLabel, which are read and ignored (the labels
come from the skills and occupations files)."""

SKILL_TYPES = ("skill/competence", "knowledge")
REUSE_LEVELS = ("transversal", "cross-sector", "sector-specific", "occupation-specific")
STATUSES = ("released", "obsolete")
RELATION_TYPES = ("essential", "optional")

_SKILL_URI = re.compile(
    r"^http://data\.europa\.eu/esco/skill/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
_OCCUPATION_URI = re.compile(
    r"^http://data\.europa\.eu/esco/occupation/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
_FILE = re.compile(r"^(?P<kind>skills|occupations|occupationSkillRelations)(?:_(?P<lang>[a-z]{2,3}))?\.csv$")
_VERSION = re.compile(r"v(\d+\.\d+\.\d+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """One problem: ``file`` (its name), ``row`` as a spreadsheet numbers it (1 = the header,
    0 = the whole file), ``column`` as the file names it (empty for a row or a file), a stable
    ``code`` (``esco.…``) and the ``params`` its message needs."""

    file: str
    row: int
    column: str
    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        where = (
            self.file
            + (f", row {self.row}" if self.row else "")
            + (f", {self.column}" if self.column else "")
        )
        detail = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"{where}: {self.code}" + (f" ({detail})" if detail else "")


class EscoFileError(InputError):
    """The files cannot be imported; ``problems`` lists every problem found (at most
    :data:`MAX_PROBLEMS`, the last one then being ``esco.too_many_problems``)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")
        self.problems = tuple(problems)


@dataclass(frozen=True)
class ConceptText:
    """The language-dependent part of a concept (SKOS-XL labels of the ESCO model):
    ``preferredLabel``, ``altLabels``, ``hiddenLabels`` (newline-separated in the CSV),
    ``description``, ``definition`` and ``scopeNote`` in one language."""

    lang: str
    preferred: str
    alt: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    description: str = ""
    definition: str = ""
    scope_note: str = ""


@dataclass(frozen=True)
class Concept:
    """A skill or an occupation: its language-independent attributes and its texts per language.

    ``kind`` is ``skill`` or ``occupation``. For a skill, ``skill_type`` (skill/competence or
    knowledge) and ``reuse_level``; for an occupation, ``isco_group`` (ISCO-08 unit group) and
    ``code`` (the ESCO notation, e.g. 2411.1). ``in_scheme``: the concept schemes it belongs to.
    """

    kind: str
    uri: str
    status: str
    modified: str
    in_scheme: tuple[str, ...]
    texts: tuple[ConceptText, ...]
    skill_type: str = ""
    reuse_level: str = ""
    isco_group: str = ""
    code: str = ""

    def text(self, lang: str) -> ConceptText | None:
        return next((t for t in self.texts if t.lang == lang), None)


@dataclass(frozen=True)
class Relation:
    """An occupation needs a skill: ``relation_type`` essential or optional, with the skill's
    type as the relations file states it."""

    occupation_uri: str
    skill_uri: str
    relation_type: str
    skill_type: str


@dataclass(frozen=True)
class Classification:
    """What one import brings: the ESCO ``version`` (``v1.1.1``), concepts (a concept read from
    several language files carries every language's text) and relations."""

    version: str
    concepts: tuple[Concept, ...]
    relations: tuple[Relation, ...]
    languages: tuple[str, ...]


def version_from_path(path: Path) -> str | None:
    """``v1.1.1`` from a path such as ``ESCO dataset - v1.1.1 - classification - en - csv``."""
    for part in reversed(path.resolve().parts):
        match = _VERSION.search(part)
        if match:
            return "v" + match.group(1)
    return None


def csv_files(path: Path) -> list[Path]:
    """The official files in ``path`` (a folder, or one file), in a fixed order: skills and
    occupations of each language, then relations. Other files of the download are skipped."""
    if path.is_file():
        if not _FILE.match(path.name):
            raise EscoFileError([Problem(path.name, 0, "", "esco.file.unknown_name")])
        return [path]
    if not path.is_dir():
        raise EscoFileError([Problem(str(path), 0, "", "esco.file.not_found")])
    found = [p for p in sorted(path.iterdir()) if p.is_file() and _FILE.match(p.name)]
    if not found:
        raise EscoFileError([Problem(path.name, 0, "", "esco.file.none_found")])
    order = {"skills": 0, "occupations": 1, "occupationSkillRelations": 2}
    return sorted(found, key=lambda p: (order[_match(p).group("kind")], p.name))


def _match(path: Path) -> re.Match[str]:
    match = _FILE.match(path.name)
    assert match is not None
    return match


def read_classification(path: Path, *, version: str | None = None) -> Classification:
    """Read the official files at ``path`` (folder or single file) into a :class:`Classification`.

    ``version`` defaults to the ``vX.Y.Z`` found in the path (the download names its folder so);
    without either, the import is refused (``esco.version.unknown``): a stamp nobody can trust is
    worse than none. Raises :class:`EscoFileError` with every problem found.
    """
    stamp = version or version_from_path(path)
    problems: list[Problem] = []
    if stamp is None or not re.fullmatch(r"v\d+\.\d+\.\d+", stamp):
        problems.append(Problem(path.name, 0, "", "esco.version.unknown", {"given": stamp or ""}))
    concepts: dict[str, Concept] = {}
    texts: dict[str, dict[str, ConceptText]] = {}
    relations: dict[tuple[str, str], Relation] = {}
    languages: list[str] = []
    for file in csv_files(path):
        match = _match(file)
        kind = match.group("kind")
        lang = match.group("lang") or ""
        if kind != "occupationSkillRelations" and not lang:
            problems.append(Problem(file.name, 0, "", "esco.file.no_language"))
            continue
        if lang and kind != "occupationSkillRelations" and lang not in languages:
            languages.append(lang)
        rows = _read_rows(file, problems)
        if rows is None:
            continue
        header, body = rows
        if kind == "occupationSkillRelations":
            _relations(file.name, header, body, relations, problems)
        else:
            _concepts(file.name, kind, lang, header, body, concepts, texts, problems)
        if len(problems) > MAX_PROBLEMS:
            break
    if problems:
        raise EscoFileError(_capped(problems))
    built = tuple(
        replace(concept, texts=tuple(texts[uri][lg] for lg in sorted(texts[uri])))
        for uri, concept in sorted(concepts.items())
    )
    return Classification(
        version=str(stamp),
        concepts=built,
        relations=tuple(relations[k] for k in sorted(relations)),
        languages=tuple(languages),
    )


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [
        *problems[: MAX_PROBLEMS - 1],
        Problem("", 0, "", "esco.too_many_problems", {"limit": str(MAX_PROBLEMS)}),
    ]


def _read_rows(
    file: Path, problems: list[Problem]
) -> tuple[tuple[str, ...], Iterator[tuple[int, list[str]]]] | None:
    name = file.name
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(
            Problem(name, 0, "", "esco.file.too_large", {"limit": str(MAX_FILE_BYTES), "found": str(size)})
        )
        return None
    data = file.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(name, 0, "", "esco.file.utf16"))
        return None
    try:
        text = data.decode("utf-8-sig")  # the BOM a spreadsheet adds is dropped
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, 0, "", "esco.file.not_utf8", {"offset": str(exc.start)}))
        return None
    if "\x00" in text:
        problems.append(Problem(name, 0, "", "esco.file.not_text"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = tuple(next(reader))
    except StopIteration:
        problems.append(Problem(name, 0, "", "esco.file.empty"))
        return None
    except csv.Error:
        problems.append(Problem(name, 1, "", "esco.file.malformed_csv", {"line": "1"}))
        return None
    return header, _body(name, reader, len(header), problems)


def _body(
    name: str, reader: Iterator[list[str]], width: int, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    row = 1
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(Problem(name, row, "", "esco.file.malformed_csv", {"detail": str(exc)[:120]}))
            return
        if row > MAX_ROWS + 1:
            problems.append(Problem(name, row, "", "esco.file.too_many_rows", {"limit": str(MAX_ROWS)}))
            return
        if not any(cells):
            continue
        if len(cells) != width:
            problems.append(
                Problem(
                    name, row, "", "esco.row.wrong_width", {"expected": str(width), "found": str(len(cells))}
                )
            )
            continue
        yield row, cells


def _columns(
    name: str, header: tuple[str, ...], required: Sequence[str], problems: list[Problem]
) -> dict[str, int] | None:
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(
            Problem(name, 1, missing[0], "esco.header.missing_column", {"missing": ", ".join(missing)})
        )
        return None
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        problems.append(Problem(name, 1, duplicated[0], "esco.header.duplicate_column"))
        return None
    return {c: header.index(c) for c in header}


def _lines(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(line.strip() for line in value.split("\n") if line.strip()))


def _cell(name: str, row: int, column: str, value: str, problems: list[Problem]) -> str:
    if len(value) > MAX_CELL_CHARS:
        problems.append(Problem(name, row, column, "esco.cell.too_long", {"limit": str(MAX_CELL_CHARS)}))
        return ""
    if _CONTROL.search(value):
        problems.append(Problem(name, row, column, "esco.cell.control_character"))
        return ""
    return value.replace("\r\n", "\n").strip()


def _concepts(
    name: str,
    kind: str,
    lang: str,
    header: tuple[str, ...],
    body: Iterator[tuple[int, list[str]]],
    concepts: dict[str, Concept],
    texts: dict[str, dict[str, ConceptText]],
    problems: list[Problem],
) -> None:
    is_skill = kind == "skills"
    cols = _columns(name, header, SKILL_COLUMNS if is_skill else OCCUPATION_COLUMNS, problems)
    if cols is None:
        return
    seen: dict[str, int] = {}
    for row, raw in body:
        if len(problems) > MAX_PROBLEMS:
            return
        before = len(problems)
        v = {c: _cell(name, row, c, raw[i], problems) for c, i in cols.items()}
        uri = v["conceptUri"]
        expected_type = "KnowledgeSkillCompetence" if is_skill else "Occupation"
        if v["conceptType"] != expected_type:
            problems.append(
                Problem(name, row, "conceptType", "esco.value.concept_type", {"expected": expected_type})
            )
        if not (_SKILL_URI if is_skill else _OCCUPATION_URI).match(uri):
            problems.append(Problem(name, row, "conceptUri", "esco.value.uri"))
        elif uri in seen:
            problems.append(
                Problem(name, row, "conceptUri", "esco.value.duplicate_uri", {"first_row": str(seen[uri])})
            )
        else:
            seen[uri] = row
        if not v["preferredLabel"]:
            problems.append(Problem(name, row, "preferredLabel", "esco.value.required"))
        if v["status"] not in STATUSES:
            problems.append(
                Problem(name, row, "status", "esco.value.not_allowed", {"allowed": ", ".join(STATUSES)})
            )
        if is_skill:
            if v["skillType"] and v["skillType"] not in SKILL_TYPES:
                problems.append(
                    Problem(
                        name, row, "skillType", "esco.value.not_allowed", {"allowed": ", ".join(SKILL_TYPES)}
                    )
                )
            if v["reuseLevel"] and v["reuseLevel"] not in REUSE_LEVELS:
                problems.append(
                    Problem(
                        name,
                        row,
                        "reuseLevel",
                        "esco.value.not_allowed",
                        {"allowed": ", ".join(REUSE_LEVELS)},
                    )
                )
        alt, hidden = _lines(v["altLabels"]), _lines(v["hiddenLabels"])
        if len(alt) > MAX_LABELS or len(hidden) > MAX_LABELS:
            problems.append(
                Problem(name, row, "altLabels", "esco.cell.too_many_labels", {"limit": str(MAX_LABELS)})
            )
        if len(problems) > before:
            continue
        concept = Concept(
            kind="skill" if is_skill else "occupation",
            uri=uri,
            status=v["status"],
            modified=v["modifiedDate"],
            in_scheme=tuple(sorted(_lines(v["inScheme"].replace(",", "\n")))),
            texts=(),
            skill_type=v.get("skillType", ""),
            reuse_level=v.get("reuseLevel", ""),
            isco_group=v.get("iscoGroup", ""),
            code=v.get("code", ""),
        )
        # Language files repeat the language-independent columns; the first file read wins
        # and a later one that contradicts it is a problem, not a silent overwrite.
        known = concepts.get(uri)
        if known is not None and known.kind != concept.kind:
            problems.append(Problem(name, row, "conceptUri", "esco.value.kind_conflict"))
            continue
        concepts.setdefault(uri, concept)
        texts.setdefault(uri, {})[lang] = ConceptText(
            lang=lang,
            preferred=v["preferredLabel"],
            alt=alt,
            hidden=hidden,
            description=v["description"],
            definition=v["definition"],
            scope_note=v["scopeNote"],
        )


def _relations(
    name: str,
    header: tuple[str, ...],
    body: Iterator[tuple[int, list[str]]],
    relations: dict[tuple[str, str], Relation],
    problems: list[Problem],
) -> None:
    cols = _columns(name, header, RELATION_COLUMNS, problems)
    if cols is None:
        return
    for row, raw in body:
        if len(problems) > MAX_PROBLEMS:
            return
        before = len(problems)
        v = {c: _cell(name, row, c, raw[cols[c]], problems) for c in RELATION_COLUMNS}
        if not _OCCUPATION_URI.match(v["occupationUri"]):
            problems.append(Problem(name, row, "occupationUri", "esco.value.uri"))
        if not _SKILL_URI.match(v["skillUri"]):
            problems.append(Problem(name, row, "skillUri", "esco.value.uri"))
        if v["relationType"] not in RELATION_TYPES:
            problems.append(
                Problem(
                    name,
                    row,
                    "relationType",
                    "esco.value.not_allowed",
                    {"allowed": ", ".join(RELATION_TYPES)},
                )
            )
        key = (v["occupationUri"], v["skillUri"])
        if len(problems) == before and key in relations:
            problems.append(Problem(name, row, "skillUri", "esco.value.duplicate_relation"))
        if len(problems) > before:
            continue
        relations[key] = Relation(v["occupationUri"], v["skillUri"], v["relationType"], v["skillType"])
