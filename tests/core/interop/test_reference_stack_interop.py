"""Interoperability with the Digital Bazaar reference stack (ADR 0901).

Credentials we sign verify with ``@digitalbazaar/vc`` 7.3.0 + ``data-integrity`` 2.5.0 and the
``eddsa-rdfc-2022`` 1.3.0 / ``eddsa-jcs-2022`` 1.0.0 cryptosuites (tests/reference_js, pinned by
its package-lock.json), and credentials that stack signs verify with us, for both suites.

The corpus: seeded credentials from the differential test's generator (Vietnamese and Lao
names, emoji, private-use characters, C0 controls, N-degree duplicates, endorsements with
embedded proofs, 5.0 and 1e21 numbers) plus the committed bench population (composed OB 3.0
credentials with the EU elements). 1,480 signatures in all:

==========================  ===============  ===============
direction                   eddsa-rdfc-2022  eddsa-jcs-2022
==========================  ===============  ===============
we sign, reference verifies       370              370
reference signs, we verify        370              370
==========================  ===============  ===============

Each cell is 250 generated credentials (its own seeds) and the 120 distinct bench credentials. Both sides sign
with the same fixed test key and ``created`` date; Ed25519 is deterministic, so the two stacks
must also produce the same proof, byte for byte. Everything runs in one node process
(tests/reference_js/sign_verify.mjs), which loads only our bundled contexts and resolves did:key
locally. Skipped, with the reason, when node or tests/reference_js/node_modules is missing
(``make test`` runs ``npm ci`` there first).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import CryptoError, InvalidProof
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof, verify_proofs
from microcred.crypto.signer import KeyPairSigner
from tests.core.reference_js import REFERENCE_STACK_MARKS, run_node

from ..jsonld.ob3_generator import generate_credential

ROOT = Path(__file__).parents[3]
BENCH = ROOT / "bench" / "populations"

pytestmark = list(REFERENCE_STACK_MARKS)

SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")
GENERATED_PER_CELL = 250
FIRST_SEED = 90_000  # the differential test uses seeds from 0; these are other credentials
CREATED = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
CREATED_TEXT = "2026-06-30T12:00:00Z"

# Fixed TEST keys (never used outside tests): the seeds are readable ASCII.
TEST_KEY_OURS = Ed25519KeyPair.from_seed(b"microcred interop TEST key: ours")
TEST_KEY_REFERENCE = Ed25519KeyPair.from_seed(b"microcred interop TEST key: DBjs")


def _method(key: Ed25519KeyPair) -> str:
    return f"{key.did_key}#{key.public_key_multibase}"


def _as_issued_by(credential: dict[str, Any], key: Ed25519KeyPair) -> dict[str, Any]:
    """The credential without a proof, issued by ``key``'s did:key (vc.js checks that the issuer
    is the verification method's controller); an issuer object keeps its other properties."""
    credential = copy.deepcopy(credential)
    credential.pop("proof", None)  # the generator sometimes adds a placeholder proof
    if isinstance(credential["issuer"], dict):
        credential["issuer"]["id"] = key.did_key
    else:
        credential["issuer"] = key.did_key
    return credential


def _bench_credentials() -> list[dict[str, Any]]:
    """The 100 typical bench credentials plus the 20 mixed ones that differ from them."""
    typical = [json.loads(line) for line in (BENCH / "typical.jsonl").read_text("utf-8").splitlines()]
    mixed = [json.loads(line) for line in (BENCH / "mixed.jsonl").read_text("utf-8").splitlines()]
    return typical + [m for m, t in zip(mixed, typical, strict=True) if m != t]


def _corpus(cell: int) -> list[dict[str, Any]]:
    """The credentials of one (direction, suite) cell: its own generator seeds, all bench ones."""
    first = FIRST_SEED + cell * GENERATED_PER_CELL
    generated = [generate_credential(seed) for seed in range(first, first + GENERATED_PER_CELL)]
    return generated + _bench_credentials()


