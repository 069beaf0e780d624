"""``microcred recognize CASE.json [--format json]``: the proposed recognition decision with its
rationale (recognition.md §4.4). Exit 0 when a decision is proposed (any outcome, including
NOT_RECOGNISED and PENDING_INFORMATION: a credential whose status could not be checked is
PENDING_INFORMATION with the status list asked for, ADR 0530); 2 when the case cannot be read or
is invalid."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from microcred.cli._output import print_json
from microcred.cli._status import add_status_list_argument, status_fetcher
from microcred.cli._trust import add_anchor_argument, load_trust
from microcred.errors import InputError, MicrocredError
from microcred.recognition import load_case_doc, recognise, render_text
from microcred.recognition.audit import AuditLog
from microcred.recognition.case import CaseDoc, LoMatrixDoc, SuggestionDoc, case_json_schema, to_core
from microcred.recognition.evidence import verify_signed_credentials
from microcred.recognition.lo_compare import LoText, suggest
from microcred.recognition.signed_verifier import CoreCredentialVerifier


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "recognize",
        help="propose a recognition decision for a case (exit 0 decided, 2 unreadable or invalid case)",
    )
    p.add_argument("case", nargs="?", metavar="CASE.json")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--register",
        action="append",
        default=[],
        metavar="DIR",
        help="folder of specs for spec_code look-ups",
    )
    p.add_argument("--audit-log", metavar="LOG.jsonl", help="write the case's hash-chained audit log here")
    p.add_argument("--actor", default="microcred-cli", help="actor recorded in the audit log")
    p.add_argument("--schema", action="store_true", help="print the JSON Schema of the case format and exit")
    p.add_argument(
        "--trust",
        metavar="REGISTRY.json",
        help="verify the case's signed credentials first, with the keys of this trust registry "
        "('demo' for the bundled demo registry); without it signed credentials stay unverified (S1 pending)",
    )
    add_anchor_argument(p)
    add_status_list_argument(p)
    p.add_argument(
        "--suggest-lo",
        action="store_true",
        help="print the case's lo_matrix with learning-outcome suggestions (lexical backend) for a reviewer; decide nothing",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.schema:
        sys.stdout.write(json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n")
        return 0
    if not args.case:
        print("microcred recognize: a CASE.json is required", file=sys.stderr)
        return 2
    doc = load_case_doc(args.case, register_dirs=[Path(d) for d in args.register])
    registry = load_trust(args.trust, args.trust_anchor)
    if registry is not None:
        # the case's own status_lists and --status-list files; without a list, a status entry is
        # recorded as not checked and S1 asks for it (never a pass, ADR 0530)
        status = status_fetcher(args.status_list, doc.status_lists)
        doc = verify_signed_credentials(doc, CoreCredentialVerifier(registry, status=status))
    if args.suggest_lo:
        print_json(suggest_for_case(doc, source=args.case).model_dump(mode="json"))
        return 0
    try:
        rec = recognise(doc, source=args.case)
    except InputError:
        raise
    except MicrocredError as exc:  # anything the case's content provokes makes the case invalid
        raise InputError(exc.message, where=f"{args.case}: {exc.where}" if exc.where else args.case) from None
    if args.audit_log:
        log = AuditLog.open_case(doc, actor=args.actor)
        log.record_decision(rec, actor=args.actor)
        Path(args.audit_log).write_text(log.to_jsonl(), encoding="utf-8")
    if args.format == "json":
        print_json(rec.report)
    else:
        print(render_text(rec.report))
    return 0


def suggest_for_case(doc: CaseDoc, *, source: str = "") -> LoMatrixDoc:
    """The case's matrix with fresh suggestions (recognition.md §8.2 steps 1-4); rows are kept as they are."""
    case = to_core(doc, source=source)
    targets = [
        LoText(t.id, t.text, t.lang, t.bloom_level, t.esco_uris) for t in case.target.learning_outcomes
    ]
    sources = [
        LoText(lo.id, lo.text, lo.lang, lo.bloom_level, lo.esco_uris, credential_id=c.credential_id)
        for c in case.credentials
        for lo in c.learning_outcomes or ()
    ]
    found = suggest(targets, sources)
    matrix = doc.lo_matrix or LoMatrixDoc()
    return matrix.model_copy(
        update={
            "suggestions": [
                SuggestionDoc(
                    target_lo=s.target_lo, source=str(s.source), score=s.score, band=s.band, backend=s.backend
                )
                for s in found.suggestions
            ]
        }
    )
