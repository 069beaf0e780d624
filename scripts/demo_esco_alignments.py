"""Write ``examples/esco/demo-alignments.json``: the ESCO skills the demo's course designers
confirm for the outcomes of the demo specifications (ADR 1460).

    .venv/bin/python scripts/demo_esco_alignments.py [OUT]

For every outcome of the reviewed list (the project-labelled set, ``calibration-set-v1.json``:
each label says who set it and why) the suggestion engine (``Bm25Backend`` with the occupation relations, the default
threshold of ``suggest_skills``) is run on the outcome's English text with its specification's
title, as the studio's skills page does. A reviewed skill among the engine's suggestions is recorded ``"how": "suggested"``
with its rank, the others ``"how": "searched"`` (the designer found it by searching the
classification). Only reviewed skills are confirmed: a suggestion nobody reviewed is not put
into a demo credential. ``load_demo`` reads the file and creates each draft with these skills,
as its course designer (``learning_outcomes[].esco_skills``). Deterministic: run it again after
the labelled set, the ESCO subset or the engine changes, and commit the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from microcred.esco.calibration import shipped_set, titles_of
from microcred.esco.layout import read_classification
from microcred.esco.store import occupation_records, skill_records
from microcred.esco.suggest import Bm25Backend, suggest_skills

ROOT = Path(__file__).resolve().parents[1]
ESCO = ROOT / "examples" / "esco" / "v1.1.1"
OUT = ROOT / "examples" / "esco" / "demo-alignments.json"


def main(out: Path = OUT) -> int:
    labelled = shipped_set()
    raw = json.loads((ROOT / "src/microcred/esco/data/calibration-set-v1.json").read_text("utf-8"))
    labels = {
        (item["specification"], item["outcome"], s["uri"]): s["label"]
        for item in raw["outcomes"]
        for s in item["skills"]
    }
    codes = {(item["file"], item["outcome"]): item["specification"] for item in raw["outcomes"]}
    classification = read_classification(ESCO)
    backend = Bm25Backend(skill_records(classification), occupations=occupation_records(classification))
    titles = titles_of(labelled, ROOT)
    rows = []
    suggested = searched = 0
    for outcome in labelled.outcomes:
        code = codes[(outcome.file, outcome.outcome)]
        context = titles.get(outcome.file, "")
        shown = [
            s.uri
            for s in suggest_skills(outcome.outcome, outcome.texts, backend, context=context).suggestions
        ]
        skills = []
        for uri in sorted(
            outcome.relevant, key=lambda u: (u not in shown, shown.index(u) if u in shown else 0, u)
        ):
            rank = shown.index(uri) + 1 if uri in shown else None
            suggested += rank is not None
            searched += rank is None
            skills.append(
                {
                    "uri": uri,
                    "label": labels[(code, outcome.outcome, uri)],
                    "how": "suggested" if rank is not None else "searched",
                    "rank": rank,
                }
            )
        rows.append({"specification": code, "outcome": outcome.outcome, "skills": skills})
    document = {
        "format": "microcred-demo-esco-alignments",
        "version": 1,
        "esco_version": labelled.esco_version,
        "backend": backend.id,
        "provenance": {
            "status": "demo data: project-labelled, NOT partner data",
            "reviewed_list": "src/microcred/esco/data/calibration-set-v1.json (set_by and why on every label)",
            "confirmed_by": "the course designer account of the awarding institution, when load_demo creates the draft",
            "rule": "every reviewed skill is confirmed; 'suggested' = shown by the engine at its calibrated "
            "threshold (rank 1-10), 'searched' = not shown, found by searching the classification",
            "generated_by": "scripts/demo_esco_alignments.py",
        },
        "counts": {"outcomes": len(rows), "suggested": suggested, "searched": searched},
        "alignments": rows,
    }
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{out}: {len(rows)} outcomes, {suggested} suggested + {searched} searched skills")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
