"""``microcred verify FILE [--format json] [--require-trusted] [--trust REGISTRY.json]``.

``FILE`` holds a credential with an embedded Data Integrity proof (JSON) or a compact vc+jwt, or
carries one inside: a baked PNG or SVG badge (OB 3.0 §5.3) or a certificate PDF with the signed
credential attached (ADR 1302). The format is read from the file's content, not its name.

Exit codes (a stable interface, ADR 0606):

* 0 VALID: signed by its issuer (a proof's key is controlled by the ``issuer``), not revoked or
  suspended, within its dates, every check that matters confirmed;
* 1 INVALID: a check failed (format, signature, key or issuer binding, status, dates), with the
  reason; also NOT TRUSTED under ``--require-trusted``;
* 2 unreadable input (not a file, not JSON, not a compact JWS);
* 3 COULD NOT CONFIRM: nothing failed, but something that matters could not be checked
  offline (a key that cannot be resolved, a status entry with no ``--status-list`` for it).

Trust (issuer in the consortium registry) is reported beside validity and changes the exit
code only with ``--require-trusted``. Status lists are not fetched (offline). ``--format json``
prints the report with ``"verdict"`` (``valid`` / ``invalid`` / ``unconfirmed``), ``"ok"`` and
every check's ``code`` and ``params``.

``--status-list FILE`` (repeatable) supplies status list credentials from files, matched by their
``id`` to the credential's ``statusListCredential``; nothing is fetched from the network.

Without ``--trust`` no registry is used: did:key issuers verify, did:web and https controllers
cannot be resolved, and trust is "not checked". ``--trust demo`` uses the demo registry shipped
with the package, whose keys are public test keys: it shows how trust works and proves nothing.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Final

from microcred.cli._output import print_json
from microcred.cli._status import add_status_list_argument, status_fetcher
from microcred.cli._trust import add_anchor_argument, load_trust
from microcred.credential_files import read_credential_path
from microcred.verification import VerificationReport, inspect

EXIT_VALID: Final = 0
EXIT_INVALID: Final = 1
EXIT_UNREADABLE: Final = 2
EXIT_UNCONFIRMED: Final = 3
_MARK = {"passed": "ok  ", "failed": "FAIL", "not_checked": "--  "}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="verify a signed credential (exit 0 valid, 1 invalid, 2 unreadable, 3 could not confirm)",
        description="Verify a signed credential offline.",
        epilog="exit codes: 0 valid, 1 invalid (or not trusted with --require-trusted), "
        "2 unreadable input, 3 could not confirm (a key or a status that could not be checked)",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--trust", metavar="REGISTRY.json", help="consortium trust registry (default: the demo one)"
    )
    add_anchor_argument(p)
    p.add_argument("--require-trusted", action="store_true", help="fail unless the issuer is in the registry")
    add_status_list_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    credential = read_credential_path(args.file)  # within the limits on untrusted input (ADR 0608)
    trust = load_trust(args.trust, args.trust_anchor)  # a signed registry from a trust anchor (ADR 0703)
    report = inspect(credential, trust=trust, status=status_fetcher(args.status_list))
    ok = report.valid and (report.trusted or not args.require_trusted)
    if args.format == "json":
        print_json({"file": args.file, "ok": ok, **report.as_dict()})
    else:
        _print_text(args.file, report, ok, args.require_trusted)
    if ok:
        return EXIT_VALID
    return EXIT_UNCONFIRMED if report.verdict == "unconfirmed" else EXIT_INVALID


def _print_text(name: str, report: VerificationReport, ok: bool, require_trusted: bool) -> None:
    if ok:
        verdict = "VALID" + (" and TRUSTED" if report.trusted else "")
    elif report.valid and require_trusted:
        verdict = "NOT TRUSTED"
    elif report.verdict == "unconfirmed":
        verdict = "COULD NOT CONFIRM"
    else:
        verdict = "INVALID"
    sys.stdout.write(f"{name}: {verdict}\n")
    for check in report.checks:
        sys.stdout.write(f"  {_MARK[check.state]} {check.name:<9} {check.reason}\n")