def _run_reference(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the jobs in one node process (tests/reference_js/sign_verify.mjs)."""
    return run_node("sign_verify.mjs", jobs)


def _tampered(credential: dict[str, Any], kind: str) -> dict[str, Any]:
    """The credential with exactly one character changed."""
    credential = copy.deepcopy(credential)
    if kind == "credential id":
        text = credential["id"]
        credential["id"] = text[:-1] + ("1" if text[-1] != "1" else "2")
    elif kind == "validFrom year digit":
        text = credential["validFrom"]
        credential["validFrom"] = text[:3] + ("5" if text[3] != "5" else "4") + text[4:]
    elif kind == "achievement name letter":
        achievement = credential["credentialSubject"]["achievement"]
        name = achievement["name"]
        text = name["@value"] if isinstance(name, dict) else name
        assert text, "pick a sample whose achievement has a name"
        changed = ("Ạ" if text[0] != "Ạ" else "A") + text[1:]
        if isinstance(name, dict):
            name["@value"] = changed
        else:
            achievement["name"] = changed
    elif kind == "proofValue character":
        text = credential["proof"]["proofValue"]
        credential["proof"]["proofValue"] = text[:10] + ("2" if text[10] != "2" else "3") + text[11:]
    else:
        raise AssertionError(kind)
    return credential


TAMPERS = ("credential id", "validFrom year digit", "achievement name letter", "proofValue character")
TAMPER_SAMPLES = 3  # per suite and tamper kind: the first credentials of the cell with a name


@dataclass
class Run:
    """Everything the tests compare; computed once per module with one node process."""

    # (suite) -> list of (credential we signed, reference verify result)
    ours_verified_by_reference: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = field(
        default_factory=dict
    )
    # (suite) -> list of (unsigned credential, reference sign result)
    signed_by_reference: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = field(default_factory=dict)
    # (suite) -> list of (tamper kind, tampered credential of ours, reference verify result)
    tampered_ours: dict[str, list[tuple[str, dict[str, Any], dict[str, Any]]]] = field(default_factory=dict)
    refused_unknown_context: dict[str, Any] = field(default_factory=dict)


def _named(credential: dict[str, Any]) -> bool:
    name = credential["credentialSubject"]["achievement"]["name"]
    return bool(name["@value"] if isinstance(name, dict) else name)


@pytest.fixture(scope="module")
def run() -> Run:
    ours_signer = KeyPairSigner(TEST_KEY_OURS, _method(TEST_KEY_OURS))
    options = ProofOptions(created=CREATED)
    reference_key = {
        "publicKeyMultibase": TEST_KEY_REFERENCE.public_key_multibase,
        "secretKeyMultibase": TEST_KEY_REFERENCE.export_secret_key_multibase(),
    }
    jobs: list[dict[str, Any]] = []
    plan: list[tuple[str, str, Any]] = []
    for index, suite in enumerate(SUITES):
        for credential in _corpus(2 * index):
            secured = add_proof(
                _as_issued_by(credential, TEST_KEY_OURS), ours_signer, cryptosuite=suite, options=options
            )
            jobs.append({"op": "verify", "credential": secured})
            plan.append(("ours", suite, secured))
        samples = [c for c in _corpus(2 * index) if _named(c)][:TAMPER_SAMPLES]
        for credential in samples:
            secured = add_proof(
                _as_issued_by(credential, TEST_KEY_OURS), ours_signer, cryptosuite=suite, options=options
            )
            for kind in TAMPERS:
                tampered = _tampered(secured, kind)
                jobs.append({"op": "verify", "credential": tampered})
                plan.append(("tampered", suite, (kind, tampered)))
        for credential in _corpus(2 * index + 1):
            unsigned = _as_issued_by(credential, TEST_KEY_REFERENCE)
            jobs.append(
                {
                    "op": "sign",
                    "cryptosuite": suite,
                    "credential": unsigned,
                    "key": reference_key,
                    "created": CREATED_TEXT,
                }
            )
            plan.append(("reference", suite, unsigned))
    unknown = _as_issued_by(generate_credential(FIRST_SEED), TEST_KEY_REFERENCE)
    unknown["@context"] = [*unknown["@context"], "https://contexts.example/not-bundled.jsonld"]
    jobs.append(
        {
            "op": "sign",
            "cryptosuite": "eddsa-rdfc-2022",
            "credential": unknown,
            "key": reference_key,
            "created": CREATED_TEXT,
        }
    )
    plan.append(("unknown", "eddsa-rdfc-2022", unknown))

    outcome = Run()
    for (what, suite, item), result in zip(plan, _run_reference(jobs), strict=True):
        if what == "ours":
            outcome.ours_verified_by_reference.setdefault(suite, []).append((item, result))
        elif what == "tampered":
            kind, tampered = item
            outcome.tampered_ours.setdefault(suite, []).append((kind, tampered, result))
        elif what == "reference":
            outcome.signed_by_reference.setdefault(suite, []).append((item, result))
        else:
            outcome.refused_unknown_context = result
    return outcome


def _reference_signed(run: Run, suite: str) -> list[dict[str, Any]]:
    refused = [(c["id"], r["error"]) for c, r in run.signed_by_reference[suite] if "credential" not in r]
    assert refused == [], f"the reference stack refused to sign {len(refused)}: {refused[:3]}"
    return [result["credential"] for _, result in run.signed_by_reference[suite]]


@pytest.mark.parametrize("suite", SUITES)
def test_credentials_we_sign_verify_with_the_reference_stack(run: Run, suite: str) -> None:
    results = run.ours_verified_by_reference[suite]
    assert len(results) == GENERATED_PER_CELL + len(_bench_credentials())
    failures = [(c["id"], r.get("error")) for c, r in results if r.get("verified") is not True]
    assert failures == [], f"{len(failures)} of {len(results)} rejected, first: {failures[:3]}"


@pytest.mark.parametrize("suite", SUITES)
def test_credentials_the_reference_stack_signs_verify_with_us(run: Run, suite: str) -> None:
    signed = _reference_signed(run, suite)
    assert len(signed) == GENERATED_PER_CELL + len(_bench_credentials())
    resolver = DidResolver()
    failures = []
    for credential in signed:
        assert credential["proof"]["cryptosuite"] == suite
        try:
            (verified,) = verify_proofs(credential, resolver)
        except CryptoError as error:
            failures.append((credential["id"], str(error)))
            continue
        assert verified.public_key == TEST_KEY_REFERENCE.public_key
    assert failures == [], f"{len(failures)} of {len(signed)} rejected, first: {failures[:3]}"


@pytest.mark.parametrize("suite", SUITES)
def test_both_stacks_make_the_same_proof_for_the_same_key_credential_and_date(run: Run, suite: str) -> None:
    signer = KeyPairSigner(TEST_KEY_REFERENCE, _method(TEST_KEY_REFERENCE))
    options = ProofOptions(created=CREATED)
    differing = []
    for unsigned, result in run.signed_by_reference[suite]:
        ours = add_proof(unsigned, signer, cryptosuite=suite, options=options)
        if ours != result["credential"]:
            differing.append(unsigned["id"])
    assert differing == []


@pytest.mark.parametrize("suite", SUITES)
def test_a_single_character_tamper_of_a_reference_signed_credential_fails_with_us(
    run: Run, suite: str
) -> None:
    samples = [c for c in _reference_signed(run, suite) if _named(c)][:TAMPER_SAMPLES]
    resolver = DidResolver()
    for credential in samples:
        verify_proofs(credential, resolver)  # the untouched credential verifies
        for kind in TAMPERS:
            with pytest.raises(InvalidProof, match="signature"):
                verify_proofs(_tampered(credential, kind), resolver)


@pytest.mark.parametrize("suite", SUITES)
def test_a_single_character_tamper_of_our_credential_fails_with_the_reference_stack(
    run: Run, suite: str
) -> None:
    results = run.tampered_ours[suite]
    assert len(results) == TAMPER_SAMPLES * len(TAMPERS)
    accepted = [kind for kind, _, result in results if result.get("verified") is not False]
    assert accepted == []
    assert all("Invalid signature" in result["error"] for _, _, result in results)


def test_the_reference_stack_loads_only_bundled_contexts(run: Run) -> None:
    error = run.refused_unknown_context.get("error", "")
    assert "document loader refuses" in error
    assert "https://contexts.example/not-bundled.jsonld" in error


_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_LAO = re.compile("[\u0e80-\u0eff]")
_EMOJI = re.compile("[\U0001f300-\U0001faff]")


def test_the_corpus_has_vietnamese_and_lao_text_emoji_and_the_eu_bench_credentials() -> None:
    texts = [json.dumps(credential, ensure_ascii=False) for cell in range(4) for credential in _corpus(cell)]
    assert len(texts) == 4 * (GENERATED_PER_CELL + 120)
    assert sum(1 for text in texts if _VIETNAMESE.search(text)) >= 200
    assert sum(1 for text in texts if _LAO.search(text)) >= 100
    assert sum(1 for text in texts if _EMOJI.search(text)) >= 50
    bench = _bench_credentials()
    assert len(bench) == 120
    assert all("credentialSchema" in credential for credential in bench)
