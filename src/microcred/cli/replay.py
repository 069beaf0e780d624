"""``microcred replay LOG.jsonl``: verify a case's audit chain and re-decide it from the inputs
snapshot (recognition.md §6.7). Exit 0 identical bit for bit, 1 tampered or different, 2 unreadable."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from microcred.errors import InputError
from microcred.recognition.audit import AuditLog, replay


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "replay",
        help="verify a recognition audit log and reproduce its decision (exit 0 identical, 1 not, 2 unreadable)",
    )
    p.add_argument("log", metavar="LOG.jsonl")
    p.add_argument("--expected-head", metavar="SHA256", help="head hash kept elsewhere (detects truncation)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.log)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}) [input.not_utf8]", where=str(path)) from None
    result = replay(AuditLog.from_jsonl(text, where=str(path)), expected_head=args.expected_head)
    print(f"{path}: {'IDENTICAL' if result.matches else 'DIFFERENT'} ({result.reason})")
    print(f"  recorded decision sha256 {result.recorded_sha256}")
    print(f"  replayed decision sha256 {result.replayed_sha256} ({result.outcome})")
    return 0 if result.matches else 1
