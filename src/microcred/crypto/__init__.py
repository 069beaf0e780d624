"""Keys, DIDs, canonicalization and proofs for microcred (framework-free).

Public modules (import from them directly; nothing is re-exported here, so importing
``microcred.crypto`` stays cheap and free of cycles):

* :mod:`microcred.crypto.keys` — ``Ed25519KeyPair``, ``P256KeyPair``, ``P384KeyPair``, their
  ``PublicKey`` types, Multikey/JWK import (``key_pair_from_multikey``, ``public_key_from_jwk`` …);
* :mod:`microcred.crypto.signer` — the ``Signer`` port and ``KeyPairSigner``;
* :mod:`microcred.crypto.key_provider` — the ``KeyProvider`` port, ``EncryptedFileKeyProvider``,
  ``InMemoryKeyProvider`` (ADR 0202);
* :mod:`microcred.crypto.did` — did:key / did:web, ``build_did_document``, ``DidResolver``;
* :mod:`microcred.crypto.jcs` — RFC 8785 ``canonicalize`` (ADR 0203);
* :mod:`microcred.crypto.proofs` — Data Integrity ``add_proof`` / ``verify_proofs`` (ADR 0201);
  :mod:`microcred.crypto.proofs.jose` — ``sign_vc_jwt`` / ``verify_vc_jwt``;
* :mod:`microcred.crypto.multibase` — base58btc, multibase, Multikey headers, base64url;
* :mod:`microcred.crypto.errors` — ``InvalidProof``, ``UnknownKey``, ``KeyFormatError`` …

Low-level helpers are private (leading underscore). Verification raises; it never returns False.
"""
