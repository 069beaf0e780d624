"""``microcred replay LOG.jsonl [--decision-credential FILE]… [--trust REGISTRY.json|demo]``: verify
a case's audit chain, check it against the heads anchored in its signed decision credentials
(ADR 0520), check that its events only make the moves the case life cycle allows
(``microcred.recognition.lifecycle``, ADR 0850), and re-decide it from the inputs snapshot
(recognition.md §6.7).

Exit 0 identical bit for bit (and every anchor reproduced), 1 tampered or different, 2
unreadable, 3 could not confirm (a decision credential whose key cannot be resolved offline:
give ``--trust``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Final

from microcred.cli._trust import add_anchor_argument, load_trust
from microcred.errors import InputError
from microcred.recognition.anchor import AnchorError, AnchorUnconfirmed, check_anchor, verified_anchor
from microcred.recognition.audit import AuditLog, replay, verify_chain
from microcred.recognition.lifecycle import LifecycleError, check_events
from microcred.untrusted_input import read_credential_file

EXIT_UNCONFIRMED: Final = 3
#: Anchor problems that make the file unusable (exit 2); a bad signature is tampering (exit 1).
_UNREADABLE: Final = frozenset(
    {"audit.anchor_missing", "audit.anchor_malformed", "audit.anchor_not_a_credential"}
)


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "replay",
        help="verify a recognition audit log, its anchored heads, and reproduce its decision "
        "(exit 0 identical, 1 not, 2 unreadable, 3 could not confirm)",
    )
    p.add_argument("log", metavar="LOG.jsonl")
    p.add_argument("--expected-head", metavar="SHA256", help="head hash kept elsewhere (detects truncation)")
    p.add_argument(
        "--decision-credential",
        action="append",
        default=[],
        metavar="FILE",
        help="a signed decision credential of the case (repeatable): its signature is verified and "
        "the log must reproduce the audit chain head it anchors (detects truncation and re-chaining)",
    )
    p.add_argument(
        "--trust", metavar="REGISTRY.json", help="signed trust registry to resolve the issuer's did:web key"
    )
    add_anchor_argument(p)
    p.set_defaults(handler=run)


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}) [input.not_utf8]", where=str(path)) from None


# The life cycle's codes, worded for the command line (the edge; the core returns codes).
_LIFECYCLE_TEXT: Final = {
    "lifecycle.unknown_event": "{where}: {action} is no step of the recognition desk",
    "lifecycle.event_not_allowed": "{where}: {action} is not allowed while the case is {status}",
}


def _lifecycle_text(exc: LifecycleError) -> str:
    template = _LIFECYCLE_TEXT.get(exc.code, "{where}: " + exc.code)
    return template.format(where=exc.where, **exc.params)


def run(args: argparse.Namespace) -> int:
    path = Path(args.log)
    log = AuditLog.from_jsonl(_read(path), where=str(path))
    trust = load_trust(args.trust, args.trust_anchor) if args.decision_credential else None
    for name in args.decision_credential:
        document = read_credential_file(name)
        if not isinstance(document, dict):
            raise InputError("a decision credential is a JSON object, not a JWS", where=name)
        try:
            anchored = verified_anchor(document, trust=trust)
        except AnchorUnconfirmed as exc:
            sys.stdout.write(f"{name}: COULD NOT CONFIRM ({exc.message})\n")
            return EXIT_UNCONFIRMED
        except AnchorError as exc:
            if exc.code in _UNREADABLE:
                exc.where = name
                raise
            sys.stdout.write(f"{name}: NOT AN ANCHOR OF THIS LOG ({exc.message})\n")
            return 1
        try:
            check_anchor(log.events, anchored)  # TamperError: exit 1 with the event and the code
        except AnchorError as exc:  # another case's credential
            sys.stdout.write(f"{name}: NOT AN ANCHOR OF THIS LOG ({exc.message})\n")
            return 1
        sys.stdout.write(
            f"{name}: anchor reproduced: {anchored.credential_id} signed by {anchored.issuer} "
            f"anchors {anchored.anchor.short}\n"
        )
    verify_chain(log.events, expected_head=args.expected_head)  # TamperError: exit 1
    try:
        check_events((e.action, e.payload) for e in log.events)
    except LifecycleError as exc:
        print(f"{path}: NOT A LIFE CYCLE OF THE DESK ({_lifecycle_text(exc)})")
        return 1
    result = replay(log, expected_head=args.expected_head)
    print(f"{path}: {'IDENTICAL' if result.matches else 'DIFFERENT'} ({result.reason})")
    print(f"  recorded decision sha256 {result.recorded_sha256}")
    print(f"  replayed decision sha256 {result.replayed_sha256} ({result.outcome})")
    return 0 if result.matches else 1
