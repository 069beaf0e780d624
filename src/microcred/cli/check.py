"""``microcred check SPEC.json [--format json]``: conformance to Annex I of 2022/C 243/02."""

from __future__ import annotations

import argparse
from typing import Any

from microcred.cli._output import print_json
from microcred.model.spec import read_json
from microcred.standards.eu_mc import check_document


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="check a micro-credential specification against the EU Recommendation (exit 0 conformant, 1 not, 2 unreadable)",
    )
    p.add_argument("files", nargs="+", metavar="SPEC.json")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--quiet", action="store_true", help="print errors and warnings only")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    results = []
    all_ok = True
    for name in args.files:
        report = check_document(read_json(name))
        all_ok = all_ok and report.conformant
        results.append((name, report))
    if args.format == "json":
        payload = [{"file": name, **report.as_dict()} for name, report in results]
        print_json(payload[0] if len(payload) == 1 else payload)
    else:
        for name, report in results:
            verdict = "CONFORMANT" if report.conformant else "NOT CONFORMANT"
            print(f"{name}: {verdict} ({len(report.errors)} error(s), {len(report.warnings)} warning(s))")
            for f in report.findings:
                if args.quiet and f.severity == "info":
                    continue
                print(f"  {f.severity:<7} {f.code:<34} {f.path}: {f.message}")
    return 0 if all_ok else 1
