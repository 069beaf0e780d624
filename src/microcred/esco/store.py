"""Where an imported classification lives, and the import that writes only what changed.

The core owns the rule (ADR 1401): every stored row — a concept's language-independent
attributes, its text in one language, one occupation–skill relation — carries a fingerprint
(SHA-256 of its canonical JSON). :func:`plan_import` compares the fingerprints of what a file
brings with those already stored and keeps only the rows that are new or changed, so
re-importing an unchanged file writes nothing at all. Each written row is stamped with the ESCO
version that brought it. Nothing is deleted: ESCO URIs are persistent, and a concept withdrawn
from ESCO comes back with status ``obsolete``; a partial file (a subset, one language) must not
erase what another file brought.

Two stores implement :class:`EscoStore`: :class:`SqliteEscoStore` here (the ``microcred esco
import`` command, no Django), and the web layer's store over its database.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from microcred.esco.layout import Classification, Concept, ConceptText, Relation

RowKey = tuple[str, str, str]
"""(table, key, sub-key): ("concept", uri, ""), ("text", uri, lang), ("relation", occupation, skill)."""


def _fingerprint(payload: Mapping[str, object]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def concept_payload(c: Concept) -> dict[str, object]:
    return {
        "kind": c.kind,
        "status": c.status,
        "modified": c.modified,
        "in_scheme": list(c.in_scheme),
        "skill_type": c.skill_type,
        "reuse_level": c.reuse_level,
        "isco_group": c.isco_group,
        "code": c.code,
    }


def text_payload(t: ConceptText) -> dict[str, object]:
    return {
        "preferred": t.preferred,
        "alt": list(t.alt),
        "hidden": list(t.hidden),
        "description": t.description,
        "definition": t.definition,
        "scope_note": t.scope_note,
    }


def relation_payload(r: Relation) -> dict[str, object]:
    return {"relation_type": r.relation_type, "skill_type": r.skill_type}


@dataclass(frozen=True)
class PlannedRow:
    """A row to write: its key, the payload (plain JSON values) and its fingerprint."""

    key: RowKey
    payload: Mapping[str, object]
    fingerprint: str
    new: bool


@dataclass(frozen=True)
class ImportPlan:
    """What an import will write (``rows``) and what it leaves as it is (``unchanged``)."""

    version: str
    rows: tuple[PlannedRow, ...]
    unchanged: int

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.new)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if not r.new)

    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


class EscoStore(Protocol):
    """A persistent home for ESCO rows. ``write`` must be all-or-nothing (one transaction)
    and must not be called for an empty plan."""

    def fingerprints(self) -> Mapping[RowKey, str]: ...

    def write(self, plan: ImportPlan) -> None: ...


def _rows(c: Classification) -> Iterable[tuple[RowKey, dict[str, object]]]:
    for concept in c.concepts:
        yield ("concept", concept.uri, ""), concept_payload(concept)
        for text in concept.texts:
            yield ("text", concept.uri, text.lang), text_payload(text)
    for rel in c.relations:
        yield ("relation", rel.occupation_uri, rel.skill_uri), relation_payload(rel)


def plan_import(classification: Classification, stored: Mapping[RowKey, str]) -> ImportPlan:
    """The rows of ``classification`` whose fingerprint differs from ``stored`` (new or changed)."""
    rows: list[PlannedRow] = []
    unchanged = 0
    for key, payload in _rows(classification):
        fp = _fingerprint(payload)
        known = stored.get(key)
        if known == fp:
            unchanged += 1
            continue
        rows.append(PlannedRow(key, payload, fp, new=known is None))
    return ImportPlan(classification.version, tuple(rows), unchanged)


def import_into(store: EscoStore, classification: Classification) -> ImportPlan:
    """Plan against ``store`` and write the plan, if it holds anything. Returns the plan."""
    plan = plan_import(classification, store.fingerprints())
    if plan.rows:
        store.write(plan)
    return plan


_SCHEMA = """
CREATE TABLE IF NOT EXISTS esco_row (
    tbl TEXT NOT NULL, k TEXT NOT NULL, sub TEXT NOT NULL,
    payload TEXT NOT NULL, fingerprint TEXT NOT NULL, esco_version TEXT NOT NULL,
    PRIMARY KEY (tbl, k, sub)
)
"""


class SqliteEscoStore:
    """The core's own store: one SQLite file, one table of fingerprinted JSON rows. Used by
    ``microcred esco import`` when no web database is involved. ``writes`` counts the rows
    written through this object (the test that an unchanged import writes nothing reads it)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.writes = 0
        with self._connect() as db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path)

    def fingerprints(self) -> dict[RowKey, str]:
        with self._connect() as db:
            return {
                (t, k, s): fp for t, k, s, fp in db.execute("SELECT tbl, k, sub, fingerprint FROM esco_row")
            }

    def write(self, plan: ImportPlan) -> None:
        db = self._connect()
        try:
            with db:  # one transaction: all rows or none
                db.executemany(
                    "INSERT INTO esco_row (tbl, k, sub, payload, fingerprint, esco_version) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (tbl, k, sub) DO UPDATE SET payload = excluded.payload,"
                    " fingerprint = excluded.fingerprint, esco_version = excluded.esco_version",
                    [
                        (
                            *r.key,
                            json.dumps(r.payload, sort_keys=True, ensure_ascii=False),
                            r.fingerprint,
                            plan.version,
                        )
                        for r in plan.rows
                    ],
                )
        finally:
            db.close()
        self.writes += len(plan.rows)

    def counts(self) -> dict[str, int]:
        with self._connect() as db:
            return {t: n for t, n in db.execute("SELECT tbl, COUNT(*) FROM esco_row GROUP BY tbl")}

    def versions(self) -> dict[str, int]:
        with self._connect() as db:
            return {
                v: n
                for v, n in db.execute("SELECT esco_version, COUNT(*) FROM esco_row GROUP BY esco_version")
            }

    def skills(self) -> list[SkillRecord]:
        """Every stored skill with its texts, for the suggestion index."""
        with self._connect() as db:
            concepts = {
                k: json.loads(p)
                for k, p in db.execute("SELECT k, payload FROM esco_row WHERE tbl = 'concept'")
                if json.loads(p)["kind"] == "skill"
            }
            texts: dict[str, dict[str, dict[str, object]]] = {}
            for k, sub, p in db.execute("SELECT k, sub, payload FROM esco_row WHERE tbl = 'text'"):
                if k in concepts:
                    texts.setdefault(k, {})[sub] = json.loads(p)
        return [skill_record(uri, texts.get(uri, {})) for uri in sorted(concepts)]


