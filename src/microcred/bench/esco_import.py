"""The ESCO import benchmark (``microcred bench --esco``; ADR 1401): a full-size classification
in the official CSV layout, generated for the run, read and imported into the core's SQLite store,
then imported again unchanged.

The classification has the size of ESCO v1.1.1 per language — 14,000 skills, 3,000 occupations —
and 126,000 occupation–skill relations (v1.1.1 has 126,051). Labels and descriptions are made of
words drawn from a fixed vocabulary by a seeded generator, with about as many alternative labels
and as long descriptions as the real files (9.5 MB of skills in English), so the parser, the
fingerprints and the store do the same amount of work. Reported per stage: CPU seconds of this
process and wall-clock seconds, with the rows and bytes involved; the second import's
``rows_written`` must be 0 (that property is also a test: tests/core/esco). Numbers are reported,
never asserted.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from microcred.esco.layout import OCCUPATION_COLUMNS, RELATION_COLUMNS, SKILL_COLUMNS, read_classification
from microcred.esco.store import SqliteEscoStore, import_into, plan_import

SKILLS = 14_000
OCCUPATIONS = 3_000
SKILLS_PER_OCCUPATION = 42
_WORDS = [
    "analyse",
    "apply",
    "manage",
    "financial",
    "data",
    "risk",
    "customer",
    "report",
    "plan",
    "develop",
    "monitor",
    "prepare",
    "evaluate",
    "design",
    "market",
    "product",
    "service",
    "quality",
    "policy",
    "process",
    "system",
    "budget",
    "account",
    "tax",
    "audit",
    "credit",
    "loan",
    "bank",
    "tourism",
    "hotel",
    "farm",
    "crop",
    "coffee",
    "wine",
    "heritage",
    "destination",
    "sustainable",
    "digital",
    "cloud",
    "database",
    "statistics",
    "forecast",
    "model",
    "research",
    "project",
    "team",
    "safety",
    "hygiene",
    "regulation",
    "compliance",
]
T = TypeVar("T")


def _phrase(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(lo, hi)))


def _uri(rng: random.Random, kind: str) -> str:
    return f"http://data.europa.eu/esco/{kind}/{uuid.UUID(int=rng.getrandbits(128), version=4)}"


def generate(folder: Path, *, languages: tuple[str, ...] = ("en",), seed: int = 14) -> dict[str, int]:
    """Write ``skills_<lang>.csv``, ``occupations_<lang>.csv`` and ``occupationSkillRelations.csv``."""
    rng = random.Random(seed)
    skills = [_uri(rng, "skill") for _ in range(SKILLS)]
    occupations = [_uri(rng, "occupation") for _ in range(OCCUPATIONS)]
    schemes = "http://data.europa.eu/esco/concept-scheme/skills\nhttp://data.europa.eu/esco/concept-scheme/member-skills"
    for lang in languages:
        lrng = random.Random(f"{seed}-{lang}")
        with (folder / f"skills_{lang}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(SKILL_COLUMNS)
            for uri in skills:
                alt = "\n".join(_phrase(lrng, 2, 5) for _ in range(lrng.randint(0, 10)))
                w.writerow(
                    [
                        "KnowledgeSkillCompetence", uri, lrng.choice(("skill/competence", "knowledge")),
                        lrng.choice(("cross-sector", "sector-specific", "occupation-specific", "transversal")),
                        _phrase(lrng, 2, 5), alt, "", "released", "2022-09-13T12:00:00Z", "", "", schemes,
                        _phrase(lrng, 15, 60) + ".",
                    ]
                )  # fmt: skip
        with (folder / f"occupations_{lang}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(OCCUPATION_COLUMNS)
            for i, uri in enumerate(occupations):
                isco = f"{1000 + i % 8999}"
                w.writerow(
                    [
                        "Occupation", uri, isco, _phrase(lrng, 1, 4),
                        "\n".join(_phrase(lrng, 1, 4) for _ in range(lrng.randint(0, 12))), "", "released",
                        "2022-09-13T12:00:00Z", "", "", "", "http://data.europa.eu/esco/concept-scheme/occupations",
                        _phrase(lrng, 20, 80) + ".", f"{isco}.{i % 9 + 1}",
                    ]
                )  # fmt: skip
    relations = 0
    with (folder / "occupationSkillRelations.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(RELATION_COLUMNS)
        for occ in occupations:
            for skill in rng.sample(skills, SKILLS_PER_OCCUPATION):
                w.writerow([occ, rng.choice(("essential", "optional")), "skill/competence", skill])
                relations += 1
    return {"skills": SKILLS, "occupations": OCCUPATIONS, "relations": relations, "languages": len(languages)}


def _timed(op: Callable[[], T]) -> tuple[T, dict[str, float]]:
    cpu, wall = time.process_time(), time.perf_counter()
    value = op()
    return value, {
        "cpu_s": round(time.process_time() - cpu, 3),
        "wall_s": round(time.perf_counter() - wall, 3),
    }


def run(*, languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    """Generate, read, import, re-import; the report of each stage."""
    with tempfile.TemporaryDirectory(prefix="microcred-esco-bench-") as tmp:
        folder = Path(tmp) / "ESCO dataset - v9.9.9 - classification - bench - csv"
        folder.mkdir()
        sizes, gen = _timed(lambda: generate(folder, languages=languages))
        size = sum(p.stat().st_size for p in folder.iterdir())
        classification, read = _timed(lambda: read_classification(folder))
        store = SqliteEscoStore(Path(tmp) / "esco.sqlite3")
        first, imported = _timed(lambda: import_into(store, classification))
        again_read = read_classification(folder)
        before = store.writes
        second, reimported = _timed(lambda: import_into(store, again_read))
        planned, plan_only = _timed(lambda: plan_import(again_read, store.fingerprints()))
    return {
        "classification": {**sizes, "csv_bytes": size},
        "generate": gen,
        "read": read,
        "first_import": {**imported, "rows_written": len(first.rows)},
        "reimport_unchanged": {
            **reimported,
            "rows_written": store.writes - before,
            "unchanged": second.unchanged,
        },
        "plan_only": {**plan_only, "rows_planned": len(planned.rows)},
        "note": "CPU and wall seconds of one run; reported, never asserted (ADR 0605)",
    }
