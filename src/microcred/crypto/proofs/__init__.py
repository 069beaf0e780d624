"""Proofs over credentials: Data Integrity (eddsa/ecdsa suites) and VC-JOSE (``vc+jwt``)."""

from microcred.crypto.proofs.data_integrity import (
    CRYPTOSUITES,
    Cryptosuite,
    KeyResolver,
    ProofOptions,
    VerifiedProof,
    add_proof,
    create_proof,
    hash_data,
    verify_proofs,
)

__all__ = [
    "CRYPTOSUITES",
    "Cryptosuite",
    "KeyResolver",
    "ProofOptions",
    "VerifiedProof",
    "add_proof",
    "create_proof",
    "hash_data",
    "verify_proofs",
]
