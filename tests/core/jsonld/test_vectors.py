"""Byte-for-byte agreement with the published eddsa-rdfc-2022 vectors (W3C vc-di-eddsa and the
1EdTech OB 3.0 linked-data proof vector); see vectors/PROVENANCE.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from microcred.jsonld import canonicalize

VECTORS = Path(__file__).parent / "vectors"


def _json(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    return document


def _text(name: str) -> str:
    return (VECTORS / name).read_text(encoding="utf-8")


def test_it_reproduces_the_w3c_eddsa_rdfc_document_canon() -> None:
    assert canonicalize(_json("vc-di-eddsa/unsigned.json")) == _text("vc-di-eddsa/canonDocDataInt.txt")


def test_it_reproduces_the_w3c_eddsa_rdfc_proof_canon() -> None:
    assert canonicalize(_json("vc-di-eddsa/proofConfigDataInt.json")) == _text(
        "vc-di-eddsa/proofCanonDataInt.txt"
    )


def test_it_reproduces_the_w3c_employment_vector_document_canon() -> None:
    signed = _json("vc-di-eddsa/employ/signedDataInt.json")
    del signed["proof"]
    assert signed == _json("vc-di-eddsa/employmentAuth.json")
    assert canonicalize(signed) == _text("vc-di-eddsa/employ/canonDocDataInt.txt")


def test_it_reproduces_the_w3c_employment_vector_proof_canon() -> None:
    config = _json("vc-di-eddsa/employ/proofConfigDataInt.json")
    assert canonicalize(config) == _text("vc-di-eddsa/employ/proofCanonDataInt.txt")


def test_it_reproduces_the_open_badges_document_canon() -> None:
    document = _json("ob3/01-credential.json")
    assert canonicalize(document) == _text("ob3/document-canon.txt")


def test_it_reproduces_the_open_badges_proof_canon() -> None:
    document = _json("ob3/01-credential.json")
    proof = _json("ob3/06-proof.json")
    del proof["proofValue"]
    proof["@context"] = document["@context"]
    assert canonicalize(proof) == _text("ob3/proof-canon.txt")


def test_every_canonical_line_ends_with_a_newline() -> None:
    text = canonicalize(_json("vc-di-eddsa/unsigned.json"))
    assert text.endswith("\n")
    assert all(line.endswith(" .") for line in text.split("\n")[:-1])
