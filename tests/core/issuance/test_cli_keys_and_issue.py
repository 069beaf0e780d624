"""``microcred keys generate`` and ``microcred issue``: a key file with its secret, kept private,
and a signed credential on standard output."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from microcred.cli import main
from microcred.verification import verify
from tests.conftest import EXAMPLES

SPEC = str(EXAMPLES / "specs" / "muni-econometrics-in-r.json")
LEARNER = str(EXAMPLES / "learner-sample.json")
RESULT = str(EXAMPLES / "result-sample.json")


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "test-key.json"
    assert main(["keys", "generate", "--out", str(path)]) == 0
    return path


def test_the_key_file_is_readable_by_its_owner_only(key_file: Path) -> None:
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    data = json.loads(key_file.read_text())
    assert data["publicKeyMultibase"].startswith("z6Mk")
    assert "SECRET" in data["warning"]
    assert data["id"] == f"did:key:{data['publicKeyMultibase']}#{data['publicKeyMultibase']}"


def test_it_refuses_to_overwrite_a_key_file(key_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "generate", "--out", str(key_file)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err


def test_it_generates_a_p256_key(tmp_path: Path) -> None:
    path = tmp_path / "p256.json"
    assert main(["keys", "generate", "--type", "p256", "--out", str(path)]) == 0
    assert json.loads(path.read_text())["publicKeyMultibase"].startswith("zDn")


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"])
def test_it_prints_a_credential_that_verifies(
    suite: str, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["issue", "--spec", SPEC, "--learner", LEARNER, "--result", RESULT, "--key", str(key_file)]
    assert main([*args, "--suite", suite]) == 0
    captured = capsys.readouterr()
    out = captured.out.strip()
    credential = out if suite == "vc-jwt" else json.loads(out)
    result = verify(credential)
    assert result.issuer.startswith("did:key:z6Mk")
    assert "salt for the learner" in captured.err


def test_it_names_the_issuer_did_and_its_key(
    key_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    did = "did:web:micro4asia.example:institutions:muni"
    salt = tmp_path / "salt.txt"
    args = ["issue", "--spec", SPEC, "--learner", LEARNER, "--key", str(key_file), "--issuer-did", did]
    assert main([*args, "--salt-out", str(salt)]) == 0
    credential = json.loads(capsys.readouterr().out)
    public = json.loads(key_file.read_text())["publicKeyMultibase"]
    assert credential["issuer"]["id"] == did
    assert credential["proof"]["verificationMethod"] == f"{did}#{public}"
    assert len(salt.read_text().strip()) == 32


def test_it_says_which_input_is_wrong(
    key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learner = tmp_path / "learner.json"
    learner.write_text(json.dumps({"display_name": "Ana", "email": "not-an-email"}))
    assert main(["issue", "--spec", SPEC, "--learner", str(learner), "--key", str(key_file)]) == 2
    assert "email" in capsys.readouterr().err
