"""Issue 9 item 7: every file that holds a secret (a key, a learner's salt) is created 0600, even
under a permissive umask, and an existing wider file is replaced, not reused with its mode."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from microcred.cli import main
from microcred.crypto.key_provider import EncryptedFileKeyProvider
from tests.conftest import EXAMPLES

SPEC = str(EXAMPLES / "specs" / "muni-econometrics-in-r.json")
LEARNER = str(EXAMPLES / "learner-sample.json")
RESULT = str(EXAMPLES / "result-sample.json")


@pytest.fixture(autouse=True)
def _permissive_umask() -> Iterator[None]:
    """With umask 0, a file written the ordinary way would be 0666: only an explicit mode helps."""
    old = os.umask(0)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _issue(tmp_path: Path, salt: Path) -> int:
    key = tmp_path / "test-key.json"
    if not key.exists():
        assert main(["keys", "generate", "--out", str(key)]) == 0
    args = ["issue", "--spec", SPEC, "--learner", LEARNER, "--result", RESULT, "--key", str(key)]
    return main([*args, "--salt-out", str(salt)])


def test_issue_salt_out_writes_the_learners_salt_0600(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    salt = tmp_path / "salt.txt"
    assert _issue(tmp_path, salt) == 0
    assert _mode(salt) == 0o600 and _mode(tmp_path / "test-key.json") == 0o600
    assert len(salt.read_text().strip()) == 32
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_existing_world_readable_salt_file_is_replaced_by_a_private_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    salt = tmp_path / "salt.txt"
    salt.write_text("old\n")
    salt.chmod(0o644)
    assert _issue(tmp_path, salt) == 0
    assert _mode(salt) == 0o600 and salt.read_text() != "old\n"


def test_a_salt_file_that_cannot_be_created_is_exit_2_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _issue(tmp_path, tmp_path / "missing-folder" / "salt.txt") == 2
    assert "cannot create the file" in capsys.readouterr().err


def test_the_key_store_writes_keys_0600_in_a_0700_folder(tmp_path: Path) -> None:
    store = EncryptedFileKeyProvider(tmp_path / "keys", "test passphrase, not a secret", scrypt_n=2**10)
    store.create_key("did:web:example.org:institutions:muni")
    (key_file,) = (tmp_path / "keys").glob("*.key.json")
    assert _mode(key_file) == 0o600 and _mode(tmp_path / "keys") == 0o700
