"""``microcred keys generate [--type ed25519|p256] [--out KEY.json]``: a signing key file.

The file holds the Multikey public key **and the secret key** (``secretKeyMultibase``). It is
written with mode 0600 (owner read/write only) and never over an existing file. Keep it out of
version control and backups that others can read; production issuers keep keys in the encrypted
key store or an HSM (``microcred.crypto.key_provider``), not in such files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Final

from microcred.crypto.keys import Ed25519KeyPair, KeyPair, P256KeyPair, key_pair_from_multikey
from microcred.errors import InputError, MicrocredError
from microcred.untrusted_input import read_json_file

FORMAT: Final = "microcred-key-file"
WARNING: Final = (
    "SECRET KEY: whoever has this file can issue credentials in your name. Mode 0600; never share it."
)


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("keys", help="generate a signing key file (Multikey)")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    g = actions.add_parser("generate", help="generate a new key (the file contains the SECRET key)")
    g.add_argument("--type", choices=["ed25519", "p256"], default="ed25519")
    g.add_argument("--out", metavar="KEY.json", help="write here (mode 0600) instead of standard output")
    g.set_defaults(handler=run_generate)


def key_file_json(pair: KeyPair) -> dict[str, Any]:
    """The key file: Multikey public and secret parts, with the did:key it stands for."""
    public = pair.public_key
    return {
        "format": FORMAT,
        "warning": WARNING,
        "type": "Multikey",
        "algorithm": public.algorithm,
        "id": public.did_key_verification_method,
        "controller": public.did_key,
        "publicKeyMultibase": public.public_key_multibase,
        "secretKeyMultibase": pair.export_secret_key_multibase(),
    }


def load_key_file(path: str | Path) -> KeyPair:
    """Read a key file written by ``keys generate``; :class:`InputError` names what is wrong."""
    p = Path(path)
    data = read_json_file(p)
    if not isinstance(data, dict) or not isinstance(data.get("secretKeyMultibase"), str):
        raise InputError("not a key file: 'secretKeyMultibase' is missing", where=str(p))
    try:
        return key_pair_from_multikey(data["secretKeyMultibase"], data.get("publicKeyMultibase"))
    except MicrocredError as exc:
        raise InputError(f"the key in the file is not usable: {exc.message}", where=str(p)) from None


def run_generate(args: argparse.Namespace) -> int:
    pair: KeyPair = Ed25519KeyPair.generate() if args.type == "ed25519" else P256KeyPair.generate()
    text = json.dumps(key_file_json(pair), indent=2) + "\n"
    if args.out is None:
        sys.stderr.write("microcred: the key below contains the SECRET key; store it with mode 0600\n")
        sys.stdout.write(text)
        return 0
    try:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError("the file exists; refusing to overwrite a key", where=args.out) from None
    except OSError as exc:
        raise InputError(f"cannot create the key file: {exc.strerror}", where=args.out) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    sys.stderr.write(f"microcred: wrote {args.out} (mode 0600); public key {pair.public_key.did_key}\n")
    return 0
