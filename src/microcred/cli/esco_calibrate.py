"""``microcred esco-calibrate SET.json [--esco PATH] [--format text|json]``: precision@5 and
recall@10 of the ESCO skill suggestions on a labelled set, and the threshold the stated rule
chooses (ADR 1402). ``SET.json`` may be ``shipped`` for the project-labelled set bundled with the
package; ``--esco`` is the classification to rank (default: the demo's subset). Exit 0 report
printed; 2 unreadable set or classification."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from microcred.cli._output import print_json
from microcred.esco.calibration import calibrate, load_set, render_markdown, shipped_set, titles_of, to_json
from microcred.esco.layout import read_classification
from microcred.esco.store import occupation_records, skill_records
from microcred.esco.suggest import Bm25Backend

DEFAULT_ESCO = "examples/esco/v1.1.1"


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "esco-calibrate",
        help="precision@5 / recall@10 of ESCO skill suggestions on a labelled set and the threshold chosen",
    )
    p.add_argument("set", metavar="SET.json", help="a labelled set, or 'shipped' for the bundled set")
    p.add_argument(
        "--esco", default=DEFAULT_ESCO, metavar="PATH", help=f"ESCO CSV folder (default {DEFAULT_ESCO})"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    labelled = shipped_set() if args.set == "shipped" else load_set(args.set)
    classification = read_classification(Path(args.esco))
    backend = Bm25Backend(skill_records(classification), occupations=occupation_records(classification))
    cal = calibrate(labelled, backend, titles_of(labelled))
    if args.format == "json":
        print_json(to_json(cal))
    else:
        sys.stdout.write(render_markdown(cal))
    return 0
