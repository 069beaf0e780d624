"""Backup and restore of a whole installation (issue 12 item 3, ADR 1202, docs/operations.md).

A backup is one tar file, written with mode 0600, holding:

``manifest.json``      format, when, which release (the migration of every app), the database
                       engine it came from, rows per model, and the SHA-256 of every other member
``database.json``      every row of every table in Django's JSON serialization (natural keys for
                       content types and permissions, which each installation numbers itself):
                       institutions, users, specifications, issued credentials, **status lists**
                       (their bits and next free index), recognition cases, the task queue
``keys/*.key.json``    the encrypted key store (ADR 0202) file by file, as it is on disk: each
                       secret stays encrypted under the passphrase, which is **never** in a backup
``trust-registry.json`` the consortium's signed trust registry, when ``MICROCRED_TRUST_REGISTRY``
                       names one (public, signed by the consortium; copied so a restore has it)

Restore takes such a file into an **empty** installation (a new database, migrated to the same
release, and an empty key directory): it checks the manifest and every checksum, checks that the
passphrase in ``MICROCRED_KEY_PASSPHRASE`` opens every active key, then loads the rows in one
transaction and only then puts the key files in place. It refuses a non-empty database or key
directory, a file from another release, a damaged or altered file: nothing half-written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

import microcred
from microcred.crypto.errors import KeyStoreError
from microcred.crypto.key_provider import EncryptedFileKeyProvider, key_records_in
from microcred_web.credentials import identity, trust

FORMAT: Final = "microcred-backup/1"
MANIFEST: Final = "manifest.json"
DATABASE: Final = "database.json"
TRUST_REGISTRY: Final = "trust-registry.json"
KEYS_DIR: Final = "keys"
#: Key file names as the key store writes them: ``<publicKeyMultibase>.key.json`` (base58btc).
_KEY_MEMBER: Final = re.compile(r"^keys/z[1-9A-HJ-NP-Za-km-z]{20,120}\.key\.json$")
#: Tables each installation fills itself (``migrate``), or that hold nothing worth keeping.
EXCLUDED: Final = ("contenttypes", "auth.permission", "sessions")
#: Largest member read from a backup (the database of a large consortium fits many times over).
MAX_MEMBER_BYTES: Final = 8 * 1024**3


class BackupError(Exception):
    """A backup or restore refused, with a stable ``code`` and where it went wrong."""

    def __init__(self, code: str, message: str, *, where: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.where = where

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"[{self.code}] {self.args[0]}{where}"


@dataclass
class BackupSummary:
    path: Path
    rows: dict[str, int]
    keys: int
    trust_registry: bool
    migrations: dict[str, str] = field(default_factory=dict)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def applied_leaves() -> dict[str, str]:
    """The latest applied migration of every app: what "the release" of this database is."""
    executor = MigrationExecutor(connection)
    leaves = {app: name for app, name in executor.loader.graph.leaf_nodes()}
    applied = MigrationRecorder(connection).applied_migrations()
    return {app: name for app, name in sorted(leaves.items()) if (app, name) in applied}


def code_leaves() -> dict[str, str]:
    """The latest migration of every app in this code."""
    executor = MigrationExecutor(connection)
    return dict(sorted(executor.loader.graph.leaf_nodes()))


def _models() -> list[Any]:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e for e in EXCLUDED if "." in e}
    return [
        m
        for m in apps.get_models()
        if m._meta.managed
        and not m._meta.proxy
        and m._meta.app_label not in excluded_apps
        and m._meta.label_lower not in excluded_models
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in _models()}


@contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of the database while it is read (PostgreSQL: REPEATABLE READ, so
    every table is read as of the same moment; SQLite: one transaction holds one snapshot)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup_create(path: str | os.PathLike[str]) -> BackupSummary:
    """Write a backup of this installation to ``path`` (replaced atomically; mode 0600)."""
    target = Path(path)
    if target.is_dir():
        raise BackupError("backup.target_is_a_directory", "the backup path is a directory", where=str(target))
    members: dict[str, bytes] = {}
    with _snapshot():
        leaves = applied_leaves()
        pending = {app: name for app, name in code_leaves().items() if leaves.get(app) != name}
        if pending:
            raise BackupError(
                "backup.migrations_pending",
                "the database is not migrated to this release; run `manage.py migrate` first",
                where=", ".join(f"{a}.{n}" for a, n in pending.items()),
            )
        rows = row_counts()
        with tempfile.TemporaryDirectory() as scratch:
            dump = Path(scratch) / DATABASE
            call_command(
                "dumpdata",
                exclude=list(EXCLUDED),
                natural_foreign=True,
                use_base_manager=True,
                format="json",
                indent=None,
                output=str(dump),
                verbosity=0,
            )
            members[DATABASE] = dump.read_bytes()
    key_dir = identity.key_directory()
    keys = sorted(key_dir.glob("*.key.json")) if key_dir.is_dir() else []
    if keys:
        key_records_in(key_dir)  # the store's own checks: modes, format
    for key_file in keys:
        members[f"{KEYS_DIR}/{key_file.name}"] = key_file.read_bytes()
    registry_file = trust._configured_file()
    if registry_file and Path(registry_file).is_file():
        members[TRUST_REGISTRY] = Path(registry_file).read_bytes()
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "microcred_version": getattr(microcred, "__version__", "unknown"),
        "database_engine": connection.vendor,
        "migrations": leaves,
        "rows": rows,
        "files": {name: _sha256(data) for name, data in sorted(members.items())},
        "passphrase": "not included: the key files are encrypted under it; its holder keeps it apart",
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            with tarfile.open(fileobj=handle, mode="w:gz") as tar:
                _add(tar, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8"))
                for name, data in sorted(members.items()):
                    _add(tar, name, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupSummary(target, rows, len(keys), TRUST_REGISTRY in members, leaves)


@dataclass
class _Archive:
    manifest: dict[str, Any]
    members: dict[str, bytes]


def read_backup(path: str | os.PathLike[str]) -> _Archive:
    """Open a backup and check it whole: format, member names, every checksum."""
    source = Path(path)
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(source, mode="r:gz") as tar:
            for info in tar:
                name = info.name
                if not info.isfile():
                    raise BackupError(
                        "restore.unexpected_member", "the backup holds something not a file", where=name
                    )
                if name not in {MANIFEST, DATABASE, TRUST_REGISTRY} and not _KEY_MEMBER.match(name):
                    raise BackupError(
                        "restore.unexpected_member", "the backup holds an unknown file", where=name
                    )
                if name in members:
                    raise BackupError("restore.duplicate_member", "the backup holds a file twice", where=name)
                if info.size > MAX_MEMBER_BYTES:
                    raise BackupError(
                        "restore.member_too_large", "a file in the backup is too large", where=name
                    )
                handle = tar.extractfile(info)
                members[name] = handle.read() if handle else b""
    except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(
            "restore.unreadable", f"not a readable backup file: {type(exc).__name__}", where=str(source)
        ) from None
    if MANIFEST not in members:
        raise BackupError("restore.no_manifest", "the backup has no manifest.json", where=str(source))
    try:
        manifest = json.loads(members.pop(MANIFEST))
    except ValueError:
        raise BackupError("restore.bad_manifest", "manifest.json is not JSON", where=MANIFEST) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("restore.unknown_format", f"not a {FORMAT} backup", where=MANIFEST)
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(members) or DATABASE not in members:
        raise BackupError(
            "restore.files_do_not_match",
            "the files in the backup are not those its manifest lists",
            where=MANIFEST,
        )
    for name, data in members.items():
        if _sha256(data) != files[name]:
            raise BackupError(
                "restore.checksum_mismatch", "a file was changed since the backup was made", where=name
            )
    if not isinstance(manifest.get("migrations"), dict):
        raise BackupError("restore.bad_manifest", "manifest.json names no migrations", where=MANIFEST)
    return _Archive(manifest, members)


@dataclass
class RestoreSummary:
    rows: dict[str, int]
    keys: int
    keys_checked: bool
    trust_registry: str | None


def _check_empty_target(key_dir: Path) -> None:
    filled = {label: n for label, n in row_counts().items() if n}
    if filled:
        raise BackupError(
            "restore.database_not_empty",
            "restore goes into an empty installation; this database has rows",
            where=", ".join(f"{label}: {n}" for label, n in sorted(filled.items())[:5]),
        )
    if key_dir.exists() and any(key_dir.iterdir()):
        raise BackupError(
            "restore.key_directory_not_empty",
            "restore goes into an empty key directory; this one has files",
            where=str(key_dir),
        )


def _check_passphrase(key_files: dict[str, bytes], passphrase: str) -> None:
    """Every active key of the backup opens with ``passphrase`` (before anything is written)."""
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "keys"
        directory.mkdir(mode=0o700)
        for name, data in key_files.items():
            path = directory / Path(name).name
            path.write_bytes(data)
            path.chmod(0o600)
        try:
            provider = EncryptedFileKeyProvider(directory, passphrase)
            for record in provider.public_keys():
                if record.active:
                    provider.signer(record.key_id)
        except KeyStoreError as exc:
            raise BackupError(
                "restore.passphrase_does_not_open_the_keys",
                "MICROCRED_KEY_PASSPHRASE does not open the keys of this backup",
                where=exc.where,
            ) from None


def backup_restore(path: str | os.PathLike[str], *, check_passphrase: bool = True) -> RestoreSummary:
    """Restore the backup at ``path`` into this empty, migrated installation."""
    archive = read_backup(path)
    here = applied_leaves()
    if archive.manifest["migrations"] != here or code_leaves() != here:
        differ = sorted(
            f"{app}: backup {archive.manifest['migrations'].get(app, '-')}, here {here.get(app, '-')}"
            for app in set(here) | set(archive.manifest["migrations"])
            if here.get(app) != archive.manifest["migrations"].get(app)
        )
        raise BackupError(
            "restore.other_release",
            "the backup was made by another release: restore it with that release, then upgrade "
            "(docs/operations.md)",
            where="; ".join(differ[:5]) or "this database is not migrated: run `manage.py migrate`",
        )
    key_dir = identity.key_directory()
    _check_empty_target(key_dir)
    key_files = {name: data for name, data in archive.members.items() if name.startswith(f"{KEYS_DIR}/")}
    passphrase = os.environ.get(identity.PASSPHRASE_ENV, "")
    checked = bool(key_files) and check_passphrase and bool(passphrase)
    if key_files and check_passphrase and not passphrase:
        raise BackupError(
            "restore.passphrase_missing",
            f"set {identity.PASSPHRASE_ENV} so restore can check it opens the keys (or pass --no-check-passphrase)",
            where=identity.PASSPHRASE_ENV,
        )
    if checked:
        _check_passphrase(key_files, passphrase)
    # The key files go to a directory beside the target first; it takes the target's name only
    # once the rows are in, so a failed load leaves no keys behind and a failed rename no rows.
    key_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key_dir.name}.restoring-", dir=key_dir.parent))
    try:
        for name, data in key_files.items():
            file = staging / Path(name).name
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        with tempfile.TemporaryDirectory() as scratch:
            dump = Path(scratch) / DATABASE
            dump.write_bytes(archive.members[DATABASE])
            with transaction.atomic():
                call_command("loaddata", str(dump), verbosity=0)
                staging.chmod(0o700)
                if key_dir.exists():
                    key_dir.rmdir()  # empty, checked above
                os.replace(staging, key_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    registry_to = None
    registry_file = trust._configured_file()
    if TRUST_REGISTRY in archive.members and registry_file and not Path(registry_file).exists():
        Path(registry_file).parent.mkdir(parents=True, exist_ok=True)
        Path(registry_file).write_bytes(archive.members[TRUST_REGISTRY])
        registry_to = registry_file
    if passphrase:  # this process signs with the restored store from now on
        identity.key_provider(reload=True)
    return RestoreSummary(row_counts(), len(key_files), checked, registry_to)
