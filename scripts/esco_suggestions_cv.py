"""Cross-validation behind ADR 1463: which variant of the ESCO skill suggestions to ship,
measured on held-out specifications of the project-labelled set (never on the outcomes a choice
was made on).

    .venv/bin/python scripts/esco_suggestions_cv.py

Variants of ``Bm25Backend`` (version 2): the specification's English title as context or not,
the occupation-relation bonus ``OCCUPATION_BONUS`` λ ∈ {0, 0.02, 0.03, 0.05, 0.1} and
``TOP_OCCUPATIONS`` K ∈ {1, 3}; λ = 0 without context is version 1 (ADR 1402). The outcomes are
split into five folds by specification (a specification's outcomes are never on both sides;
folds by CRC-32 of the file name). For each fold the variant with the best recall@10 (then
precision@5) on the four other folds is measured on it; the held-out counts are summed.
Measured with no threshold (ranking quality; the threshold is then chosen by
``microcred esco-calibrate``). Run twice: over every variant, and over λ ≤ 0.05 only — the
ceiling that keeps "SQL" among the suggestions for "Write SQL queries…" (a test of evident
skills, ADR 1402), which λ = 0.1 loses.
"""

from __future__ import annotations

import itertools
import zlib
from decimal import Decimal
from pathlib import Path

from microcred.esco.calibration import shipped_set, titles_of
from microcred.esco.layout import read_classification
from microcred.esco.store import occupation_records, skill_records
from microcred.esco.suggest import Bm25Backend

ROOT = Path(__file__).resolve().parents[1]
Counts = tuple[int, int, int, int]  # found, pairs, top-5 hits, top-5 shown


def main() -> None:
    labelled = shipped_set()
    outcomes = labelled.outcomes
    titles = titles_of(labelled, ROOT)
    classification = read_classification(ROOT / "examples" / "esco" / "v1.1.1")
    backend = Bm25Backend(skill_records(classification), occupations=occupation_records(classification))
    per: dict[tuple[Decimal, int, bool], list[Counts]] = {}
    for lam, top, context in itertools.product(
        (Decimal(0), Decimal("0.02"), Decimal("0.03"), Decimal("0.05"), Decimal("0.1")), (1, 3), (False, True)
    ):
        if lam == 0 and top == 3:
            continue
        backend.OCCUPATION_BONUS, backend.TOP_OCCUPATIONS = lam, top  # type: ignore[misc]
        rows = []
        for o in outcomes:
            shown = [
                u
                for u, _ in backend.rank(o.texts["en"], 10, context=titles.get(o.file, "") if context else "")
            ]
            rows.append(
                (
                    len(o.relevant & set(shown)),
                    len(o.relevant),
                    sum(u in o.relevant for u in shown[:5]),
                    len(shown[:5]),
                )
            )
        per[(lam, top, context)] = rows

    def total(variant: tuple[Decimal, int, bool], idx: list[int]) -> Counts:
        return tuple(sum(per[variant][i][j] for i in idx) for j in range(4))  # type: ignore[return-value]

    def key(variant: tuple[Decimal, int, bool], idx: list[int]) -> tuple[float, float]:
        f, p, h, s = total(variant, idx)
        return (f / p, h / max(s, 1))

    every = list(range(len(outcomes)))
    files = sorted({o.file for o in outcomes}, key=lambda f: zlib.crc32(f.encode()))
    fold = {f: i % 5 for i, f in enumerate(files)}
    print("variant (lambda, K, title) -> whole set: found/pairs, top-5 hits/shown")
    for variant in per:
        print(" ", variant, total(variant, every))
    for name, allowed in (
        ("every variant", list(per)),
        ("lambda <= 0.05", [v for v in per if v[0] <= Decimal("0.05")]),
    ):
        held = [0, 0, 0, 0]
        for k in range(5):
            test = [i for i, o in enumerate(outcomes) if fold[o.file] == k]
            train = [i for i, o in enumerate(outcomes) if fold[o.file] != k]
            chosen = max(allowed, key=lambda v: key(v, train))
            for j, x in enumerate(total(chosen, test)):
                held[j] += x
            print(f"  {name}: fold {k} ({len(test)} outcomes) chose {chosen}")
        f, p, h, s = held
        print(f"{name}: held-out recall@10 {f}/{p} = {f / p:.3f}, precision@5 {h}/{s} = {h / s:.3f}")
    f, p, h, s = total((Decimal(0), 1, False), every)
    print(
        f"version 1 (no title, no relations): recall@10 {f}/{p} = {f / p:.3f}, precision@5 {h}/{s} = {h / s:.3f}"
    )


if __name__ == "__main__":
    main()