@dataclass(frozen=True)
class SkillRecord:
    """What the suggestions read of a skill: its URI and its texts in each language
    (``labels[lang] = (preferred, alt labels, description)``)."""

    uri: str
    labels: Mapping[str, tuple[str, tuple[str, ...], str]]

    def preferred(self, lang: str = "en") -> str:
        text = self.labels.get(lang) or next(iter(self.labels.values()), None)
        return text[0] if text else self.uri


def skill_record(uri: str, texts: Mapping[str, Mapping[str, object]]) -> SkillRecord:
    labels: dict[str, tuple[str, tuple[str, ...], str]] = {}
    for lang, t in texts.items():
        alt = t.get("alt") or []
        labels[lang] = (
            str(t.get("preferred", "")),
            tuple(str(a) for a in alt) if isinstance(alt, list) else (),
            str(t.get("description", "")),
        )
    return SkillRecord(uri, labels)


def skill_records(classification: Classification) -> list[SkillRecord]:
    """The skills of a classification read from files, without a store."""
    return [
        SkillRecord(c.uri, {t.lang: (t.preferred, t.alt, t.description) for t in c.texts})
        for c in classification.concepts
        if c.kind == "skill"
    ]


@dataclass(frozen=True)
class OccupationRecord:
    """What the suggestions read of an ESCO occupation (ADR 1463): its English texts and the
    skills the relations file links to it, with the relation's weight (essential 1, optional ½)."""

    uri: str
    preferred: str
    alt: tuple[str, ...]
    description: str
    skills: Mapping[str, Decimal]


RELATION_WEIGHTS: Mapping[str, Decimal] = {"essential": Decimal(1), "optional": Decimal("0.5")}


def occupation_records(classification: Classification, lang: str = "en") -> list[OccupationRecord]:
    """The occupations of a classification with their skills (relation weights of
    :data:`RELATION_WEIGHTS`), for the suggestions (ADR 1463)."""
    links: dict[str, dict[str, Decimal]] = {}
    for rel in classification.relations:
        weight = RELATION_WEIGHTS.get(rel.relation_type)
        if weight is not None:
            links.setdefault(rel.occupation_uri, {})[rel.skill_uri] = weight
    out = []
    for c in classification.concepts:
        text = next((t for t in c.texts if t.lang == lang), None)
        if c.kind == "occupation" and text is not None:
            out.append(
                OccupationRecord(c.uri, text.preferred, text.alt, text.description, links.get(c.uri, {}))
            )
    return out
