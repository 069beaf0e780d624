"""KeyProvider adapters: the encrypted file store and the in-memory provider."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from microcred.crypto.errors import KeyStoreError, UnknownKey
from microcred.crypto.key_provider import EncryptedFileKeyProvider, InMemoryKeyProvider, KeyProvider

ISSUER = "did:web:uni.example:institutions:law"
TEST_PASSPHRASE = "test-passphrase-not-a-secret"
FAST_SCRYPT = 2**10  # tests only: the default cost (2**17) is for real stores


def make_store(path: Path, passphrase: str = TEST_PASSPHRASE) -> EncryptedFileKeyProvider:
    return EncryptedFileKeyProvider(path, passphrase, scrypt_n=FAST_SCRYPT)


def test_both_adapters_satisfy_the_port(tmp_path: Path) -> None:
    assert isinstance(InMemoryKeyProvider(), KeyProvider)
    assert isinstance(make_store(tmp_path / "keys"), KeyProvider)


@pytest.mark.parametrize("algorithm", ["Ed25519", "P-256"])
def test_a_created_key_signs_and_its_id_names_the_controller(tmp_path: Path, algorithm: str) -> None:
    store = make_store(tmp_path / "keys")
    record = store.create_key(ISSUER, algorithm=algorithm)  # type: ignore[arg-type]
    assert record.key_id == f"{ISSUER}#{record.public_key.public_key_multibase}"
    signer = store.signer(record.key_id)
    record.public_key.verify(signer.sign(b"data"), b"data")


def test_a_did_key_is_its_own_controller_and_survives_a_restart(tmp_path: Path) -> None:
    record = make_store(tmp_path / "keys").create_did_key()

    assert record.controller == record.public_key.did_key
    assert record.key_id == record.public_key.did_key_verification_method
    signature = make_store(tmp_path / "keys").signer(record.key_id).sign(b"registry")
    record.public_key.verify(signature, b"registry")


def test_keys_survive_a_restart_and_are_encrypted_at_rest_with_0600_files(tmp_path: Path) -> None:
    directory = tmp_path / "keys"
    store = make_store(directory)
    record = store.create_key(ISSUER)
    files = list(directory.glob("*.key.json"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    content = json.loads(files[0].read_text())
    assert "secretKeyMultibase" not in files[0].read_text()
    assert content["encryption"]["cipher"]["name"] == "AES-256-GCM"
    assert content["keyId"] == record.key_id and content["created"]

    reopened = make_store(directory)
    signature = reopened.signer(record.key_id).sign(b"after restart")
    record.public_key.verify(signature, b"after restart")


def test_a_wrong_passphrase_fails_with_a_clear_error(tmp_path: Path) -> None:
    directory = tmp_path / "keys"
    record = make_store(directory).create_key(ISSUER)
    wrong = make_store(directory, passphrase="another-test-passphrase")
    assert [r.key_id for r in wrong.public_keys()] == [record.key_id]  # public parts need no passphrase
    with pytest.raises(KeyStoreError, match="wrong passphrase"):
        wrong.signer(record.key_id)


def test_a_relabelled_key_file_does_not_decrypt(tmp_path: Path) -> None:
    directory = tmp_path / "keys"
    record = make_store(directory).create_key(ISSUER)
    path = next(directory.glob("*.key.json"))
    data = json.loads(path.read_text())
    data["keyId"] = "did:web:evil.example#" + record.public_key.public_key_multibase
    path.write_text(json.dumps(data))
    with pytest.raises(KeyStoreError, match="wrong passphrase, or the file was changed"):
        make_store(directory).signer(data["keyId"])


def test_it_refuses_key_files_readable_by_others(tmp_path: Path) -> None:
    directory = tmp_path / "keys"
    make_store(directory).create_key(ISSUER)
    path = next(directory.glob("*.key.json"))
    os.chmod(path, 0o644)
    with pytest.raises(KeyStoreError, match="must be 0600"):
        make_store(directory)


def test_it_refuses_an_empty_passphrase_and_a_missing_environment_variable(tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError, match="empty"):
        EncryptedFileKeyProvider(tmp_path / "keys", "")
    with pytest.raises(KeyStoreError, match="MICROCRED_KEY_PASSPHRASE is not set"):
        EncryptedFileKeyProvider.from_environment(tmp_path / "keys", environ={})


def test_from_environment_reads_the_passphrase_and_hides_it_in_repr(tmp_path: Path) -> None:
    store = EncryptedFileKeyProvider.from_environment(
        tmp_path / "keys", environ={"MICROCRED_KEY_PASSPHRASE": TEST_PASSPHRASE}
    )
    assert TEST_PASSPHRASE not in repr(store)


@pytest.mark.parametrize("kind", ["memory", "file"])
def test_rotation_retires_the_old_key_but_keeps_its_public_part(tmp_path: Path, kind: str) -> None:
    store: KeyProvider = InMemoryKeyProvider() if kind == "memory" else make_store(tmp_path / "keys")
    old = store.create_key(ISSUER)
    new = store.rotate(old.key_id)
    records = {r.key_id: r for r in store.public_keys(ISSUER)}
    assert set(records) == {old.key_id, new.key_id}
    assert records[old.key_id].retired is not None and records[new.key_id].active
    with pytest.raises(KeyStoreError, match="retired"):
        store.signer(old.key_id)
    store.signer(new.key_id).sign(b"still works")


def test_retirement_is_persisted(tmp_path: Path) -> None:
    directory = tmp_path / "keys"
    record = make_store(directory).create_key(ISSUER)
    make_store(directory).retire(record.key_id)
    assert make_store(directory).public_keys()[0].retired is not None


def test_an_unknown_key_id_raises_unknown_key() -> None:
    with pytest.raises(UnknownKey, match="no key with id"):
        InMemoryKeyProvider().signer("did:web:uni.example#nope")


def test_signers_do_not_reveal_secrets_in_repr() -> None:
    store = InMemoryKeyProvider()
    record = store.create_key(ISSUER)
    assert "<hidden>" in repr(store.signer(record.key_id))
