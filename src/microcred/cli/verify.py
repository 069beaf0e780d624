"""``microcred verify FILE [--format json] [--require-trusted] [--trust REGISTRY.json]``.

``FILE`` holds a credential with an embedded Data Integrity proof (JSON) or a compact vc+jwt.
Exit 0: cryptographically valid, not revoked or suspended, within its dates. Trust (issuer in the
consortium registry) is reported beside that and changes the exit code only with
``--require-trusted``. Exit 1: invalid, with the reason. Exit 2: unreadable input. Status lists
are not fetched (offline): a credential with a status entry shows "could not check".

``--status-list FILE`` (repeatable) supplies status list credentials from files, matched by their
``id`` to the credential's ``statusListCredential``; nothing is fetched from the network.

Without ``--trust`` no registry is used: did:key issuers verify, did:web and https controllers
cannot be resolved, and trust is "not checked". ``--trust demo`` uses the demo registry shipped
with the package, whose keys are public test keys: it shows how trust works and proves nothing.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from microcred.cli._output import print_json
from microcred.errors import InputError
from microcred.trust import TrustRegistry
from microcred.untrusted_input import read_credential_file
from microcred.verification import StatusFetcher, VerificationReport, inspect

_MARK = {"passed": "ok  ", "failed": "FAIL", "not_checked": "--  "}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="verify a signed credential (exit 0 valid, 1 invalid, 2 unreadable)",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--trust", metavar="REGISTRY.json", help="consortium trust registry (default: the demo one)"
    )
    p.add_argument("--require-trusted", action="store_true", help="fail unless the issuer is in the registry")
    p.add_argument(
        "--status-list",
        action="append",
        default=[],
        metavar="FILE",
        help="a status list credential (JSON) to check revocation/suspension against; repeatable",
    )
    p.set_defaults(handler=run)


def read_credential(path: str) -> dict[str, Any] | str:
    """A JSON credential object or a compact JWS string, read within the limits of
    :mod:`microcred.untrusted_input`; an ``InputError`` (exit 2) for anything else."""
    return read_credential_file(path)


def run(args: argparse.Namespace) -> int:
    credential = read_credential(args.file)
    trust = None
    if args.trust == "demo":
        trust = TrustRegistry.demo()
        sys.stderr.write("microcred: using the DEMO trust registry; its keys are public, it proves nothing\n")
    elif args.trust:
        trust = TrustRegistry.load(args.trust)
    report = inspect(credential, trust=trust, status=_status_fetcher(args.status_list))
    ok = report.valid and (report.trusted or not args.require_trusted)
    if args.format == "json":
        print_json({"file": args.file, "ok": ok, **report.as_dict()})
    else:
        _print_text(args.file, report, ok, args.require_trusted)
    return 0 if ok else 1


def _status_fetcher(paths: list[str]) -> StatusFetcher | None:
    """A fetcher over local status list files, keyed by their ``id`` (None when there are none)."""
    if not paths:
        return None
    lists: dict[str, dict[str, Any]] = {}
    for path in paths:
        data = read_credential(path)
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise InputError("a status list credential must be a JSON object with an id", where=path)
        lists[data["id"]] = data

    def fetch(url: str) -> dict[str, Any]:
        if url not in lists:
            raise LookupError(f"no --status-list file has the id {url}")
        return lists[url]

    return fetch


def _print_text(name: str, report: VerificationReport, ok: bool, require_trusted: bool) -> None:
    if ok:
        verdict = "VALID" + (" and TRUSTED" if report.trusted else "")
    elif report.valid and require_trusted:
        verdict = "NOT TRUSTED"
    else:
        verdict = "INVALID"
    sys.stdout.write(f"{name}: {verdict}\n")
    for check in report.checks:
        sys.stdout.write(f"  {_MARK[check.state]} {check.name:<9} {check.reason}\n")
