"""A trust registry that can itself be checked (ADR 0703): ``microcred verify --trust`` accepts
only a registry credential signed by a trust anchor, unaltered and within its dates."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import main
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.trust import TrustRegistry
from microcred.trust.signed import (
    SignedRegistryError,
    demo_anchor,
    pinned_anchors,
    sign_registry,
    verify_signed_registry,
)
from tests.conftest import EXAMPLES
from tests.signed_registry import TEST_ANCHOR, TEST_CONSORTIUM_KEY, signed_registry, write_signed_registry

ROOT = Path(__file__).resolve().parents[3]
CREDENTIAL = str(EXAMPLES / "credentials" / "muni-econometrics.eddsa-jcs-2022.json")
FORGER = Ed25519KeyPair.from_seed(hashlib.sha256(b"microcred TEST key - a forger").digest())


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return TrustRegistry.demo_content()


def verify(path: Path, *extra: str) -> int:
    return main(["verify", CREDENTIAL, "--trust", str(path), "--trust-anchor", TEST_ANCHOR, *extra])


def test_a_registry_signed_by_an_anchor_is_accepted_and_vouches_for_the_issuer(
    content: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed = write_signed_registry(tmp_path / "registry.json", content)

    assert verify(signed, "--require-trusted") == 0
    assert "VALID and TRUSTED" in capsys.readouterr().out


def _swap_a_key(document: dict[str, Any]) -> None:
    key = document["credentialSubject"]["institutions"][0]["identifiers"][0]["keys"][0]
    key["publicKeyMultibase"] = FORGER.public_key.public_key_multibase


def _add_an_institution(document: dict[str, Any]) -> None:
    document["credentialSubject"]["institutions"].append(
        {
            "slug": "forged",
            "name": {"en": "Forged University"},
            "country": "CZ",
            "identifiers": [{"id": FORGER.public_key.did_key, "keys": []}],
        }
    )


@pytest.mark.parametrize(
    "alter", [_swap_a_key, _add_an_institution], ids=["key-swapped", "institution-added"]
)
def test_an_altered_registry_is_refused_by_verify_trust(
    alter: Any, content: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = signed_registry(content)
    alter(document)
    (tmp_path / "registry.json").write_text(json.dumps(document))

    assert verify(tmp_path / "registry.json") == 2
    err = capsys.readouterr().err
    assert "signature does not verify" in err and "altered" in err


def test_an_unsigned_registry_is_refused_by_verify_trust(
    content: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "registry.json").write_text(json.dumps(content))

    assert verify(tmp_path / "registry.json") == 2
    assert "this registry is not signed" in capsys.readouterr().err


def test_a_registry_without_its_proof_is_refused(content: dict[str, Any], tmp_path: Path) -> None:
    document = signed_registry(content)
    del document["proof"]

    with pytest.raises(SignedRegistryError) as caught:
        verify_signed_registry(document, anchors=[demo_anchor()])
    assert caught.value.code == "REGISTRY_UNSIGNED"


def test_a_registry_signed_by_a_key_that_is_not_an_anchor_is_refused(
    content: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed = write_signed_registry(tmp_path / "registry.json", content, key=FORGER)

    assert verify(signed) == 2
    err = capsys.readouterr().err
    assert f"signed by '{FORGER.public_key.did_key}', which is not a trust anchor" in err
    assert (
        main(["verify", CREDENTIAL, "--trust", str(signed), "--trust-anchor", FORGER.public_key.did_key]) == 0
    )


def test_a_registry_naming_the_anchor_as_issuer_but_signed_by_another_key_is_refused(
    content: dict[str, Any],
) -> None:
    document = signed_registry(content, key=FORGER)
    document["issuer"] = TEST_ANCHOR

    with pytest.raises(SignedRegistryError) as caught:
        verify_signed_registry(document, anchors=[demo_anchor(), *_test_anchor()])
    assert caught.value.code == "REGISTRY_SIGNATURE_INVALID"


def _test_anchor() -> list[Any]:
    from microcred.trust.signed import TrustAnchor

    return [TrustAnchor.from_did(TEST_ANCHOR)]


def test_an_expired_registry_is_refused(
    content: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=400)
    signed = write_signed_registry(
        tmp_path / "registry.json", content, valid_from=start, valid_until=start + timedelta(days=365)
    )

    assert verify(signed) == 2
    assert "the registry expired on" in capsys.readouterr().err


def test_a_registry_needs_two_different_approvers(content: dict[str, Any]) -> None:
    signer = KeyPairSigner(TEST_CONSORTIUM_KEY, TEST_CONSORTIUM_KEY.public_key.did_key_verification_method)
    now = datetime.now(UTC).replace(microsecond=0)

    with pytest.raises(SignedRegistryError) as caught:
        sign_registry(
            content, signer, approvals=["Ana", "ana "], valid_from=now, valid_until=now + timedelta(1)
        )
    assert caught.value.code == "REGISTRY_NOT_APPROVED"


def test_the_library_still_reads_an_unsigned_registry_when_asked_explicitly(content: dict[str, Any]) -> None:
    assert [i.slug for i in TrustRegistry.from_json(content).institutions][:2] == ["muni", "unisi"]


def test_load_signed_uses_the_pinned_anchors_unless_told_otherwise(
    content: dict[str, Any], tmp_path: Path
) -> None:
    signed = write_signed_registry(tmp_path / "registry.json", content)

    with pytest.raises(SignedRegistryError):
        TrustRegistry.load_signed(signed)
    assert TrustRegistry.load_signed(signed, anchors=[TEST_ANCHOR]).institution_of(
        "did:web:micro4asia.example:institutions:muni"
    )


def test_the_shipped_demo_registry_is_the_demo_content_signed_by_the_demo_key() -> None:
    from importlib import resources

    text = resources.files("microcred.trust").joinpath("data", "demo-registry.signed.json").read_text("utf-8")
    signed = verify_signed_registry(json.loads(text), anchors=[demo_anchor()])

    subject = {k: v for k, v in signed.content.items() if k != "approvals"}
    assert subject == TrustRegistry.demo_content()
    assert signed.anchor.demo and signed.anchor.did not in {a.did for a in pinned_anchors()}


def test_the_demo_registry_file_is_accepted_only_with_the_demo_anchor_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from importlib import resources

    demo = resources.files("microcred.trust").joinpath("data", "demo-registry.signed.json")
    assert main(["verify", CREDENTIAL, "--trust", str(demo)]) == 2
    capsys.readouterr()
    assert main(["verify", CREDENTIAL, "--trust", str(demo), "--trust-anchor", demo_anchor().did]) == 0
    assert "DEMO consortium key" in capsys.readouterr().err
    assert main(["verify", CREDENTIAL, "--trust", "demo", "--require-trusted"]) == 0


def test_the_pinned_anchor_and_its_fingerprint_are_published_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    [anchor] = pinned_anchors()

    assert anchor.did in readme and anchor.fingerprint in readme
    assert re.fullmatch(r"([0-9A-F]{4} ){15}[0-9A-F]{4}", anchor.fingerprint)


def test_an_anchor_that_is_not_a_did_key_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", CREDENTIAL, "--trust", "x.json", "--trust-anchor", "did:web:evil.example"]) == 2
    assert "a trust anchor must be a did:key" in capsys.readouterr().err


def test_an_altered_copy_keeps_the_original_valid(content: dict[str, Any]) -> None:
    document = signed_registry(content)
    untouched = copy.deepcopy(document)
    _swap_a_key(document)

    assert verify_signed_registry(untouched, anchors=_test_anchor()).registry.institutions


def _two_proofs(content: dict[str, Any]) -> str:
    document = signed_registry(content)
    document["proof"] = [document["proof"], document["proof"]]
    return json.dumps(document)


def _no_expiry(content: dict[str, Any]) -> str:
    document = signed_registry(content)
    del document["validUntil"]
    return json.dumps(document)


@pytest.mark.parametrize(
    "make",
    [
        lambda c: "[" * 100_000 + "]" * 100_000,
        lambda c: "not json",
        lambda c: "[]",
        lambda c: '{"type": ["VerifiableCredential", "TrustRegistryCredential"], "proof": "x", "issuer": 7}',
        lambda c: json.dumps({**signed_registry(c), "validUntil": "99999-01-01T00:00:00Z"}),
        lambda c: json.dumps({**signed_registry(c), "credentialSubject": {**c, "approvals": [1, 2]}}),
        _two_proofs,
        _no_expiry,
    ],
    ids=[
        "deep",
        "garbage",
        "array",
        "odd-types",
        "five-digit-year",
        "bad-approvals",
        "two-proofs",
        "no-expiry",
    ],
)
def test_whatever_an_attacker_sends_as_a_registry_is_refused_cleanly(
    make: Any, content: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "registry.json").write_text(make(content))

    assert verify(tmp_path / "registry.json") == 2
    err = capsys.readouterr().err
    assert err.startswith("microcred: ") and "Traceback" not in err
