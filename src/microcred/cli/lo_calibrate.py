"""``microcred lo-calibrate SET.json [--backend lexical-tfidf] [--format text|json]``: precision and
recall of the learning-outcome suggestions on a labelled set, and the thresholds the stated rule
chooses (recognition.md §8.2 step 4; ADR 0507). ``SET.json`` may be ``shipped`` for the
project-labelled set bundled with the package. Exit 0 report printed; 2 unreadable or invalid set."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from microcred.cli._output import print_json
from microcred.recognition.lo_calibration import calibrate, load_set, render_markdown, shipped_set, to_json
from microcred.recognition.lo_compare import SimilarityBackend, TfIdfBackend

# Backends that can run without injected parts; an embedding backend needs its encoder (ADR 0507).
BACKENDS: dict[str, type[TfIdfBackend]] = {"lexical-tfidf": TfIdfBackend}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "lo-calibrate",
        help="precision/recall of learning-outcome suggestions on a labelled set and the thresholds chosen "
        "(exit 0 report, 2 unreadable set)",
    )
    p.add_argument(
        "set", metavar="SET.json", help="a labelled set, or 'shipped' for the bundled project-labelled set"
    )
    p.add_argument("--backend", choices=sorted(BACKENDS), default="lexical-tfidf")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    labelled = shipped_set() if args.set == "shipped" else load_set(args.set)
    backend: SimilarityBackend = BACKENDS[args.backend]()
    cal = calibrate(labelled, backend)
    if args.format == "json":
        print_json(to_json(cal))
    else:
        sys.stdout.write(render_markdown(cal))
    return 0
