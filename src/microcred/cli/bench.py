"""``microcred bench [--json] [--quick]``: issue/verify throughput of every proof path, with
ratios against raw Ed25519 and a plain-PyLD baseline measured in the same run.

The goals (e.g. rdfc issue ≥ 40× the PyLD baseline) are reported, never asserted: the exit code
is 0 whenever the benchmark ran. ``--quick`` runs a handful of documents with tiny batches (a
smoke run; its numbers mean nothing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from microcred.cli._output import print_json


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("bench", help="benchmark issuing and verifying credentials")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--quick", action="store_true", help="a few documents, tiny batches (smoke run)")
    p.add_argument("--populations", metavar="DIR", help="folder with typical.jsonl and mixed.jsonl")
    p.add_argument(
        "--esco",
        metavar="LANGS",
        nargs="?",
        const="en",
        help="instead: import a generated full-size ESCO classification (languages, default en; ADR 1401)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.esco:
        return _run_esco(args)
    from microcred.bench import run as run_bench

    report = run_bench(quick=args.quick, populations=Path(args.populations) if args.populations else None)
    if args.json:
        print_json(report)
        return 0
    out = sys.stdout
    out.write(
        f"microcred bench ({report['mode']}; {report['method']['cpu']}; median of {report['method']['repeats']})\n"
    )
    out.write(f"{'path':<32}{'issue/s':>12}{'verify/s':>12}{'issue+check/s':>15}{'verify all/s':>14}\n")
    for path, entry in report["paths"].items():
        out.write(
            f"{path:<32}{entry['issue_per_s']['median']:>12,.0f}{entry['verify_per_s']['median']:>12,.0f}"
            f"{entry.get('issue_checked_per_s', {}).get('median', 0):>15,.0f}"
            f"{entry.get('verify_full_per_s', {}).get('median', 0):>14,.0f}\n"
        )
    out.write("\ngoals (reported, not asserted):\n")
    for name, goal in report["goals"].items():
        out.write(
            f"  {name:<30} {goal['measured']:>8.2f}  goal {goal['goal']:<5} {'met' if goal['met'] else 'NOT met'}\n"
        )
    pops = report["populations"]
    out.write(
        f"\nfirst credential after start-up: {report['first_credential_ms']} ms; peak memory "
        f"{report['peak_memory_kib'] / 1024:.0f} MiB; documents off the fast path: {report['left_fast_path']}; "
        f"N-degree: typical {pops['typical']['n_degree_documents']}/{pops['typical']['documents']}, "
        f"mixed {pops['mixed']['n_degree_documents']}/{pops['mixed']['documents']}\n"
    )
    return 0


def _run_esco(args: argparse.Namespace) -> int:
    from microcred.bench.esco_import import run as run_esco

    report = run_esco(languages=tuple(lang.strip() for lang in args.esco.split(",") if lang.strip()))
    if args.json:
        print_json(report)
        return 0
    c = report["classification"]
    sys.stdout.write(
        f"ESCO import, generated: {c['skills']:,} skills, {c['occupations']:,} occupations, "
        f"{c['relations']:,} relations, {c['languages']} language(s), {c['csv_bytes'] / 1e6:.1f} MB of CSV\n"
    )
    for stage in ("read", "first_import", "reimport_unchanged", "plan_only"):
        entry = report[stage]
        extra = ", ".join(f"{k} {v:,}" for k, v in entry.items() if k not in ("cpu_s", "wall_s"))
        sys.stdout.write(
            f"  {stage:<20} cpu {entry['cpu_s']:>7.2f} s  wall {entry['wall_s']:>7.2f} s  {extra}\n"
        )
    return 0
