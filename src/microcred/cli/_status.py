"""How ``--status-list FILE`` is read, for every command that takes it (``verify``, ``recognize``).

Each file is a status list credential (Bitstring Status List v1.0 §2.2), matched by its ``id`` to a
credential's ``statusListCredential``; nothing is fetched from the network. Without any file the
status of a credential that carries a status entry cannot be checked: its verdict is "could not
confirm" (ADR 0606), never valid.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from microcred.errors import InputError
from microcred.untrusted_input import read_credential_file
from microcred.verification import StatusFetcher


def add_status_list_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status-list",
        action="append",
        default=[],
        metavar="FILE",
        help="a status list credential (JSON) to check revocation/suspension against; repeatable",
    )


def status_fetcher(paths: list[str], embedded: Sequence[dict[str, Any]] = ()) -> StatusFetcher | None:
    """A fetcher over local status list files, keyed by their ``id`` (None when there are none).

    ``embedded``: status list credentials a recognition case carries (``status_lists``, ADR 0530);
    a file given on the command line wins over an embedded list with the same id."""
    if not paths and not embedded:
        return None
    lists: dict[str, dict[str, Any]] = {}
    for i, listing in enumerate(embedded):
        if not isinstance(listing.get("id"), str):
            raise InputError("a status list credential must have an id", where=f"status_lists[{i}]")
        lists[listing["id"]] = listing
    for path in paths:
        data = read_credential_file(path)
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise InputError("a status list credential must be a JSON object with an id", where=path)
        lists[data["id"]] = data

    def fetch(url: str) -> dict[str, Any]:
        if url not in lists:
            raise LookupError(f"no --status-list file or status_lists entry has the id {url}")
        return lists[url]

    return fetch
