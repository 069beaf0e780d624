"""The trust registry as a Verifiable Credential signed by a consortium key (ADR 0703).

A registry file says which keys belong to which institution; whoever can change that file can
make any key "trusted". So the consortium signs it: the registry content (the
``microcred-trust-registry`` format of :mod:`microcred.trust.registry`, unchanged) is the
``credentialSubject`` of a VCDM 2.0 credential of type ``TrustRegistryCredential``, secured with
an ``eddsa-jcs-2022`` Data Integrity proof (vc-di-eddsa §3.3) by the consortium's ``did:key``.
JCS signs the exact JSON that :meth:`TrustRegistry.from_json` reads, every key and every
``null`` included, so no statement can be read without being signed.

A verifier accepts such a registry only when

* it is a ``VerifiableCredential`` of type ``TrustRegistryCredential`` (VCDM 2.0 §4.4, §4.5);
* its ``issuer`` is a **trust anchor** — a ``did:key`` pinned in the package
  (``data/anchors.json``, published in the README with its fingerprint) or given by the caller
  (``--trust-anchor``) — and its one proof is an ``eddsa-jcs-2022`` proof by that key
  (VC Data Integrity §4.4, "Verify Proof");
* the moment of checking lies in ``validFrom`` … ``validUntil`` (VCDM 2.0 §4.9); a registry
  must have a ``validUntil``, so an old registry (one that still lists a key the consortium has
  since removed) stops being accepted on its own;
* it records at least two distinct approvers (``credentialSubject.approvals``), the
  consortium's four-eyes rule for every change (``docs/trust-registry.md``).

Every refusal is a :class:`SignedRegistryError` with a machine ``code`` and the path.

The DEMO consortium key (:func:`demo_consortium_key`) comes from a published seed: anyone can
sign with it. It is not a pinned anchor; ``--trust demo`` and the demo platform use it, and
what it signs proves nothing.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Final

from microcred.crypto.did import DidDocument, resolve_did_key
from microcred.crypto.errors import CryptoError, UnknownKey
from microcred.crypto.keys import Ed25519KeyPair, PublicKey
from microcred.crypto.proofs.data_integrity import ProofOptions, add_proof, format_datetime, verify_proofs
from microcred.crypto.signer import KeyPairSigner, Signer
from microcred.errors import MicrocredError
from microcred.trust.registry import FORMAT, TrustRegistry, TrustRegistryError, read_registry_file

__all__ = [
    "ANCHORS_FILE",
    "DEMO_SIGNED_REGISTRY",
    "REGISTRY_CREDENTIAL_TYPE",
    "SUITE",
    "SignedRegistry",
    "SignedRegistryError",
    "TrustAnchor",
    "demo_anchor",
    "demo_consortium_key",
    "fingerprint",
    "pinned_anchors",
    "sign_registry",
    "verify_signed_registry",
]

VC_V2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
REGISTRY_CREDENTIAL_TYPE: Final = "TrustRegistryCredential"
SUITE: Final = "eddsa-jcs-2022"
ANCHORS_FILE: Final = "anchors.json"
ANCHORS_FORMAT: Final = "microcred-trust-anchors"
DEMO_SIGNED_REGISTRY: Final = "demo-registry.signed.json"
MIN_APPROVALS: Final = 2
_DEMO_SEED: Final = b"microcred DEMO consortium key - never trust"
_BEGINNING: Final = datetime.min.replace(tzinfo=UTC)  # validFrom left out: valid since always


class SignedRegistryError(TrustRegistryError):
    """A registry that is not a valid signed registry from a trust anchor.

    ``code`` names the problem for machines and translations: ``REGISTRY_UNSIGNED``,
    ``REGISTRY_NOT_A_CREDENTIAL``, ``REGISTRY_SIGNATURE_INVALID``, ``REGISTRY_UNKNOWN_SIGNER``,
    ``REGISTRY_EXPIRED``, ``REGISTRY_NOT_YET_VALID``, ``REGISTRY_NO_EXPIRY``,
    ``REGISTRY_NOT_APPROVED``, ``ANCHOR_INVALID``.
    """

    def __init__(self, code: str, message: str, *, where: str = "") -> None:
        super().__init__(message, where=where)
        self.code = code


def fingerprint(public_key: PublicKey) -> str:
    """SHA-256 of the raw public key, upper-case hex in 16 groups of four (to read aloud)."""
    digest = hashlib.sha256(public_key.raw).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


@dataclass(frozen=True, slots=True)
class TrustAnchor:
    """A consortium key a verifier trusts to sign registries: its ``did:key`` and a label."""

    did: str
    public_key: PublicKey
    label: str = ""
    demo: bool = False

    @classmethod
    def from_did(cls, did: str, *, label: str = "", demo: bool = False) -> TrustAnchor:
        """An anchor from a ``did:key`` (did:key method §3.1); :class:`SignedRegistryError` otherwise."""
        try:
            document = resolve_did_key(did)
        except CryptoError as exc:
            raise SignedRegistryError(
                "ANCHOR_INVALID", f"a trust anchor must be a did:key: {exc.message}", where=did
            ) from None
        return cls(did, document.verification_methods[0].public_key, label, demo)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def demo_consortium_key() -> Ed25519KeyPair:
    """The DEMO consortium key, from the public seed ``sha256('microcred DEMO consortium key -
    never trust')``. Anyone can sign with it: it signs the demo registry and nothing real."""
    return Ed25519KeyPair.from_seed(hashlib.sha256(_DEMO_SEED).digest())


def demo_anchor() -> TrustAnchor:
    key = demo_consortium_key().public_key
    return TrustAnchor(key.did_key, key, "DEMO consortium key (public seed; proves nothing)", demo=True)


@functools.cache
def pinned_anchors() -> tuple[TrustAnchor, ...]:
    """The anchors that ship with the package (``data/anchors.json``); each entry's fingerprint
    is checked against its key, so a hand edit that breaks the pair is caught at once."""
    text = resources.files("microcred.trust").joinpath("data", ANCHORS_FILE).read_text("utf-8")
    return anchors_from_json(json.loads(text), where=ANCHORS_FILE)


def anchors_from_json(data: Any, *, where: str) -> tuple[TrustAnchor, ...]:
    """Parse an anchors file (``{"format": "microcred-trust-anchors", "anchors": [{"id", "fingerprint", …}]}``)."""
    if not isinstance(data, Mapping) or data.get("format") != ANCHORS_FORMAT:
        raise SignedRegistryError("ANCHOR_INVALID", f"not a {ANCHORS_FORMAT} file", where=where)
    raw = data.get("anchors")
    if not isinstance(raw, list):
        raise SignedRegistryError("ANCHOR_INVALID", "'anchors' must be a list", where=where)
    anchors = []
    for i, entry in enumerate(raw):
        at = f"{where}: anchors[{i}]"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            raise SignedRegistryError("ANCHOR_INVALID", "an anchor needs an 'id' (a did:key)", where=at)
        anchor = TrustAnchor.from_did(entry["id"], label=str(entry.get("consortium", "")))
        if entry.get("fingerprint") != anchor.fingerprint:
            raise SignedRegistryError(
                "ANCHOR_INVALID", f"the fingerprint does not match {anchor.did}", where=f"{at}.fingerprint"
            )
        anchors.append(anchor)
    return tuple(anchors)


@dataclass(frozen=True, slots=True)
class SignedRegistry:
    """A registry credential that verified: the registry, who signed it, when it holds, who approved."""

    registry: TrustRegistry
    anchor: TrustAnchor
    valid_from: datetime
    valid_until: datetime
    approvals: tuple[str, ...]
    content: Mapping[str, Any]
    credential: Mapping[str, Any]


def _moment(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SignedRegistryError(
            "REGISTRY_NOT_A_CREDENTIAL", "a date and time must be a string", where=where
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise SignedRegistryError(
            "REGISTRY_NOT_A_CREDENTIAL", f"{value!r} is not an XML Schema dateTimeStamp", where=where
        ) from None
    if parsed.tzinfo is None:
        raise SignedRegistryError("REGISTRY_NOT_A_CREDENTIAL", f"{value!r} has no time zone", where=where)
    return parsed


def _approvals(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise SignedRegistryError(
            "REGISTRY_NOT_APPROVED",
            "the registry must list who approved it (credentialSubject.approvals, names)",
            where="credentialSubject.approvals",
        )
    names = tuple(a.strip() for a in value)
    different = len({n.casefold() for n in names})
    if different < MIN_APPROVALS:
        raise SignedRegistryError(
            "REGISTRY_NOT_APPROVED",
            f"the registry needs {MIN_APPROVALS} different approvers, it names {different}",
            where="credentialSubject.approvals",
        )
    return names


class _AnchorResolver:
    """Resolves only the verification method of one anchor's did:key (no other key signs)."""

    def __init__(self, anchor: TrustAnchor) -> None:
        self._document: DidDocument = resolve_did_key(anchor.did)

    def resolve_verification_method(self, method_id: str, *, purpose: str = "assertionMethod") -> PublicKey:
        if method_id.split("#", 1)[0] != self._document.id:
            raise UnknownKey(f"{method_id} is not the issuer's key", where=method_id)
        if not self._document.authorizes(method_id, purpose):
            raise UnknownKey(f"{method_id} is not a key of {self._document.id}", where=method_id)
        return self._document.method(method_id).public_key


def verify_signed_registry(
    document: Any,
    *,
    anchors: Iterable[TrustAnchor],
    now: datetime | None = None,
) -> SignedRegistry:
    """Check a registry credential against ``anchors`` and read its registry (module docstring).

    Raises :class:`SignedRegistryError` (with ``code``) for anything but a valid registry signed
    by one of ``anchors``; :class:`TrustRegistryError` when its content does not fit the format.
    """
    moment = now if now is not None else datetime.now(UTC)
    if isinstance(document, Mapping) and document.get("format") == FORMAT:
        raise SignedRegistryError(
            "REGISTRY_UNSIGNED",
            "this registry is not signed: anyone could have written it; ask for the consortium's "
            "signed registry (a TrustRegistryCredential)",
        )
    if not isinstance(document, Mapping):
        raise SignedRegistryError("REGISTRY_NOT_A_CREDENTIAL", "a signed registry is a JSON object")
    types = document.get("type")
    type_list = types if isinstance(types, list) else [types]
    if "VerifiableCredential" not in type_list or REGISTRY_CREDENTIAL_TYPE not in type_list:
        raise SignedRegistryError(
            "REGISTRY_NOT_A_CREDENTIAL",
            f"not a trust registry credential (type must include VerifiableCredential and "
            f"{REGISTRY_CREDENTIAL_TYPE})",
            where="type",
        )
    if "proof" not in document:
        raise SignedRegistryError("REGISTRY_UNSIGNED", "the registry credential has no proof", where="proof")
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    by_did = {a.did: a for a in anchors}
    anchor = by_did.get(issuer_id) if isinstance(issuer_id, str) else None
    if anchor is None:
        pinned = ", ".join(sorted(by_did)) or "none"
        raise SignedRegistryError(
            "REGISTRY_UNKNOWN_SIGNER",
            f"the registry is signed by {issuer_id!r}, which is not a trust anchor (anchors: {pinned}); "
            "pin another consortium's key with --trust-anchor only if you trust it",
            where="issuer",
        )
    proofs = document["proof"] if isinstance(document["proof"], list) else [document["proof"]]
    if len(proofs) != 1 or not isinstance(proofs[0], Mapping) or proofs[0].get("cryptosuite") != SUITE:
        raise SignedRegistryError(
            "REGISTRY_SIGNATURE_INVALID", f"a registry carries exactly one {SUITE} proof", where="proof"
        )
    try:
        verify_proofs(document, _AnchorResolver(anchor), now=moment)
    except MicrocredError as exc:
        raise SignedRegistryError(
            "REGISTRY_SIGNATURE_INVALID",
            f"the registry's signature does not verify ({exc.message}): it was altered or not "
            f"signed by {anchor.did}",
            where=exc.where or "proof",
        ) from None
    valid_from = _moment(document.get("validFrom"), "validFrom")
    valid_until = _moment(document.get("validUntil"), "validUntil")
    if valid_until is None:
        raise SignedRegistryError(
            "REGISTRY_NO_EXPIRY",
            "the registry has no validUntil: the consortium must say until when it holds",
            where="validUntil",
        )
    if valid_from is not None and moment < valid_from:
        raise SignedRegistryError(
            "REGISTRY_NOT_YET_VALID",
            f"the registry is valid only from {document['validFrom']}",
            where="validFrom",
        )
    if moment > valid_until:
        raise SignedRegistryError(
            "REGISTRY_EXPIRED",
            f"the registry expired on {document['validUntil']}; get the consortium's current one",
            where="validUntil",
        )
    content = document.get("credentialSubject")
    if not isinstance(content, Mapping):
        raise SignedRegistryError(
            "REGISTRY_NOT_A_CREDENTIAL", "credentialSubject must be the registry", where="credentialSubject"
        )
    approvals = _approvals(content.get("approvals"))
    try:
        registry = TrustRegistry.from_json(content)
    except TrustRegistryError as exc:
        raise TrustRegistryError(exc.message, where=f"credentialSubject.{exc.where}") from None
    return SignedRegistry(
        registry=registry,
        anchor=anchor,
        valid_from=valid_from or _BEGINNING,
        valid_until=valid_until,
        approvals=approvals,
        content=content,
        credential=document,
    )


def sign_registry(
    content: Mapping[str, Any],
    signer: Signer,
    *,
    approvals: Sequence[str],
    valid_from: datetime,
    valid_until: datetime,
    name: str | None = None,
    credential_id: str | None = None,
) -> dict[str, Any]:
    """The registry credential for ``content`` (a registry in the file format), signed by ``signer``
    (a ``did:key`` key; issuer = its DID). The content is checked first, and the result is
    verified before it is returned, as every issuance here does (ADR 0604). ``credential_id``
    defaults to a fresh ``urn:uuid``."""
    if content.get("format") != FORMAT:
        raise TrustRegistryError(f'not a trust registry ("format" must be {FORMAT!r})', where="format")
    subject = {k: copy.deepcopy(v) for k, v in content.items() if k != "approvals"}
    subject["approvals"] = list(_approvals([a.strip() for a in approvals]))
    TrustRegistry.from_json(subject)
    if valid_until <= valid_from:
        raise SignedRegistryError(
            "REGISTRY_EXPIRED", "validUntil must come after validFrom", where="validUntil"
        )
    public = signer.public_key
    if signer.key_id != public.did_key_verification_method:
        raise SignedRegistryError(
            "REGISTRY_UNKNOWN_SIGNER",
            "a registry is signed with a did:key (the consortium's anchor)",
            where=signer.key_id,
        )
    consortium = str(content.get("consortium") or "consortium")
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", REGISTRY_CREDENTIAL_TYPE],
        "name": name or f"{consortium} trust registry",
        "issuer": public.did_key,
        "validFrom": format_datetime(valid_from),
        "validUntil": format_datetime(valid_until),
        "credentialSubject": subject,
    }
    signed = add_proof(
        credential, signer, cryptosuite=SUITE, options=ProofOptions(created=valid_from.replace(microsecond=0))
    )
    anchor = TrustAnchor(public.did_key, public)
    verify_signed_registry(signed, anchors=[anchor], now=valid_from)
    return signed


def demo_signer() -> Signer:
    """A :class:`Signer` over the DEMO consortium key (public seed)."""
    pair = demo_consortium_key()
    return KeyPairSigner(pair, pair.public_key.did_key_verification_method)


def load_signed_file(
    path: str | Path, *, anchors: Iterable[TrustAnchor], now: datetime | None = None
) -> SignedRegistry:
    """Read and verify a signed registry file (see :func:`verify_signed_registry`)."""
    p = Path(path)
    data = read_registry_file(p)
    try:
        return verify_signed_registry(data, anchors=anchors, now=now)
    except SignedRegistryError as exc:
        raise SignedRegistryError(
            exc.code, exc.message, where=f"{p}: {exc.where}" if exc.where else str(p)
        ) from None
