"""Backup and restore (issue 12 item 3, ADR 1202): a platform with issued and revoked credentials
is backed up, restored into an empty installation (empty database, new key directory), and then
its old credentials still verify, the revoked one stays revoked, and a new credential takes the
next status-list index, never one already given. A restore refuses a wrong passphrase, a
non-empty target, another release's backup and a damaged or altered file, writing nothing."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from microcred.crypto.key_provider import EncryptedFileKeyProvider
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.core.backup import BackupError, read_backup, row_counts
from microcred_web.credentials import services
from microcred_web.credentials.identity import use_key_provider
from microcred_web.credentials.models import IssuedCredential, StatusList
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.institutions.models import Institution
from tests.conftest import EXAMPLES
from tests.web.credentials.conftest import BASE, LEARNER, RESULT, make_institution, make_user

PASSPHRASE = "test-only-backup-passphrase"  # a test key store's passphrase


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Path]:
    """An encrypted key store on disk (cheap scrypt for the test), as production has one."""
    settings.PUBLIC_BASE_URL = BASE
    directory = tmp_path / "keys-before"
    monkeypatch.setenv("MICROCRED_KEY_DIR", str(directory))
    monkeypatch.setenv("MICROCRED_KEY_PASSPHRASE", PASSPHRASE)
    use_key_provider(EncryptedFileKeyProvider(directory, PASSPHRASE, scrypt_n=2**10))
    yield directory
    use_key_provider(None)


def _platform() -> dict[str, Any]:
    muni = make_institution("muni", "Masaryk University")
    admin = make_user("muni-admin", muni, "institution_admin")
    spec = json.loads((EXAMPLES / "specs" / "muni-econometrics-in-r.json").read_text("utf-8"))
    mc = MicroCredential.objects.create(institution=muni, code=spec["code"])
    version = MicroCredentialVersion.objects.create(
        micro_credential=mc, version=1, status=Status.PUBLISHED, spec=spec, title_en=spec["title"]["en"]
    )
    issued = [
        services.credential_issue(version=version, learner=LEARNER, result=RESULT, by=admin) for _ in range(3)
    ]
    services.credential_revoke(credential=issued[1], reason="plagiarism found", by=admin)
    return {"version": version, "issued": issued, "revoked": issued[1]}


def _rewrite(
    source: Path, target: Path, *, manifest: Any = None, members: dict[str, bytes] | None = None
) -> Path:
    """``source`` with its manifest changed or members replaced/added (an altered backup)."""
    with tarfile.open(source, "r:gz") as tar:
        contents = {i.name: tar.extractfile(i).read() for i in tar if i.isfile()}  # type: ignore[union-attr]
    if manifest is not None:
        contents["manifest.json"] = json.dumps(manifest(json.loads(contents["manifest.json"]))).encode()
    contents.update(members or {})
    with tarfile.open(target, "w:gz") as tar:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def _refused(path: Path, code: str) -> None:
    with pytest.raises(CommandError, match=rf"\[{code}\]"):
        call_command("restore", str(path))


@pytest.mark.django_db(transaction=True)
def test_a_restored_platform_verifies_its_credentials_and_never_reuses_a_status_index(
    keys: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _platform()
    documents = {c.uuid: c.document for c in IssuedCredential.objects.all()}
    rows_before = row_counts()
    backup = tmp_path / "backups" / "microcred.tar.gz"

    call_command("backup", str(backup), stdout=io.StringIO())

    assert backup.stat().st_mode & 0o777 == 0o600
    archive = read_backup(backup)
    assert sorted(archive.members) == ["database.json", *sorted(f"keys/{p.name}" for p in keys.iterdir())]
    assert PASSPHRASE.encode() not in backup.read_bytes() and PASSPHRASE not in json.dumps(archive.manifest)
    _refused(backup, "restore.database_not_empty")  # never over a platform that has data

    # An empty installation: every row gone (content types and permissions made anew by
    # migrate's signal), and a key directory that does not exist yet.
    call_command("flush", interactive=False, verbosity=0)
    use_key_provider(None)
    new_keys = tmp_path / "keys-after"
    monkeypatch.setenv("MICROCRED_KEY_DIR", str(new_keys))
    assert not any(row_counts().values())

    other_release = _rewrite(
        backup,
        tmp_path / "other-release.tar.gz",
        manifest=lambda m: {**m, "migrations": {**m["migrations"], "credentials": "0099_from_the_future"}},
    )
    _refused(other_release, "restore.other_release")
    monkeypatch.setenv("MICROCRED_KEY_PASSPHRASE", "not-the-passphrase")
    _refused(backup, "restore.passphrase_does_not_open_the_keys")
    assert not any(row_counts().values()) and not new_keys.exists()  # nothing half-written

    monkeypatch.setenv("MICROCRED_KEY_PASSPHRASE", PASSPHRASE)
    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)

    assert "the passphrase opens every active key" in out.getvalue()
    assert row_counts() == rows_before
    assert new_keys.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in new_keys.iterdir()} == {0o600}
    revoked_uuid = before["revoked"].uuid
    for uuid, document in documents.items():
        report = inspect_credential(document)
        if uuid == revoked_uuid:
            status = report.check("status")
            assert not report.verified and status is not None and "revoked" in status.summary
        else:
            assert report.verified and report.trusted, report.checks
    assert Client().get("/readyz").json()["status"] == "ready"

    # Issuing goes on with the restored key and the restored list: the next index, not a reused one.
    use_key_provider(EncryptedFileKeyProvider(new_keys, PASSPHRASE))
    admin = make_user("muni-registrar-after", Institution.objects.get(slug="muni"), "institution_admin")
    version = MicroCredentialVersion.objects.get(pk=before["version"].pk)
    new = services.credential_issue(version=version, learner=LEARNER, result=RESULT, by=admin)
    old_indices = {c.revocation_index for c in before["issued"]}
    assert new.revocation_index not in old_indices and new.revocation_index == max(old_indices) + 1  # type: ignore[type-var]
    assert StatusList.objects.get().next_index == new.revocation_index + 1  # type: ignore[operator]
    assert inspect_credential(new.document).verified


def test_a_damaged_or_altered_backup_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.tar.gz"
    manifest = {"format": "microcred-backup/1", "migrations": {}, "files": {"database.json": "0" * 64}}
    with tarfile.open(good, "w:gz") as tar:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), "database.json": b"[]"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(b"these are not the backups you are looking for")
    cases = {
        "restore.unreadable": not_a_backup,
        "restore.checksum_mismatch": good,
        "restore.unexpected_member": _rewrite(
            good, tmp_path / "escape.tar.gz", members={"../../etc/cron.d/x": b"x"}
        ),
        "restore.files_do_not_match": _rewrite(
            good,
            tmp_path / "extra-key.tar.gz",
            members={"keys/z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK.key.json": b"{}"},
        ),
        "restore.unknown_format": _rewrite(
            good, tmp_path / "v9.tar.gz", manifest=lambda m: {**m, "format": "x/9"}
        ),
        "restore.no_manifest": _rewrite(good, tmp_path / "none.tar.gz", members={}),
    }
    # a backup without a manifest: write one from scratch
    with tarfile.open(cases["restore.no_manifest"], "w:gz") as tar:
        info = tarfile.TarInfo("database.json")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"[]"))

    twice = tmp_path / "twice.tar.gz"  # a second database.json after the first (tar allows it)
    with tarfile.open(twice, "w:gz") as tar:
        for name, data in [
            ("manifest.json", json.dumps(manifest).encode()),
            ("database.json", b"[]"),
            ("database.json", b"[{}]"),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    cases["restore.duplicate_member"] = twice

    for code, path in cases.items():
        with pytest.raises(BackupError) as refused:
            read_backup(path)
        assert refused.value.code == code, (code, str(refused.value))
