"""``microcred esco import PATH [--esco-version vX.Y.Z] [--store FILE] [--format text|json]``:
read the official ESCO CSV files (a folder of the download, or one file) and import them into
a store, writing only the rows that are new or changed (ADR 1401). Exit 0 imported (or nothing
to do), 2 the files are refused, with every problem listed (file, row, column, code).

The core keeps its own store, a SQLite file (default ``var/esco.sqlite3``); the web platform
imports the same files into its database with ``manage.py esco_import PATH``, which runs the
same reader and the same change plan."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from microcred.cli._output import print_json
from microcred.esco.layout import EscoFileError, read_classification
from microcred.esco.store import SqliteEscoStore, import_into

DEFAULT_STORE = "var/esco.sqlite3"


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "esco", help="import the official ESCO classification (CSV) into a store"
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    i = actions.add_parser(
        "import", help="import skills_<lang>.csv, occupations_<lang>.csv and occupationSkillRelations*.csv"
    )
    i.add_argument("path", metavar="PATH", help="a folder of the official download, or one of its files")
    i.add_argument("--esco-version", help="the ESCO version, e.g. v1.1.1 (default: the vX.Y.Z in PATH)")
    i.add_argument(
        "--store", default=DEFAULT_STORE, metavar="FILE", help=f"SQLite store (default {DEFAULT_STORE})"
    )
    i.add_argument("--format", choices=["text", "json"], default="text")
    i.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    try:
        classification = read_classification(Path(args.path), version=args.esco_version)
    except EscoFileError as exc:
        if args.format == "json":
            print_json(
                {
                    "imported": False,
                    "problems": [
                        {
                            "file": p.file,
                            "row": p.row,
                            "column": p.column,
                            "code": p.code,
                            "params": dict(p.params),
                        }
                        for p in exc.problems
                    ],
                }
            )
        else:
            for problem in exc.problems:
                print(f"microcred: {problem}", file=sys.stderr)
        return 2
    Path(args.store).parent.mkdir(parents=True, exist_ok=True)
    plan = import_into(SqliteEscoStore(args.store), classification)
    summary = {
        "imported": True,
        "version": classification.version,
        "languages": list(classification.languages),
        "concepts": len(classification.concepts),
        "relations": len(classification.relations),
        **plan.counts(),
    }
    if args.format == "json":
        print_json(summary)
    else:
        print(
            f"ESCO {classification.version} ({', '.join(classification.languages) or 'relations'}): "
            f"{summary['concepts']} concepts, {summary['relations']} relations; "
            f"rows created {plan.created}, updated {plan.updated}, unchanged {plan.unchanged}"
        )
    return 0
