"""``microcred convert credits N --from A --to B`` and ``microcred convert level CODE:LEVEL --to FW``."""

from __future__ import annotations

import argparse
from typing import Any

from microcred.cli._output import print_json
from microcred.conversion import convert_credits, convert_level


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "convert", help="convert credits between credit systems, or levels between frameworks"
    )
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    c = kinds.add_parser("credits", help="e.g. convert credits 3 --from VN-TC --to ECTS")
    c.add_argument("amount")
    c.add_argument("--from", dest="source", required=True, metavar="SYSTEM")
    c.add_argument("--to", dest="target", required=True, metavar="SYSTEM")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.set_defaults(handler=run_credits)
    lv = kinds.add_parser("level", help="e.g. convert level VQF:6 --to EQF")
    lv.add_argument("level", metavar="CODE:LEVEL")
    lv.add_argument("--to", dest="target", required=True, metavar="FRAMEWORK")
    lv.add_argument("--format", choices=["text", "json"], default="text")
    lv.set_defaults(handler=run_level)


def run_credits(args: argparse.Namespace) -> int:
    conv = convert_credits(args.amount, args.source, args.target)
    if args.format == "json":
        print_json(conv.as_dict())
    else:
        print("\n".join(conv.explain()))
    return 0


def run_level(args: argparse.Namespace) -> int:
    conv = convert_level(args.level, args.target)
    if args.format == "json":
        print_json(conv.as_dict())
    else:
        print("\n".join(conv.explain()))
    return 0
