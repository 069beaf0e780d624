"""Proofs over credentials: Data Integrity (eddsa/ecdsa suites), ``Ed25519Signature2020`` (verify
only) and VC-JOSE (``vc+jwt``)."""

from microcred.crypto.proofs.data_integrity import (
    CRYPTOSUITES,
    PROOF_TYPES,
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
    "PROOF_TYPES",
    "Cryptosuite",
    "KeyResolver",
    "ProofOptions",
    "VerifiedProof",
    "add_proof",
    "create_proof",
    "hash_data",
    "verify_proofs",
]
