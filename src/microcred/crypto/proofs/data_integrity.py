"""W3C VC Data Integrity 1.0 proofs with the EdDSA and ECDSA cryptosuites.

Suites (each "create"/"verify" follows the suite's algorithm sections literally):

* ``eddsa-rdfc-2022`` — vc-di-eddsa §3.2 (transformation §3.2.3 RDFC-1.0, hashing §3.2.4,
  proof configuration §3.2.5, serialization §3.2.6 / verification §3.2.7);
* ``eddsa-jcs-2022`` — vc-di-eddsa §3.3 (JCS, RFC 8785; the proof keeps ``@context``, §3.3.1
  step 2 and §3.3.2 step 4);
* ``ecdsa-rdfc-2019`` / ``ecdsa-jcs-2019`` — vc-di-ecdsa (SHA-256 for P-256,
  SHA-384 for P-384; IEEE P1363 ``r ‖ s``).

For every suite: ``hashData = H(canonical proof config) ‖ H(canonical document)`` (proof hash
first), signed with the key, ``proofValue = "z" + base58btc(signature)``.

Proof sets and chains (VC Data Integrity 1.0 §2.1.1–2.1.2, §4.3, §4.5): a document may carry several
proofs; a proof naming ``previousProof`` signs the document *with* the proofs it names, given
as a list under ``proof``.

Verification raises — :class:`InvalidProof` with the Data Integrity error code, or
:class:`UnknownKey` from the resolver — and returns what was verified.

RDFC-1.0 canonicalization comes from :func:`microcred.jsonld.canonicalize`, looked up by name
at first use so this module imports without JSON-LD support installed.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal, Protocol

from microcred.crypto import jcs
from microcred.crypto.errors import (
    CryptoError,
    EncodingError,
    InvalidProof,
    InvalidSignature,
    JcsError,
    ProofGenerationError,
)
from microcred.crypto.keys import PublicKey
from microcred.crypto.multibase import b58decode, b58encode
from microcred.crypto.signer import Signer
from microcred.errors import MicrocredError
from microcred.untrusted_input import DateTimeError, parse_date_time

__all__ = [
    "CRYPTOSUITES",
    "PROOF_TYPES",
    "Cryptosuite",
    "KeyResolver",
    "ProofOptions",
    "VerifiedProof",
    "add_proof",
    "create_proof",
    "format_datetime",
    "hash_data",
    "verify_proofs",
]

Cryptosuite = Literal["eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019"]
CRYPTOSUITES: Final[tuple[Cryptosuite, ...]] = (
    "eddsa-rdfc-2022",
    "eddsa-jcs-2022",
    "ecdsa-rdfc-2019",
    "ecdsa-jcs-2019",
)
_PROOF_TYPE: Final = "DataIntegrityProof"
#: Proof types :func:`verify_proofs` verifies: Data Integrity, and the older ``Ed25519Signature2020``
#: suite of Open Badges issued before it (verify only, :mod:`.ed25519_signature_2020`; ADR 0902).
PROOF_TYPES: Final = frozenset({_PROOF_TYPE, "Ed25519Signature2020"})
_KEY_ALGORITHMS: Final[dict[str, frozenset[str]]] = {
    "eddsa-rdfc-2022": frozenset({"Ed25519"}),
    "eddsa-jcs-2022": frozenset({"Ed25519"}),
    "ecdsa-rdfc-2019": frozenset({"P-256", "P-384"}),
    "ecdsa-jcs-2019": frozenset({"P-256", "P-384"}),
}
_TAMPERED: Final = (
    "the signature does not match the document: the document or proof was changed after signing"
)


class KeyResolver(Protocol):
    """Finds the public key of a verification method authorized for a proof purpose.

    :class:`microcred.crypto.did.DidResolver` is the implementation; it raises ``UnknownKey``.
    """

    def resolve_verification_method(self, method_id: str, *, purpose: str = ...) -> PublicKey: ...


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class ProofOptions:
    """Proof options (VC Data Integrity 1.0 §2.1 "Proofs").

    ``verification_method`` defaults to the signer's ``key_id``. ``created`` defaults to now
    (UTC, whole seconds); ``None`` leaves it out. Presentations use
    ``proof_purpose="authentication"`` with a ``challenge`` and usually a ``domain``.
    """

    verification_method: str | None = None
    proof_purpose: str = "assertionMethod"
    created: datetime | None = field(default_factory=_now)
    expires: datetime | None = None
    challenge: str | None = None
    domain: str | tuple[str, ...] | None = None
    id: str | None = None
    previous_proof: str | tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class VerifiedProof:
    """One proof that verified: which suite, key and purpose, and when it was made."""

    cryptosuite: str
    verification_method: str
    proof_purpose: str
    public_key: PublicKey
    created: datetime | None
    proof_id: str | None


def format_datetime(value: datetime) -> str:
    """XSD dateTimeStamp in UTC with a ``Z`` and no fraction when whole (VC Data Model 2.0 §4.5)."""
    if value.tzinfo is None:
        raise ProofGenerationError("datetimes in proofs must be timezone-aware", where="proof.created")
    text = value.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z")


def _parse_datetime(value: object, where: str, error: type[CryptoError], code: str) -> datetime:
    """The one date-time reader (``microcred.untrusted_input``), its refusal as ``error``."""
    try:
        return parse_date_time(value, where=where)
    except DateTimeError as exc:
        raise error(exc.message, where=where, code=code) from None


_CREATED: dict[str, datetime] = {}


def _parse_created(value: object, where: str) -> datetime:
    """``proof.created`` as a datetime; remembered, since a batch of credentials shares a few values."""
    if type(value) is str:
        cached = _CREATED.get(value)
        if cached is not None:
            return cached
    parsed = _parse_datetime(value, f"{where}.created", InvalidProof, "MALFORMED_PROOF_ERROR")
    if len(_CREATED) >= 4096:
        _CREATED.clear()
    _CREATED[value] = parsed  # type: ignore[index]  # a str: _parse_datetime refuses anything else
    return parsed


# --------------------------------------------------------------------------------------------
# Canonicalization and hashing


def _rdfc(document: Mapping[str, Any], key_algorithm: str = "Ed25519") -> bytes:
    """RDFC-1.0 canonical N-Quads; for P-384 keys RDFC-1.0 runs with SHA-384 (vc-di-ecdsa, "Transformation (ecdsa-rdfc-2019)")."""
    if key_algorithm == "P-384":
        return _rdfc_sha384(document).encode("utf-8")
    canonicalize = _CANONICALIZE_RDFC or _load_rdfc()
    return canonicalize(document).encode("utf-8")


_CANONICALIZE_RDFC: Callable[[Mapping[str, Any]], str] | None = None


def _missing_rdfc() -> CryptoError:
    return CryptoError(
        "RDFC-1.0 canonicalization needs microcred.jsonld.canonicalize, which is not available",
        where="eddsa-rdfc-2022",
        code="PROOF_TRANSFORMATION_ERROR",
    )


def _load_rdfc() -> Callable[[Mapping[str, Any]], str]:
    global _CANONICALIZE_RDFC
    try:
        canonicalize: Callable[[Mapping[str, Any]], str] = importlib.import_module(
            "microcred.jsonld"
        ).canonicalize
    except (ImportError, AttributeError):
        raise _missing_rdfc() from None
    _CANONICALIZE_RDFC = canonicalize
    return canonicalize


def _rdfc_sha384(document: Mapping[str, Any]) -> str:
    try:
        to_quads = importlib.import_module("microcred.jsonld").to_quads
        canonize = importlib.import_module("microcred.rdf").canonize
    except (ImportError, AttributeError):
        raise _missing_rdfc() from None
    return str(canonize(to_quads(document), hash_algorithm="sha384"))


def _is_jcs(cryptosuite: str) -> bool:
    return cryptosuite.endswith("-jcs-2022") or cryptosuite.endswith("-jcs-2019")


def _digest(key_algorithm: str, data: bytes) -> bytes:
    if key_algorithm == "P-384":
        return hashlib.sha384(data).digest()
    return hashlib.sha256(data).digest()


def hash_data(
    cryptosuite: str,
    canonical_proof_config: bytes,
    canonical_document: bytes,
    *,
    key_algorithm: str = "Ed25519",
) -> bytes:
    """``H(proof config) ‖ H(document)`` (vc-di-eddsa §3.2.4 / §3.3.4; vc-di-ecdsa "Hashing").

    SHA-256 except for P-384 keys under the ECDSA suites (SHA-384). Exposed so that the RDFC
    test vectors can be checked from their canonical N-Quads.
    """
    if cryptosuite not in _KEY_ALGORITHMS or key_algorithm not in _KEY_ALGORITHMS[cryptosuite]:
        raise ProofGenerationError(
            f"{cryptosuite} cannot be used with a {key_algorithm} key", where="proof.cryptosuite"
        )
    return _digest(key_algorithm, canonical_proof_config) + _digest(key_algorithm, canonical_document)


_CONFIG_CACHE: dict[tuple[object, ...], bytes] = {}
_CONFIG_CACHE_LIMIT: Final = 1024
_CACHE_LOCK: Final = threading.Lock()


def _frozen(value: object) -> object | None:
    """A hashable image of a JSON value made only of strings, lists and objects, else ``None``.

    Only such values are cached: ``True == 1`` and ``1 == 1.0`` in Python, so a cache keyed on
    numbers or booleans could hand one proof configuration the hash of another.
    """
    kind = type(value)
    if kind is str:
        return value
    if kind is list or kind is tuple:
        items: list[object] = ["L"]
        for item in value:  # type: ignore[attr-defined]
            frozen = _frozen(item)
            if frozen is None:
                return None
            items.append(frozen)
        return tuple(items)
    if kind is dict:
        pairs: list[object] = ["D"]
        for key, item in value.items():  # type: ignore[attr-defined]
            frozen = _frozen(item)
            if frozen is None or type(key) is not str:
                return None
            pairs.append((key, frozen))
        return tuple(pairs)
    return None


def _config_hash(cryptosuite: str, config: dict[str, Any], key_algorithm: str) -> bytes:
    """H(canonical proof configuration).

    RDFC results are cached (≈1 ms each; one issuer signs many credentials with the same
    method, purpose, context and, within a second, the same ``created``). JCS is cheaper to
    redo than to look up.
    """
    if _is_jcs(cryptosuite):
        return _digest(key_algorithm, jcs.canonicalize(config))
    frozen = _frozen(config)
    key = (cryptosuite, key_algorithm, frozen)
    if frozen is not None:
        cached = _CONFIG_CACHE.get(key)
        if cached is not None:
            return cached
    digest = _digest(key_algorithm, _rdfc(config, key_algorithm))
    if frozen is not None:
        with _CACHE_LOCK:
            if len(_CONFIG_CACHE) >= _CONFIG_CACHE_LIMIT:
                _CONFIG_CACHE.clear()
            _CONFIG_CACHE[key] = digest
    return digest


_TEMPLATES: dict[tuple[object, ...], tuple[dict[str, Any], bytes]] = {}
_LAST_CONTEXT: tuple[object, object | None] | None = None


# The last proof configuration made: (options, suite, signer, key id, key algorithm, context,
# template, digest). One issuer signing a batch reuses it without hashing any memo key.
_LAST_CONFIG: tuple[ProofOptions, str, Signer, str, str, object, dict[str, Any], bytes] | None = None


def _remember_config(
    opts: ProofOptions,
    cryptosuite: str,
    signer: Signer,
    key_algorithm: str,
    context: object,
    template: dict[str, Any],
    digest: bytes,
) -> None:
    global _LAST_CONFIG
    # A deep copy: a caller that later mutates its context list must not match a stale entry.
    _LAST_CONFIG = (
        opts,
        cryptosuite,
        signer,
        signer.key_id,
        key_algorithm,
        copy.deepcopy(context),
        template,
        digest,
    )


def _remember_context(context: object, frozen: object | None) -> None:
    global _LAST_CONTEXT
    if frozen is not None:
        _LAST_CONTEXT = (copy.deepcopy(context), frozen)


def _config_and_hash(
    cryptosuite: str, opts: ProofOptions, signer: Signer, key_algorithm: str, context: object
) -> tuple[dict[str, Any], bytes]:
    """The proof configuration to store (a fresh dict) and H(its canonical form), for creation.

    Memoized on (suite, options, key id, context): the options are a frozen dataclass and the
    context is frozen to strings only, so equal keys mean byte-equal configurations.
    """
    last = _LAST_CONTEXT
    if last is not None and context == last[0]:  # content comparison: a mutated list cannot hit
        frozen_context: object | None = last[1]
    else:
        frozen_context = _frozen(context) if context is not None else ("none",)
        _remember_context(context, frozen_context)
    key: tuple[object, ...] | None = None
    # Only string-valued configurations are memoized (list-valued domain/previousProof are not),
    # so a template never shares a mutable object with a proof handed out.
    if (
        frozen_context is not None
        and type(opts.domain) is not tuple
        and type(opts.previous_proof) is not tuple
    ):
        key = (cryptosuite, key_algorithm, opts, signer.key_id, frozen_context)
    jcs_suite = _is_jcs(cryptosuite)
    if key is not None:
        try:
            cached = _TEMPLATES.get(key)
        except TypeError:  # options holding unhashable values (a list passed as domain…)
            key, cached = None, None
        if cached is not None:
            config = dict(cached[0])
            if jcs_suite and context is not None:
                config["@context"] = context  # content-equal to the one that was hashed
            _remember_config(opts, cryptosuite, signer, key_algorithm, context, cached[0], cached[1])
            return config, cached[1]
    config = _proof_config(cryptosuite, opts, signer)
    if key is not None:
        template = dict(config)
    if jcs_suite:
        if context is not None:
            config["@context"] = context  # kept in the proof (vc-di-eddsa §3.3.1 step 2)
        digest = _config_hash(cryptosuite, config, key_algorithm)
    else:
        # injected only for hashing; the stored proof has no @context (vc-di-eddsa §3.2.5 step 4)
        digest = _config_hash(cryptosuite, {**config, "@context": context}, key_algorithm)
    if key is not None:
        with _CACHE_LOCK:
            if len(_TEMPLATES) >= _CONFIG_CACHE_LIMIT:
                _TEMPLATES.clear()
            _TEMPLATES[key] = (template, digest)
        _remember_config(opts, cryptosuite, signer, key_algorithm, context, template, digest)
    return config, digest


# --------------------------------------------------------------------------------------------
# Create


def _proof_config(cryptosuite: str, options: ProofOptions, signer: Signer) -> dict[str, Any]:
    config: dict[str, Any] = {"type": _PROOF_TYPE}
    if options.id is not None:
        config["id"] = options.id
    config["cryptosuite"] = cryptosuite
    if options.created is not None:
        config["created"] = format_datetime(options.created)
    config["verificationMethod"] = options.verification_method or signer.key_id
    if not config["verificationMethod"]:
        raise ProofGenerationError("no verification method", where="proof.verificationMethod")
    config["proofPurpose"] = options.proof_purpose
    if options.expires is not None:
        config["expires"] = format_datetime(options.expires)
    if options.challenge is not None:
        config["challenge"] = options.challenge
    if options.domain is not None:
        config["domain"] = options.domain if isinstance(options.domain, str) else list(options.domain)
    if options.previous_proof is not None:
        config["previousProof"] = (
            options.previous_proof
            if isinstance(options.previous_proof, str)
            else list(options.previous_proof)
        )
    return config


def _existing_proofs(document: Mapping[str, Any]) -> list[Any]:
    proofs = document.get("proof")
    if proofs is None:
        return []
    return list(proofs) if isinstance(proofs, list) else [proofs]


def _with_previous(
    unsecured: dict[str, Any], proofs: Sequence[Any], previous: object, error: type[CryptoError], code: str
) -> dict[str, Any]:
    """The input document of a chained proof: the unsecured document plus the proofs it names."""
    ids = [previous] if isinstance(previous, str) else previous
    if not isinstance(ids, list | tuple) or not all(isinstance(i, str) for i in ids):
        raise error(
            "previousProof must be a string or a list of strings", where="proof.previousProof", code=code
        )
    matching = []
    for wanted in ids:
        found = [p for p in proofs if isinstance(p, Mapping) and p.get("id") == wanted]
        if not found:
            raise error(
                f"previousProof {wanted} names no proof in this document",
                where="proof.previousProof",
                code=code,
            )
        matching.extend(found)
    return {**unsecured, "proof": matching}


def create_proof(
    document: Mapping[str, Any],
    signer: Signer,
    *,
    cryptosuite: Cryptosuite = "eddsa-rdfc-2022",
    options: ProofOptions | None = None,
) -> dict[str, Any]:
    """The proof object for ``document`` (vc-di-eddsa §3.2.1 / §3.3.1; vc-di-ecdsa "Create Proof").

    Existing proofs in ``document`` are left out of what is signed unless ``options.previous_proof``
    names them (a proof chain). Raises :class:`ProofGenerationError` for a suite/key mismatch or a
    bad option, :class:`JcsError` for a document JCS cannot represent.
    """
    opts = options if options is not None else ProofOptions()
    context = document.get("@context")
    recent = _LAST_CONFIG
    if (
        recent is not None
        and recent[0] is opts
        and recent[1] == cryptosuite
        and recent[2] is signer
        and recent[3] == signer.key_id
        and context == recent[5]
    ):
        # The same (frozen) options object, suite, signer and an equal context as the last
        # proof: suite and key were checked when that entry was made.
        key_algorithm = recent[4]
        config = dict(recent[6])
        if context is not None and _is_jcs(cryptosuite):
            config["@context"] = context  # content-equal to the one that was hashed
        config_hash = recent[7]
    else:
        if cryptosuite not in _KEY_ALGORITHMS:
            raise ProofGenerationError(f"unknown cryptosuite {cryptosuite!r}", where="proof.cryptosuite")
        key_algorithm = signer.public_key.algorithm
        if key_algorithm not in _KEY_ALGORITHMS[cryptosuite]:
            raise ProofGenerationError(
                f"{cryptosuite} cannot sign with a {key_algorithm} key", where="proof.cryptosuite"
            )
        config, config_hash = _config_and_hash(cryptosuite, opts, signer, key_algorithm, context)
    if type(document) is dict and "proof" not in document:
        unsecured: Mapping[str, Any] = document
    else:
        unsecured = {k: v for k, v in document.items() if k != "proof"}
    if opts.previous_proof is not None:
        unsecured = _with_previous(
            dict(unsecured),
            _existing_proofs(document),
            config["previousProof"],
            ProofGenerationError,
            "PROOF_GENERATION_ERROR",
        )
    if cryptosuite == "eddsa-jcs-2022":  # the hot path: JCS and SHA-256, no dispatch
        data = config_hash + hashlib.sha256(jcs.canonicalize(unsecured)).digest()
    else:
        canonical_document = (
            jcs.canonicalize(unsecured) if _is_jcs(cryptosuite) else _rdfc(unsecured, key_algorithm)
        )
        data = config_hash + _digest(key_algorithm, canonical_document)
    signature = signer.sign(data)
    config["proofValue"] = "z" + b58encode(signature)
    return config


def add_proof(
    document: Mapping[str, Any],
    signer: Signer,
    *,
    cryptosuite: Cryptosuite = "eddsa-rdfc-2022",
    options: ProofOptions | None = None,
) -> dict[str, Any]:
    """A new secured document: ``document`` with one more proof (VC Data Integrity §4.2 "Add Proof").

    The input is not changed. With one proof, ``proof`` is an object; with more, a list (a proof
    set, §2.1.1).
    """
    proof = create_proof(document, signer, cryptosuite=cryptosuite, options=options)
    if "proof" not in document:
        return {**document, "proof": proof}
    existing = _existing_proofs(document)
    secured = dict(document)
    secured["proof"] = [*existing, proof] if existing else proof
    return secured


# --------------------------------------------------------------------------------------------
# Verify


def _invalid(message: str, where: str, code: str = "PROOF_VERIFICATION_ERROR") -> InvalidProof:
    return InvalidProof(message, where=where, code=code)


def _context_list(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def verify_proofs(
    document: Mapping[str, Any],
    resolver: KeyResolver,
    *,
    expected_purpose: str = "assertionMethod",
    challenge: str | None = None,
    domain: str | None = None,
    now: datetime | None = None,
    skip_foreign_proofs: bool = False,
) -> tuple[VerifiedProof, ...]:
    """Verify every proof on ``document`` (VC Data Integrity 1.0 §4.4–4.5; the suites' "Verify Proof").

    All proofs of a set must verify; a chained proof is checked against the proofs it names.
    ``expected_purpose`` is ``assertionMethod`` for credentials and ``authentication`` for
    presentations; ``challenge``/``domain``, when given, must match the proof's.

    ``Ed25519Signature2020`` proofs are verified by :mod:`.ed25519_signature_2020` (verify only).

    ``skip_foreign_proofs=True`` follows OB 3.0 "Proofs (Signatures)" ("a verifier may check any one proof"):
    proofs whose ``type`` is not in :data:`PROOF_TYPES` are skipped, and at least one proof must
    remain and verify. By default such a proof is an error.

    Raises :class:`InvalidProof` (``code`` = Data Integrity error code) or ``UnknownKey``.
    """
    raw = document.get("proof")
    if raw is None:
        raise _invalid("the document has no proof", "proof", "MALFORMED_PROOF_ERROR")
    proofs = raw if isinstance(raw, list) else [raw]
    if not proofs:
        raise _invalid("the document's proof list is empty", "proof", "MALFORMED_PROOF_ERROR")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    moment = now if now is not None else datetime.now(UTC)
    results = []
    for index, proof in enumerate(proofs):
        where = "proof" if len(proofs) == 1 else f"proof[{index}]"
        kind = proof.get("type") if isinstance(proof, Mapping) else None
        if skip_foreign_proofs and kind not in PROOF_TYPES:
            continue
        if kind == "Ed25519Signature2020":
            assert isinstance(proof, Mapping)
            from microcred.crypto.proofs.ed25519_signature_2020 import verify_ed25519_signature_2020

            results.append(
                verify_ed25519_signature_2020(
                    unsecured,
                    proof,
                    resolver,
                    expected_purpose=expected_purpose,
                    challenge=challenge,
                    domain=domain,
                    now=moment,
                    where=where,
                )
            )
            continue
        results.append(
            _verify_one(
                unsecured, proofs, proof, resolver, expected_purpose, challenge, domain, moment, where
            )
        )
    if not results:
        raise _invalid(
            "the document has no proof of a supported type to verify", "proof", "MALFORMED_PROOF_ERROR"
        )
    return tuple(results)


def proof_members(
    proof: Mapping[str, Any],
    where: str,
    *,
    expected_purpose: str,
    challenge: str | None,
    domain: str | None,
    now: datetime,
) -> tuple[str, str, bytes, datetime | None]:
    """The members every linked-data proof shares, checked (VC Data Integrity 1.0 §2.1 "Proofs",
    §4.5 "Verify Proof" steps on ``proofPurpose``, ``created``, ``expires``, ``challenge`` and
    ``domain``): its purpose, verification method, the base58btc signature of ``proofValue`` and
    ``created``. Used by ``DataIntegrityProof`` here and by ``Ed25519Signature2020``.
    """
    purpose = proof.get("proofPurpose")
    if purpose != expected_purpose:
        raise _invalid(
            f"proofPurpose is {purpose!r}, expected {expected_purpose}",
            f"{where}.proofPurpose",
            "MISMATCHED_PROOF_PURPOSE_ERROR",
        )
    method = proof.get("verificationMethod")
    if type(method) is not str or not method:
        raise _invalid(
            "verificationMethod is missing or not a string",
            f"{where}.verificationMethod",
            "MALFORMED_PROOF_ERROR",
        )
    proof_value = proof.get("proofValue")
    if type(proof_value) is not str or not proof_value.startswith("z"):
        raise _invalid(
            "proofValue is missing or not base58btc multibase (must start with 'z')",
            f"{where}.proofValue",
            "MALFORMED_PROOF_ERROR",
        )
    try:
        signature = b58decode(proof_value[1:])
    except EncodingError as exc:
        raise _invalid(
            f"proofValue is not base58btc: {exc.message}", f"{where}.proofValue", "MALFORMED_PROOF_ERROR"
        ) from None
    created = None
    if "created" in proof:
        created = _parse_created(proof["created"], where)
    if "expires" in proof:
        expires = _parse_datetime(proof["expires"], f"{where}.expires", InvalidProof, "MALFORMED_PROOF_ERROR")
        if expires <= now:
            raise _invalid(f"the proof expired at {proof['expires']}", f"{where}.expires")
    if challenge is not None and proof.get("challenge") != challenge:
        raise _invalid(
            "the proof's challenge does not match the expected challenge",
            f"{where}.challenge",
            "INVALID_CHALLENGE_ERROR",
        )
    if domain is not None:
        proof_domain = proof.get("domain")
        domains = proof_domain if isinstance(proof_domain, list) else [proof_domain]
        if domain not in domains:
            raise _invalid(
                "the proof's domain does not match the expected domain",
                f"{where}.domain",
                "INVALID_DOMAIN_ERROR",
            )
    return purpose, method, signature, created


def _verify_one(
    unsecured: dict[str, Any],
    proofs: Sequence[Any],
    proof: object,
    resolver: KeyResolver,
    expected_purpose: str,
    challenge: str | None,
    domain: str | None,
    now: datetime,
    where: str,
) -> VerifiedProof:
    if type(proof) is not dict and not isinstance(proof, Mapping):
        raise _invalid("a proof must be a JSON object", where, "MALFORMED_PROOF_ERROR")
    if proof.get("type") != _PROOF_TYPE:
        raise _invalid(
            f"proof type is {proof.get('type')!r}, expected {_PROOF_TYPE}",
            f"{where}.type",
            "MALFORMED_PROOF_ERROR",
        )
    cryptosuite = proof.get("cryptosuite")
    if type(cryptosuite) is not str or cryptosuite not in _KEY_ALGORITHMS:
        raise _invalid(
            f"cryptosuite {cryptosuite!r} is not supported", f"{where}.cryptosuite", "MALFORMED_PROOF_ERROR"
        )
    purpose, method, signature, created = proof_members(
        proof, where, expected_purpose=expected_purpose, challenge=challenge, domain=domain, now=now
    )
    public_key = resolver.resolve_verification_method(method, purpose=expected_purpose)
    if public_key.algorithm not in _KEY_ALGORITHMS[cryptosuite]:
        raise _invalid(
            f"{cryptosuite} needs a {' or '.join(sorted(_KEY_ALGORITHMS[cryptosuite]))} key, "
            f"but {method} is {public_key.algorithm}",
            f"{where}.verificationMethod",
        )
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    document: dict[str, Any] = unsecured
    if "previousProof" in proof:
        document = _with_previous(
            unsecured, proofs, proof["previousProof"], InvalidProof, "PROOF_VERIFICATION_ERROR"
        )
    try:
        if _is_jcs(cryptosuite):
            if "@context" in config and config["@context"] != document.get("@context"):
                # vc-di-eddsa §3.3.2 step 4: the document's context must start with the proof's,
                # which then replaces it for hashing (equal contexts need neither step)
                proof_context = _context_list(config["@context"])
                document_context = _context_list(document.get("@context"))
                if document_context[: len(proof_context)] != proof_context:
                    raise _invalid(
                        "the document's @context does not start with the proof's @context",
                        "@context",
                    )
                document = {**document, "@context": config["@context"]}
            data = _config_hash(cryptosuite, config, public_key.algorithm) + _digest(
                public_key.algorithm, jcs.canonicalize(document)
            )
        else:
            config["@context"] = document.get("@context")
            data = _config_hash(cryptosuite, config, public_key.algorithm) + _digest(
                public_key.algorithm, _rdfc(document, public_key.algorithm)
            )
    except JcsError as exc:
        raise _invalid(
            f"the document cannot be canonicalized: {exc}", where, "PROOF_TRANSFORMATION_ERROR"
        ) from None
    except MicrocredError as exc:
        if isinstance(exc, CryptoError):
            raise
        # JSON-LD safe mode or RDFC-1.0 refused the document (undefined term, poisoned dataset...);
        # data that safe mode would drop is DATA_LOSS_DETECTION_ERROR (VC Data Integrity 1.0,
        # "Securing Data Losslessly").
        lost = isinstance(exc, importlib.import_module("microcred.jsonld.errors").UnsafeDocumentError)
        raise _invalid(
            f"the document cannot be canonicalized (RDFC-1.0): {exc}",
            where,
            "DATA_LOSS_DETECTION_ERROR" if lost else "PROOF_TRANSFORMATION_ERROR",
        ) from None
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        raise _invalid(_TAMPERED, f"{where}.proofValue") from None
    proof_id = proof.get("id")
    return VerifiedProof(
        cryptosuite=cryptosuite,
        verification_method=method,
        proof_purpose=purpose,
        public_key=public_key,
        created=created,
        proof_id=proof_id if isinstance(proof_id, str) else None,
    )
