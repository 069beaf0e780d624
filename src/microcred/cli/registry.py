"""``microcred registry …``: the consortium secretariat's commands for the trust registry (ADR 0703).

The secretariat keeps the registry **content** (the ``microcred-trust-registry`` file, unsigned,
under version control) and changes it only with these commands; each change is checked against
the format before the file is replaced (nothing half-written). ``sign`` turns the content into
the registry credential that verifiers accept, with the consortium key and the names of the two
people who approved the change. The procedure (who asks, who approves, who signs) is in
``docs/trust-registry.md``.

* ``keygen --key-dir DIR`` — the consortium key, a ``did:key`` in the encrypted key store
  (ADR 0202); prints its identifier and fingerprint for ``data/anchors.json`` and the README;
* ``init CONTENT --consortium NAME``;
* ``add-institution CONTENT --slug S --name en=… --country CC --did DID --key z6Mk… [--qa-…]``;
* ``remove-institution CONTENT --slug S``;
* ``add-key CONTENT --slug S --did DID --key z6Mk…`` (a new key after a rotation);
* ``retire-key CONTENT --slug S --key z6Mk… [--at WHEN]``;
* ``sign CONTENT --key-dir DIR --approved-by NAME --approved-by NAME [--valid-days N] --out FILE``
  (``--demo-key`` signs with the DEMO consortium key instead: for demos and tests only);
* ``show FILE [--trust-anchor DID]`` — checks a signed registry and says who signed, until when,
  who approved, and which institutions it lists.

The passphrase of the key store comes from ``MICROCRED_KEY_PASSPHRASE`` or ``--passphrase-file``.
Exit 0 done; 2 unreadable or refused input (with the reason).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from microcred.cli._output import print_json
from microcred.cli._trust import add_anchor_argument, anchors
from microcred.crypto.key_provider import PASSPHRASE_ENV, EncryptedFileKeyProvider
from microcred.crypto.signer import Signer
from microcred.errors import InputError, MicrocredError
from microcred.trust.registry import FORMAT, TrustRegistry, TrustRegistryError, read_registry_file
from microcred.trust.signed import (
    demo_anchor,
    demo_signer,
    fingerprint,
    load_signed_file,
    sign_registry,
)

DEFAULT_VALID_DAYS = 365
MAX_VALID_DAYS = 3 * 366
MAX_DEMO_VALID_DAYS = 10 * 366  # the shipped demo registry must outlive many releases


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "registry", help="keep and sign the consortium trust registry (secretariat; exit 0 done, 2 refused)"
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    g = actions.add_parser("keygen", help="create the consortium key (did:key) in an encrypted key store")
    g.add_argument("--key-dir", required=True, metavar="DIR")
    g.add_argument("--passphrase-file", metavar="FILE")
    g.set_defaults(handler=run_keygen)

    i = actions.add_parser("init", help="start an empty registry content file")
    i.add_argument("content", metavar="CONTENT.json")
    i.add_argument("--consortium", required=True)
    i.set_defaults(handler=run_init)

    a = actions.add_parser("add-institution", help="an institution joins")
    a.add_argument("content", metavar="CONTENT.json")
    a.add_argument("--slug", required=True)
    a.add_argument("--name", action="append", required=True, metavar="LANG=NAME")
    a.add_argument("--country", required=True, metavar="CC")
    a.add_argument("--did", required=True, metavar="DID")
    a.add_argument("--key", required=True, metavar="MULTIKEY", help="publicKeyMultibase of its signing key")
    a.add_argument("--valid-from", metavar="WHEN", help="ISO 8601 (default: now)")
    a.add_argument("--qa-registry", metavar="NAME", help="e.g. DEQAR")
    a.add_argument("--qa-body", metavar="NAME")
    a.add_argument("--qa-valid-until", metavar="YYYY-MM-DD")
    a.set_defaults(handler=run_add_institution)

    r = actions.add_parser(
        "remove-institution", help="an institution leaves (its keys are no longer trusted)"
    )
    r.add_argument("content", metavar="CONTENT.json")
    r.add_argument("--slug", required=True)
    r.set_defaults(handler=run_remove_institution)

    k = actions.add_parser("add-key", help="add an institution's new key (after a rotation)")
    k.add_argument("content", metavar="CONTENT.json")
    k.add_argument("--slug", required=True)
    k.add_argument("--did", required=True, metavar="DID")
    k.add_argument("--key", required=True, metavar="MULTIKEY")
    k.add_argument("--valid-from", metavar="WHEN")
    k.set_defaults(handler=run_add_key)

    t = actions.add_parser(
        "retire-key", help="retire a key: it verifies what it signed before, nothing after"
    )
    t.add_argument("content", metavar="CONTENT.json")
    t.add_argument("--slug", required=True)
    t.add_argument("--key", required=True, metavar="MULTIKEY")
    t.add_argument("--at", metavar="WHEN", help="ISO 8601 (default: now)")
    t.set_defaults(handler=run_retire_key)

    s = actions.add_parser("sign", help="sign the content as the registry credential verifiers accept")
    s.add_argument("content", metavar="CONTENT.json")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--key-dir", metavar="DIR", help="the consortium key store")
    who.add_argument("--demo-key", action="store_true", help="sign with the public DEMO key (proves nothing)")
    s.add_argument("--key-id", metavar="ID", help="which key of the store (default: its only active key)")
    s.add_argument("--passphrase-file", metavar="FILE")
    s.add_argument("--approved-by", action="append", default=[], metavar="NAME", help="twice: two people")
    s.add_argument("--valid-days", type=int, default=DEFAULT_VALID_DAYS)
    s.add_argument("--out", required=True, metavar="SIGNED.json")
    s.set_defaults(handler=run_sign)

    w = actions.add_parser("show", help="check a signed registry and summarise it")
    w.add_argument("file", metavar="SIGNED.json")
    w.add_argument("--format", choices=["text", "json"], default="text")
    w.add_argument("--demo", action="store_true", help="accept the DEMO key as an anchor")
    add_anchor_argument(w)
    w.set_defaults(handler=run_show)


# -- files ---------------------------------------------------------------------------------------


def _read_content(path: str) -> dict[str, Any]:
    data = read_registry_file(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f'not registry content ("format" must be {FORMAT!r})', where=path)
    return data


def _write_json(path: str, data: dict[str, Any]) -> None:
    """Write atomically (temporary file, then rename): the old file stays whole on any error."""
    target = Path(path)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # public content, not a secret
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"cannot write the file: {exc.strerror}", where=path) from None


def _save_content(path: str, data: dict[str, Any]) -> None:
    data["updated"] = datetime.now(UTC).date().isoformat()
    try:
        TrustRegistry.from_json(data)
    except TrustRegistryError as exc:
        raise InputError(
            f"the change would make the registry invalid: {exc.message}", where=exc.where
        ) from None
    _write_json(path, data)


def _moment(value: str | None, where: str) -> str:
    if value is None:
        return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not an ISO 8601 date and time", where=where) from None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _institution(data: dict[str, Any], slug: str) -> dict[str, Any]:
    for inst in data.get("institutions", []):
        if isinstance(inst, dict) and inst.get("slug") == slug:
            return inst
    raise InputError(f"no institution {slug!r} in the registry", where="--slug")


def _passphrase(path: str | None) -> str:
    if path:
        try:
            return Path(path).read_text("utf-8").strip()
        except OSError as exc:
            raise InputError(f"cannot read the passphrase file: {exc.strerror}", where=path) from None
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase:
        return passphrase
    if sys.stdin.isatty():  # pragma: no cover - interactive only
        import getpass

        return getpass.getpass("Passphrase of the consortium key store: ")
    raise InputError(
        f"no passphrase: set {PASSPHRASE_ENV} or give --passphrase-file", where="--passphrase-file"
    )


# -- commands ------------------------------------------------------------------------------------


def run_keygen(args: argparse.Namespace) -> int:
    try:
        store = EncryptedFileKeyProvider(args.key_dir, _passphrase(args.passphrase_file))
    except MicrocredError as exc:
        raise InputError(exc.message, where=exc.where or args.key_dir) from None
    if any(r.active for r in store.public_keys()):
        raise InputError(
            "the key store already holds an active key; refusing to make another", where=args.key_dir
        )
    record = store.create_did_key()
    store.signer(record.key_id)  # the secret decrypts with this passphrase
    did = record.public_key.did_key
    print_json(
        {
            "id": did,
            "fingerprint": fingerprint(record.public_key),
            "created": record.created.isoformat().replace("+00:00", "Z"),
            "anchors_json_entry": {"id": did, "fingerprint": fingerprint(record.public_key)},
        }
    )
    return 0


def run_init(args: argparse.Namespace) -> int:
    if Path(args.content).exists():
        raise InputError("the file exists; refusing to overwrite it", where=args.content)
    content = {"format": FORMAT, "format_version": "1", "consortium": args.consortium, "institutions": []}
    _save_content(args.content, content)
    return 0


def _names(values: list[str]) -> dict[str, str]:
    names = {}
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not lang or not text.strip():
            raise InputError(f"{value!r} is not LANG=NAME (e.g. en=Masaryk University)", where="--name")
        names[lang] = text.strip()
    return names


def run_add_institution(args: argparse.Namespace) -> int:
    data = _read_content(args.content)
    if any(isinstance(i, dict) and i.get("slug") == args.slug for i in data.get("institutions", [])):
        raise InputError(f"{args.slug!r} is already in the registry", where="--slug")
    institution: dict[str, Any] = {
        "slug": args.slug,
        "name": _names(args.name),
        "country": args.country,
        "identifiers": [
            {
                "id": args.did,
                "keys": [
                    {
                        "publicKeyMultibase": args.key,
                        "valid_from": _moment(args.valid_from, "--valid-from"),
                        "retired": None,
                    }
                ],
            }
        ],
    }
    if args.qa_registry:
        institution["qa"] = {
            "registry": args.qa_registry,
            "body": args.qa_body,
            "valid_until": args.qa_valid_until,
            "reference": None,
        }
    data.setdefault("institutions", []).append(institution)
    _save_content(args.content, data)
    return 0


def run_remove_institution(args: argparse.Namespace) -> int:
    data = _read_content(args.content)
    institution = _institution(data, args.slug)
    data["institutions"] = [i for i in data["institutions"] if i is not institution]
    _save_content(args.content, data)
    return 0


def run_add_key(args: argparse.Namespace) -> int:
    data = _read_content(args.content)
    institution = _institution(data, args.slug)
    key = {
        "publicKeyMultibase": args.key,
        "valid_from": _moment(args.valid_from, "--valid-from"),
        "retired": None,
    }
    identifiers = institution.setdefault("identifiers", [])
    for ident in identifiers:
        if isinstance(ident, dict) and ident.get("id") == args.did:
            if any(k.get("publicKeyMultibase") == args.key for k in ident.get("keys", [])):
                raise InputError(f"{args.key} is already listed", where="--key")
            ident.setdefault("keys", []).append(key)
            break
    else:
        identifiers.append({"id": args.did, "keys": [key]})
    _save_content(args.content, data)
    return 0


def run_retire_key(args: argparse.Namespace) -> int:
    data = _read_content(args.content)
    institution = _institution(data, args.slug)
    for ident in institution.get("identifiers", []):
        for key in ident.get("keys", []) if isinstance(ident, dict) else []:
            if isinstance(key, dict) and key.get("publicKeyMultibase") == args.key:
                if key.get("retired"):
                    raise InputError(f"{args.key} was already retired on {key['retired']}", where="--key")
                key["retired"] = _moment(args.at, "--at")
                _save_content(args.content, data)
                return 0
    raise InputError(f"{args.slug!r} has no key {args.key}", where="--key")


def _consortium_signer(args: argparse.Namespace) -> Signer:
    if args.demo_key:
        sys.stderr.write(
            "microcred: signing with the DEMO consortium key; its seed is public, it proves nothing\n"
        )
        return demo_signer()
    try:
        store = EncryptedFileKeyProvider(args.key_dir, _passphrase(args.passphrase_file))
        active = [r for r in store.public_keys() if r.active]
        if args.key_id:
            return store.signer(args.key_id)
        if len(active) != 1:
            raise InputError(
                f"the key store holds {len(active)} active keys; name one with --key-id", where=args.key_dir
            )
        return store.signer(active[0].key_id)
    except InputError:
        raise
    except MicrocredError as exc:
        raise InputError(exc.message, where=exc.where or args.key_dir) from None


def run_sign(args: argparse.Namespace) -> int:
    longest = MAX_DEMO_VALID_DAYS if args.demo_key else MAX_VALID_DAYS
    if not 1 <= args.valid_days <= longest:
        raise InputError(f"--valid-days must be between 1 and {longest}", where="--valid-days")
    content = _read_content(args.content)
    signer = _consortium_signer(args)
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        signed = sign_registry(
            content,
            signer,
            approvals=args.approved_by,
            valid_from=now,
            valid_until=now + timedelta(days=args.valid_days),
        )
    except MicrocredError as exc:
        raise InputError(exc.message, where=exc.where or args.content) from None
    _write_json(args.out, signed)
    sys.stdout.write(
        f"{args.out}: signed by {signer.public_key.did_key}\n"
        f"  fingerprint {fingerprint(signer.public_key)}\n"
        f"  valid until {signed['validUntil']}; approved by {', '.join(signed['credentialSubject']['approvals'])}\n"
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    chosen = anchors(args.trust_anchor) + ((demo_anchor(),) if args.demo else ())
    signed = load_signed_file(args.file, anchors=chosen)
    summary = {
        "file": args.file,
        "signed_by": signed.anchor.did,
        "fingerprint": signed.anchor.fingerprint,
        "demo": signed.anchor.demo,
        "valid_from": signed.credential.get("validFrom"),
        "valid_until": signed.credential.get("validUntil"),
        "approvals": list(signed.approvals),
        "consortium": signed.registry.consortium,
        "institutions": [
            {"slug": i.slug, "name": i.display_name, "identifiers": [x.id for x in i.identifiers]}
            for i in signed.registry.institutions
        ],
    }
    if args.format == "json":
        print_json(summary)
        return 0
    out = sys.stdout
    out.write(f"{args.file}: a signed {signed.registry.consortium} trust registry\n")
    out.write(
        f"  signed by   {signed.anchor.did}{' (DEMO key: proves nothing)' if signed.anchor.demo else ''}\n"
    )
    out.write(f"  fingerprint {signed.anchor.fingerprint}\n")
    out.write(f"  valid       {summary['valid_from']} to {summary['valid_until']}\n")
    out.write(f"  approved by {', '.join(signed.approvals)}\n")
    for inst in signed.registry.institutions:
        out.write(f"  {inst.slug:<10} {inst.display_name} ({', '.join(x.id for x in inst.identifiers)})\n")
    return 0
