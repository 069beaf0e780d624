"""Seeded generator of the benchmark populations (run once; the output files are committed).

``python -m microcred.bench.populations [REPO_ROOT]`` writes

* ``bench/populations/typical.jsonl`` — unsigned OB 3.0 credentials composed from the example
  specifications with varied learners (Vietnamese, Lao, Czech, Italian, Croatian, French names),
  grades, credits, dates and optional DIDs / dates of birth / status entries;
* ``bench/populations/mixed.jsonl`` — the same credentials, of which every fifth (20 %) carries
  identical sub-objects (a duplicated alignment or result), so RDFC-1.0 needs its N-degree step.

The seed is fixed; the same inputs give byte-identical files.
"""

from __future__ import annotations

import copy
import json
import random
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from microcred.model.award import AssessmentResult, Learner
from microcred.model.spec import MicroCredentialSpec, load_spec
from microcred.standards.ob3 import IssuerProfile, compose_credential

SEED: Final = 20261128
TYPICAL_SIZE: Final = 100
MIXED_SIZE: Final = 100

_GIVEN = [
    "Lan",
    "Minh",
    "Thảo",
    "Khamla",
    "Souksavanh",
    "Jana",
    "Tomáš",
    "Giulia",
    "Marco",
    "Ivana",
    "Luka",
    "Élodie",
    "Noé",
    "Ana",
]
_FAMILY = [
    "Nguyễn",
    "Trần",
    "Phạm",
    "ພົມມະວົງ",
    "Vongsa",
    "Nováková",
    "Dvořák",
    "Rossi",
    "Bianchi",
    "Horvat",
    "Kovačević",
    "Dubois",
    "Lefèvre",
    "Andromeda",
]
_GRADES = ["A", "B", "C", "D", "E", "Pass", "8.5/10", "Excellent"]  # fmt: skip


def _learner(rng: random.Random, i: int) -> Learner:
    name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
    did = f"did:example:learner{i:05d}" if rng.random() < 0.5 else None
    dob = date(1980, 1, 1) + timedelta(days=rng.randrange(9000)) if rng.random() < 0.2 else None
    return Learner(display_name=name, email=f"learner{i:05d}@example.edu", did=did, date_of_birth=dob)


def _result(rng: random.Random, spec: MicroCredentialSpec) -> AssessmentResult:
    awarded = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(400_000))
    credits = spec.workload.credits if spec.workload else None
    return AssessmentResult(
        grade=rng.choice(_GRADES),
        grading_scheme=spec.grading.scheme if spec.grading else None,
        awarded_on=awarded,
        assessed_on=(awarded - timedelta(days=rng.randrange(1, 20))).date(),
        credits_earned=credits if credits is not None and rng.random() < 0.8 else Decimal("2.5"),
    )


def _credential(rng: random.Random, spec: MicroCredentialSpec, i: int) -> dict[str, Any]:
    status = None
    if rng.random() < 0.3:
        status = {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(rng.randrange(131_072)),
            "statusListCredential": "https://micro4asia.example/status/1",
        }
    slug = spec.awarding_bodies[0].slug if spec.awarding_bodies else "x"
    return compose_credential(
        spec,
        _learner(rng, i),
        _result(rng, spec),
        issuer=IssuerProfile.from_spec(spec, did=f"did:web:micro4asia.example:institutions:{slug}"),
        credential_id=f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
        achievement_id=f"https://register.micro4asia.example/specs/{spec.code or 'x'}/v{spec.version}",
        issued_at=datetime(2026, 7, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(100_000)),
        salt=f"{rng.getrandbits(128):032x}",
        status=status,
    )


def _with_identical_sub_objects(rng: random.Random, credential: dict[str, Any]) -> dict[str, Any]:
    """Duplicate an alignment (or the result) so two blank nodes are indistinguishable."""
    out = copy.deepcopy(credential)
    subject = out["credentialSubject"]
    alignments = subject["achievement"].get("alignment")
    if alignments and rng.random() < 0.7:
        alignments.append(copy.deepcopy(rng.choice(alignments)))
    elif subject.get("result"):
        subject["result"].append(copy.deepcopy(subject["result"][0]))
    else:
        subject["identifier"].append(copy.deepcopy(subject["identifier"][0]))
    return out


def generate(root: Path) -> tuple[Path, Path]:
    specs = [load_spec(p) for p in sorted((root / "examples" / "specs").glob("*.json"))]
    specs = [s for s in specs if s.title and s.learning_outcomes and s.awarding_bodies]
    rng = random.Random(SEED)
    typical = [_credential(rng, specs[i % len(specs)], i) for i in range(TYPICAL_SIZE)]
    # The mixed population is the typical one with every fifth credential given identical
    # sub-objects, so the two differ only by the RDFC N-degree cases.
    mixed = [
        _with_identical_sub_objects(rng, c) if i % 5 == 0 else c for i, c in enumerate(typical[:MIXED_SIZE])
    ]
    out = root / "bench" / "populations"
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / "typical.jsonl", out / "mixed.jsonl")
    for path, docs in zip(paths, (typical, mixed), strict=True):
        path.write_text(
            "".join(json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n" for d in docs), "utf-8"
        )
    return paths


if __name__ == "__main__":  # pragma: no cover
    for written in generate(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()):
        print(written)
