"""``microcred registry``: an institution joins and leaves through the secretariat's commands, and
what ``sign`` produces is a registry ``microcred verify --trust`` accepts (ADR 0703)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import main
from microcred.trust import TrustRegistry
from tests.conftest import EXAMPLES

CREDENTIAL = str(EXAMPLES / "credentials" / "muni-econometrics.eddsa-jcs-2022.json")
MUNI = "did:web:micro4asia.example:institutions:muni"
MUNI_KEY = TrustRegistry.demo().institution_of(MUNI).identifiers[0].keys[0].public_key.public_key_multibase  # type: ignore[union-attr]
APPROVALS = ["--approved-by", "Coordinator, Masaryk University", "--approved-by", "Steering committee, NUOL"]


@pytest.fixture(scope="module")
def consortium(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A consortium key store made by ``registry keygen`` (its passphrase in a file beside, as in the ceremony)."""
    base = tmp_path_factory.mktemp("consortium")
    passphrase = base / "passphrase.txt"
    passphrase.write_text("a test passphrase, not a secret")
    out = base / "keygen.json"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert (
            main(
                ["registry", "keygen", "--key-dir", str(base / "keys"), "--passphrase-file", str(passphrase)]
            )
            == 0
        )
    out.write_text(buffer.getvalue())
    made = json.loads(buffer.getvalue())
    return {
        "keys": str(base / "keys"),
        "passphrase": str(passphrase),
        "did": made["id"],
        "fingerprint": made["fingerprint"],
    }


def _sign(content: Path, out: Path, consortium: dict[str, str]) -> int:
    key = ["--key-dir", consortium["keys"], "--passphrase-file", consortium["passphrase"]]
    return main(["registry", "sign", str(content), *key, *APPROVALS, "--out", str(out)])


def _show(signed: Path, consortium: dict[str, str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert (
        main(["registry", "show", str(signed), "--trust-anchor", consortium["did"], "--format", "json"]) == 0
    )
    shown: dict[str, Any] = json.loads(capsys.readouterr().out)
    return shown


def _join_muni(content: Path) -> int:
    return main(
        [
            "registry", "add-institution", str(content), "--slug", "muni",
            "--name", "en=Masaryk University", "--name", "cs=Masarykova univerzita", "--country", "CZ",
            "--did", MUNI, "--key", MUNI_KEY, "--valid-from", "2026-01-01T00:00:00Z",
            "--qa-registry", "DEQAR", "--qa-body", "NAB",
        ]
    )  # fmt: skip


def test_an_institution_that_joins_is_in_the_signed_registry_and_its_credentials_are_trusted(
    consortium: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, signed = tmp_path / "content.json", tmp_path / "registry.json"
    assert main(["registry", "init", str(content), "--consortium", "MICRO4ASIA"]) == 0
    assert _join_muni(content) == 0
    assert _sign(content, signed, consortium) == 0

    shown = _show(signed, consortium, capsys)
    trust = ["--trust", str(signed), "--trust-anchor", consortium["did"]]

    assert [i["slug"] for i in shown["institutions"]] == ["muni"]
    assert shown["approvals"] == ["Coordinator, Masaryk University", "Steering committee, NUOL"]
    assert shown["signed_by"] == consortium["did"] and shown["fingerprint"] == consortium["fingerprint"]
    assert main(["verify", CREDENTIAL, *trust, "--require-trusted"]) == 0


def test_an_institution_that_leaves_is_no_longer_trusted_once_the_registry_is_signed_again(
    consortium: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, signed = tmp_path / "content.json", tmp_path / "registry.json"
    main(["registry", "init", str(content), "--consortium", "MICRO4ASIA"])
    _join_muni(content)
    assert main(["registry", "remove-institution", str(content), "--slug", "muni"]) == 0
    assert _sign(content, signed, consortium) == 0

    shown = _show(signed, consortium, capsys)
    trust = ["--trust", str(signed), "--trust-anchor", consortium["did"]]

    assert shown["institutions"] == []
    # Its did:web key is no longer listed anywhere offline: the credential cannot be confirmed (3).
    assert main(["verify", CREDENTIAL, *trust, "--require-trusted"]) == 3
    assert "is not in the MICRO4ASIA registry" in capsys.readouterr().out


def test_a_retired_key_and_its_successor_are_both_listed_with_their_dates(
    consortium: dict[str, str], tmp_path: Path
) -> None:
    content = tmp_path / "content.json"
    main(["registry", "init", str(content), "--consortium", "MICRO4ASIA"])
    _join_muni(content)
    new_key = (
        TrustRegistry.demo()
        .institution_of("did:web:micro4asia.example:institutions:unisi")
        .identifiers[0]
        .keys[0]
        .public_key.public_key_multibase
    )  # type: ignore[union-attr]

    assert main(["registry", "add-key", str(content), "--slug", "muni", "--did", MUNI, "--key", new_key]) == 0
    assert (
        main(
            [
                "registry",
                "retire-key",
                str(content),
                "--slug",
                "muni",
                "--key",
                MUNI_KEY,
                "--at",
                "2026-09-01T00:00:00Z",
            ]
        )
        == 0
    )

    [old, new] = TrustRegistry.load(content).institution_of(MUNI).identifiers[0].keys  # type: ignore[union-attr]
    assert old.retired is not None and old.retired.isoformat() == "2026-09-01T00:00:00+00:00"
    assert new.retired is None


def test_signing_needs_two_approvers_and_the_right_passphrase(
    consortium: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, signed = tmp_path / "content.json", tmp_path / "registry.json"
    main(["registry", "init", str(content), "--consortium", "MICRO4ASIA"])
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase")
    key = ["--key-dir", consortium["keys"]]

    one_approver = main(["registry", "sign", str(content), *key, "--passphrase-file", consortium["passphrase"],
                         "--approved-by", "Alone", "--out", str(signed)])  # fmt: skip
    assert one_approver == 2 and "2 different approvers" in capsys.readouterr().err
    assert (
        main(
            [
                "registry",
                "sign",
                str(content),
                *key,
                "--passphrase-file",
                str(wrong),
                *APPROVALS,
                "--out",
                str(signed),
            ]
        )
        == 2
    )
    assert not signed.exists()


def test_a_change_that_would_break_the_registry_leaves_the_file_as_it_was(
    consortium: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content.json"
    main(["registry", "init", str(content), "--consortium", "MICRO4ASIA"])
    _join_muni(content)
    before = content.read_bytes()

    assert (
        main(
            ["registry", "add-key", str(content), "--slug", "muni", "--did", MUNI, "--key", "z6Mk-not-a-key"]
        )
        == 2
    )
    assert "would make the registry invalid" in capsys.readouterr().err
    assert _join_muni(content) == 2
    assert content.read_bytes() == before
