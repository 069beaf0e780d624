"""DIDs and controller documents: did:key, did:web, DID document building, offline resolution.

* ``did:key`` (W3C CCG did:key method v0.7 §3.1 "Create", §3.2 "Read") for Ed25519 and P-256/P-384
  Multikeys, resolved locally with no network.
* ``did:jwk`` (did:jwk method specification, "Read"): the DID is its public JWK, base64url-encoded;
  the document is built locally with one ``JsonWebKey2020`` method ``<did>#0`` (issuers of
  VC-JWT credentials such as walt.id use it).
* ``did:web`` (did:web method §3.2 "Read"): ``did:web:<host>:institutions:<slug>`` ↔
  ``https://<host>/institutions/<slug>/did.json``; a port is percent-encoded (``%3A``).
* DID documents (DID Core 1.0 §5) whose keys are Multikey verification methods
  (Controlled Identifiers 1.0 §2.2.2), listed under ``assertionMethod`` and ``authentication``.
  Several keys may be listed so that rotation keeps credentials signed with older keys verifiable.
* :class:`DidResolver`, **offline by default**: a local store of DID and controller documents
  (the trust registry feeds it), which also covers https controllers such as the 1EdTech OB 3.0
  vector's ``https://example.edu/issuers/565049#z6Mk…``. An unknown DID raises :class:`UnknownKey`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal
from urllib.parse import quote, unquote, urlsplit

import orjson

from microcred.crypto.errors import CryptoError, KeyFormatError, UnknownKey
from microcred.crypto.keys import PublicKey, public_key_from_jwk, public_key_from_multikey
from microcred.crypto.multibase import b64url_decode

__all__ = [
    "DID_CONTEXT",
    "MULTIKEY_CONTEXT",
    "DidDocument",
    "DidResolver",
    "ProofPurpose",
    "VerificationMethod",
    "build_did_document",
    "did_web_document_url",
    "did_web_for_institution",
    "did_web_from_document_url",
    "resolve_did_jwk",
    "resolve_did_key",
    "verification_method_id",
]

DID_CONTEXT: Final = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT: Final = "https://w3id.org/security/multikey/v1"
ProofPurpose = Literal["assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation"]
_RELATIONSHIPS: Final[tuple[ProofPurpose, ...]] = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
)


@dataclass(frozen=True, slots=True)
class VerificationMethod:
    """A Multikey verification method (Controlled Identifiers 1.0 §2.2.2).

    ``revoked`` is the Controlled Identifiers 1.0 §2.2 ``revoked`` property (a dateTimeStamp; the
    Multikey context's ``https://w3id.org/security#revoked``): the moment from which the method is
    no longer to be used, proofs made with it at or after it are not to be verified (ADR 0204: set
    when a key is retired as compromised, to the moment from which it may have been in other hands).
    """

    id: str
    controller: str
    public_key: PublicKey
    revoked: datetime | None = None

    def to_json(self) -> dict[str, str]:
        out = {
            "id": self.id,
            "type": "Multikey",
            "controller": self.controller,
            "publicKeyMultibase": self.public_key.public_key_multibase,
        }
        if self.revoked is not None:  # an XML Schema dateTimeStamp in UTC (Controlled Identifiers §2.2)
            out["revoked"] = (
                self.revoked.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            )
        return out


@dataclass(frozen=True, slots=True)
class DidDocument:
    """A DID document or controller document (DID Core 1.0 §5; Controlled Identifiers 1.0 §2).

    ``relationships`` maps a verification relationship (``assertionMethod``, ``authentication``…)
    to the ids of the verification methods it authorizes.
    """

    id: str
    verification_methods: tuple[VerificationMethod, ...]
    relationships: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def method(self, method_id: str) -> VerificationMethod:
        """The verification method with this (absolute) id; :class:`UnknownKey` if absent."""
        for vm in self.verification_methods:
            if vm.id == method_id:
                return vm
        raise UnknownKey(f"{self.id} has no verification method {method_id}", where=method_id)

    def authorizes(self, method_id: str, purpose: str) -> bool:
        """Whether ``method_id`` is listed under the ``purpose`` relationship."""
        return method_id in self.relationships.get(purpose, frozenset())

    def to_json(self) -> dict[str, Any]:
        """JSON of the document, Multikey verification methods by reference from each relationship."""
        out: dict[str, Any] = {
            "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
            "id": self.id,
            "verificationMethod": [vm.to_json() for vm in self.verification_methods],
        }
        order = [vm.id for vm in self.verification_methods]
        for name in _RELATIONSHIPS:
            ids = self.relationships.get(name)
            if ids:
                out[name] = [i for i in order if i in ids]
        return out

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> DidDocument:
        """Parse a DID/controller document. Multikey, JsonWebKey(2020) and Ed25519VerificationKey2020
        methods are understood; relative ids (``#key-1``) are made absolute against ``id``.
        """
        doc_id = document.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise KeyFormatError("the document has no string 'id'", where="id")
        methods: dict[str, VerificationMethod] = {}

        def absolute(ref: str) -> str:
            return doc_id + ref if ref.startswith("#") else ref

        def parse_method(raw: object, where: str) -> VerificationMethod:
            if not isinstance(raw, Mapping):
                raise KeyFormatError("a verification method must be an object", where=where)
            vm_id = raw.get("id")
            if not isinstance(vm_id, str):
                raise KeyFormatError("a verification method needs a string 'id'", where=where)
            controller = raw.get("controller", doc_id)
            if not isinstance(controller, str):
                raise KeyFormatError("'controller' must be a string", where=f"{where}.controller")
            if isinstance(raw.get("publicKeyMultibase"), str):
                key = public_key_from_multikey(raw["publicKeyMultibase"])
            elif isinstance(raw.get("publicKeyJwk"), Mapping):
                key = public_key_from_jwk(raw["publicKeyJwk"])
            else:
                raise KeyFormatError(
                    "a verification method needs publicKeyMultibase or publicKeyJwk", where=where
                )
            return VerificationMethod(absolute(vm_id), controller, key, _revoked(raw.get("revoked"), where))

        raw_methods = document.get("verificationMethod", [])
        if isinstance(raw_methods, Mapping):
            raw_methods = [raw_methods]
        if not isinstance(raw_methods, list):
            raise KeyFormatError("'verificationMethod' must be a list", where="verificationMethod")
        for i, raw in enumerate(raw_methods):
            vm = parse_method(raw, f"verificationMethod[{i}]")
            methods[vm.id] = vm
        relationships: dict[str, frozenset[str]] = {}
        for name in _RELATIONSHIPS:
            entries = document.get(name, [])
            if isinstance(entries, str | Mapping):
                entries = [entries]
            if not isinstance(entries, list):
                raise KeyFormatError(f"{name!r} must be a list", where=name)
            ids: set[str] = set()
            for i, entry in enumerate(entries):
                if isinstance(entry, str):
                    ids.add(absolute(entry))
                else:
                    vm = parse_method(entry, f"{name}[{i}]")
                    methods.setdefault(vm.id, vm)
                    ids.add(vm.id)
            if ids:
                relationships[name] = frozenset(ids)
        return cls(doc_id, tuple(methods.values()), relationships)


def _revoked(value: object, where: str) -> datetime | None:
    """``revoked`` of a verification method (Controlled Identifiers 1.0 §2.2: a dateTimeStamp)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise KeyFormatError("'revoked' must be a date and time string", where=f"{where}.revoked")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise KeyFormatError(
            f"'revoked' {value[:40]!r} is not a date and time", where=f"{where}.revoked"
        ) from None
    if moment.tzinfo is None:
        raise KeyFormatError("'revoked' needs a time zone (a dateTimeStamp)", where=f"{where}.revoked")
    return moment


def verification_method_id(controller: str, public_key: PublicKey) -> str:
    """``<controller>#<publicKeyMultibase>``: the id we give a key in its controller's document."""
    return f"{controller}#{public_key.public_key_multibase}"


def build_did_document(
    did: str,
    keys: Sequence[PublicKey],
    *,
    authentication: Sequence[PublicKey] | None = None,
    revoked: Mapping[str, datetime] | None = None,
) -> DidDocument:
    """A DID document listing every key as a Multikey method under ``assertionMethod``.

    Keep retired keys in ``keys``: credentials they signed stay verifiable (rotation). Only the
    keys in ``authentication`` (default: all) may authenticate presentations. ``revoked`` maps
    the ``publicKeyMultibase`` of a compromised key to the moment from which its proofs are not
    to be trusted (Controlled Identifiers 1.0 §2.2 ``revoked``; ADR 0204). An empty key list
    is an error: a document nobody can verify against is a mistake, not a state.
    """
    if not keys:
        raise KeyFormatError("a DID document needs at least one key", where=did)
    revoked = revoked or {}
    methods = tuple(
        VerificationMethod(verification_method_id(did, k), did, k, revoked.get(k.public_key_multibase))
        for k in keys
    )
    all_ids = frozenset(vm.id for vm in methods)
    auth_ids = (
        all_ids
        if authentication is None
        else frozenset(verification_method_id(did, k) for k in authentication) & all_ids
    )
    return DidDocument(did, methods, {"assertionMethod": all_ids, "authentication": auth_ids})


def resolve_did_key(did: str) -> DidDocument:
    """The DID document of a ``did:key`` (did:key method §3.2), built locally.

    Its single Multikey method ``did:key:<mb>#<mb>`` is authorized for every relationship.
    """
    if not did.startswith("did:key:"):
        raise UnknownKey(f"{did} is not a did:key", where=did)
    mb = did[len("did:key:") :]
    if "#" in mb or "/" in mb or "?" in mb:
        raise UnknownKey("a did:key must not carry a path, query or fragment here", where=did)
    key = public_key_from_multikey(mb)
    vm_id = f"{did}#{mb}"
    ids = frozenset({vm_id})
    return DidDocument(did, (VerificationMethod(vm_id, did, key),), dict.fromkeys(_RELATIONSHIPS, ids))


_JWK_PRIVATE_MEMBERS: Final = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


def resolve_did_jwk(did: str) -> DidDocument:
    """The DID document of a ``did:jwk`` (did:jwk method specification, "Read"), built locally.

    ``did:jwk:<base64url(UTF-8 JSON of a public JWK)>``; one method ``<did>#0`` holding that JWK.
    It is authorized for ``assertionMethod``, ``authentication``, ``capabilityInvocation`` and
    ``capabilityDelegation`` unless the JWK says ``"use": "enc"`` (then for key agreement only,
    which we do not use). A JWK carrying private members is refused: a DID is public.
    """
    if not did.startswith("did:jwk:"):
        raise UnknownKey(f"{did} is not a did:jwk", where=did)
    encoded = did[len("did:jwk:") :]
    if not encoded or any(c in encoded for c in "#/?:"):
        raise UnknownKey("a did:jwk must not carry a path, query or fragment here", where=did)
    try:
        jwk = orjson.loads(b64url_decode(encoded))
    except (CryptoError, orjson.JSONDecodeError):
        raise UnknownKey("a did:jwk must be base64url of a JSON Web Key", where=did) from None
    if not isinstance(jwk, dict):
        raise UnknownKey("a did:jwk must encode a JSON object (a JWK)", where=did)
    if _JWK_PRIVATE_MEMBERS & set(jwk):
        raise UnknownKey("the did:jwk carries private or symmetric key material", where=did)
    key = public_key_from_jwk(jwk)
    vm_id = f"{did}#0"
    ids = frozenset() if jwk.get("use") == "enc" else frozenset({vm_id})
    return DidDocument(did, (VerificationMethod(vm_id, did, key),), dict.fromkeys(_RELATIONSHIPS, ids))


_HOST: Final = re.compile(
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
_SLUG: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def did_web_for_institution(host: str, slug: str, *, port: int | None = None) -> str:
    """``did:web:<host>[%3A<port>]:institutions:<slug>`` (did:web §3.2 "Create", port rule)."""
    if not _HOST.match(host):
        raise KeyFormatError(f"{host!r} is not a host name", where="did:web host")
    if not _SLUG.match(slug):
        raise KeyFormatError(f"{slug!r} is not a slug (letters, digits, '.', '_', '-')", where="did:web slug")
    authority = host.lower() if port is None else f"{host.lower()}%3A{int(port)}"
    return f"did:web:{authority}:institutions:{slug}"


def did_web_document_url(did: str) -> str:
    """The https URL of a did:web document (did:web §3.2 "Read"): ``:`` → ``/``, then ``/did.json``,
    or ``/.well-known/did.json`` for a bare domain. The host's ``%3A`` becomes ``:``.
    """
    if not did.startswith("did:web:") or "#" in did or "?" in did:
        raise UnknownKey(f"{did} is not a did:web DID", where=did)
    parts = did[len("did:web:") :].split(":")
    host = unquote(parts[0])
    host_only, _, port = host.partition(":")
    if not _HOST.match(host_only) or (port and not port.isdigit()):
        raise UnknownKey(f"{did} has an invalid host", where=did)
    path = "/".join(quote(unquote(p), safe="") for p in parts[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def did_web_from_document_url(url: str) -> str:
    """Inverse of :func:`did_web_document_url` for an https URL ending in ``/did.json``."""
    split = urlsplit(url)
    if split.scheme != "https" or split.query or split.fragment or not split.hostname:
        raise KeyFormatError(f"{url} is not an https URL without query or fragment", where=url)
    path = split.path
    if path == "/.well-known/did.json":
        segments: list[str] = []
    elif path.endswith("/did.json") and path != "/did.json":
        segments = [quote(unquote(s), safe="") for s in path[1 : -len("/did.json")].split("/")]
    else:
        raise KeyFormatError(f"{url} does not end in /did.json", where=url)
    if any(not s for s in segments):
        raise KeyFormatError(f"{url} has an empty path segment", where=url)
    authority = split.hostname.lower() + (f"%3A{split.port}" if split.port else "")
    return ":".join(["did:web", authority, *segments])


class DidResolver:
    """Offline resolver: did:key and did:jwk locally, everything else from documents added to its store.

    The store holds DID documents (did:web…) and controller documents with https ids (the OB 3.0
    vector's issuer ``https://example.edu/issuers/565049``). Nothing is fetched: a DID or
    controller that was not added raises :class:`UnknownKey`. Thread-safe.
    """

    _CACHE_LIMIT: Final = 4096

    def __init__(self, documents: Iterable[DidDocument | Mapping[str, Any]] = ()) -> None:
        self._documents: dict[str, DidDocument] = {}
        self._cache: dict[tuple[str, str], PublicKey] = {}
        self._lock = threading.Lock()
        for document in documents:
            self.add(document)

    def add(self, document: DidDocument | Mapping[str, Any]) -> DidDocument:
        """Add or replace a DID/controller document (keyed by its ``id``)."""
        doc = document if isinstance(document, DidDocument) else DidDocument.from_json(document)
        with self._lock:
            self._documents[doc.id] = doc
            self._cache.clear()
        return doc

    def remove(self, document_id: str) -> None:
        """Forget a document (e.g. an institution leaves the trust registry)."""
        with self._lock:
            self._documents.pop(document_id, None)
            self._cache.clear()

    def resolve(self, did: str) -> DidDocument:
        """The document for a DID or controller id; :class:`UnknownKey` when it is not known."""
        if did.startswith("did:key:"):
            return resolve_did_key(did)
        if did.startswith("did:jwk:"):
            return resolve_did_jwk(did)
        doc = self._documents.get(did)
        if doc is None:
            if did.startswith("did:web:"):
                hint = (
                    f" (its document would be at {did_web_document_url(did)}; add it to the trust registry)"
                )
            elif did.startswith("did:"):
                hint = f" (DID method {did.split(':')[1]!r} is resolved only from the local store)"
            else:
                hint = " (controller documents are resolved only from the local store)"
            raise UnknownKey(f"unknown DID or controller {did}{hint}", where=did)
        return doc

    def resolve_verification_method(self, method_id: str, *, purpose: str = "assertionMethod") -> PublicKey:
        """The public key of ``method_id`` if its controller authorizes it for ``purpose``.

        Raises :class:`UnknownKey` when the controller, the method or the authorization is missing
        (VC Data Integrity 1.0 §4.4 "Verify Proof" and §5.10 "Verification Relationship Validation").
        """
        cached = self._cache.get((method_id, purpose))
        if cached is not None:
            return cached
        if method_id.startswith("did:key:") and "#" not in method_id:
            # A bare did:key names exactly one key; 1EdTech's OB 3.0 fixtures use it this way.
            method_id = f"{method_id}#{method_id[len('did:key:') :]}"
        elif method_id.startswith("did:jwk:") and "#" not in method_id:
            method_id = f"{method_id}#0"  # a bare did:jwk names its one key (did:jwk "Read")
        controller_id, sep, fragment = method_id.partition("#")
        if not sep or not fragment:
            raise UnknownKey(f"verification method {method_id} has no '#fragment'", where=method_id)
        doc = self.resolve(controller_id)
        vm = doc.method(method_id)
        if not doc.authorizes(method_id, purpose):
            raise UnknownKey(f"{controller_id} does not list {method_id} under {purpose}", where=method_id)
        if vm.controller != doc.id:
            raise UnknownKey(
                f"verification method controller {vm.controller} is not the document {doc.id}",
                where=method_id,
            )
        with self._lock:
            if len(self._cache) >= self._CACHE_LIMIT:
                self._cache.clear()
            self._cache[(method_id, purpose)] = vm.public_key
        return vm.public_key
