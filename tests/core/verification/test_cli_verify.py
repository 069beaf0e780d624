"""``microcred verify``: exit 0 valid, 1 invalid (with the reason), 2 unreadable, 3 could not
confirm; trust beside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcred.cli import main
from tests.conftest import EXAMPLES
from tests.core.verification.conftest import VECTORS
from tests.signed_registry import TEST_ANCHOR, write_signed_registry

OB3 = str(VECTORS / "1edtech-ob3-signed-credential.json")
OB3_TRUST = VECTORS / "trust-ob3-vector.json"  # unsigned content: the tests sign it (ADR 0703)


@pytest.fixture
def ob3_trust(tmp_path: Path) -> list[str]:
    """``--trust`` with the OB 3.0 vector's registry signed by the TEST consortium key, and its anchor."""
    signed = write_signed_registry(tmp_path / "registry.json", json.loads(OB3_TRUST.read_text("utf-8")))
    return ["--trust", str(signed), "--trust-anchor", TEST_ANCHOR]


@pytest.fixture(scope="module", params=["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"])
def self_issued_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    from tests.core.verification.conftest import self_issued

    credential = self_issued(request.param)
    path = tmp_path_factory.mktemp("self-issued") / f"{request.param}.json"
    path.write_text(credential if isinstance(credential, str) else json.dumps(credential))
    return str(path)


def test_it_accepts_a_credential_signed_by_its_did_key_issuer(
    self_issued_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", self_issued_file]) == 0
    assert ": VALID" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["w3c-eddsa-rdfc-2022-signed.json", "w3c-eddsa-jcs-2022-signed.json"])
def test_it_refuses_the_w3c_vectors_whose_issuer_does_not_control_the_key(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", str(VECTORS / name)]) == 1
    out = capsys.readouterr().out
    assert ": INVALID" in out and "not by the issuer https://vc.example/issuers/5678" in out


def test_it_accepts_the_ob3_vector_with_the_trust_file(
    ob3_trust: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", OB3, *ob3_trust, "--require-trusted", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] and report["trusted"]


def test_an_untrusted_issuer_fails_only_when_trust_is_required(
    self_issued_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", self_issued_file, "--trust", "demo"]) == 0
    assert main(["verify", self_issued_file, "--trust", "demo", "--require-trusted"]) == 1
    assert "NOT TRUSTED" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name",
    [
        "w3c-eddsa-rdfc-2022-signed.json",
        "w3c-eddsa-jcs-2022-signed.json",
        "1edtech-ob3-signed-credential.json",
    ],
)
def test_it_rejects_an_altered_copy_with_the_reason(
    name: str, tmp_path: Path, ob3_trust: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads((VECTORS / name).read_text())
    document["validFrom"] = (
        "2023-01-02T00:00:00Z" if "2023" in document["validFrom"] else "2010-01-02T00:00:00Z"
    )
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(document))
    assert main(["verify", str(altered), *ob3_trust]) == 1
    out = capsys.readouterr().out
    assert "INVALID" in out and "changed after signing" in out


def test_without_a_registry_trust_is_not_checked(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(EXAMPLES / "credentials" / "muni-econometrics.eddsa-jcs-2022.json")
    assert main(["verify", example, "--format", "json"]) == 3  # its did:web key cannot be resolved
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "unconfirmed" and report["ok"] is False
    assert report["checks"][2]["code"] == "key.unresolvable"
    assert report["checks"][3]["state"] == "not_checked"
    assert main(["verify", example]) == 3
    assert ": COULD NOT CONFIRM" in capsys.readouterr().out  # not INVALID: nothing failed
    assert main(["verify", example, "--trust", "demo", "--require-trusted"]) == 0
    captured = capsys.readouterr()
    assert "VALID and TRUSTED" in captured.out and "DEMO" in captured.err


def test_the_help_lists_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "0 valid, 1 invalid" in help_text and "2 unreadable input, 3 could not confirm" in help_text


def test_it_says_an_unreadable_file_is_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("this is not a credential")
    assert main(["verify", str(garbage)]) == 2
    assert "neither a JSON credential nor a compact JWS" in capsys.readouterr().err


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert main(["verify", str(tmp_path / "absent.json")]) == 2


def test_a_status_list_file_shows_a_revoked_credential(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.core.verification.conftest import status_list, with_status

    credential, listing = tmp_path / "credential.json", tmp_path / "list.json"
    credential.write_text(json.dumps(with_status()))
    listing.write_text(json.dumps(status_list("revocation", set_index=7)))
    trust = ["--trust", str(write_signed_registry(tmp_path / "registry.json", _registry_json()))]
    trust += ["--trust-anchor", TEST_ANCHOR]
    assert main(["verify", str(credential), *trust]) == 3
    out = capsys.readouterr().out
    assert ": COULD NOT CONFIRM" in out and "could not check" in out
    assert main(["verify", str(credential), *trust, "--status-list", str(listing)]) == 1
    assert "REVOKED" in capsys.readouterr().out


def _registry_json() -> dict[str, object]:
    from tests.core.verification.conftest import ISSUER_DID, TEST_KEY

    return {
        "format": "microcred-trust-registry",
        "institutions": [
            {
                "slug": "muni",
                "name": "Masaryk University",
                "country": "CZ",
                "identifiers": [
                    {
                        "id": ISSUER_DID,
                        "keys": [{"publicKeyMultibase": TEST_KEY.public_key.public_key_multibase}],
                    }
                ],
            }
        ],
    }
