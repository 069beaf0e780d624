"""The consortium trust registry: which DIDs and https controllers belong to which institution,
with the institution's quality-assurance status and the history of its keys.

A verifier asks two questions the signature cannot answer: *who* is this key (an institution of
the consortium?), and is that institution quality-assured (Annex I M11; Annex II principle 1)?
The registry answers both, offline, from a JSON file the consortium publishes (format below). It
also feeds :class:`microcred.crypto.did.DidResolver`, so did:web documents and https controller
documents (as in the 1EdTech OB 3.0 vector) resolve without the network.

Key rotation: every key an institution ever used stays listed, with ``valid_from`` and
``retired``; old credentials keep verifying, and the trust check reports a proof whose
``created`` falls after its key's retirement.

File format (``microcred-trust-registry`` 1)::

    {"format": "microcred-trust-registry", "format_version": "1", "consortium": "MICRO4ASIA",
     "updated": "2026-11-28",
     "institutions": [{
        "slug": "muni", "name": {"en": "Masaryk University"}, "country": "CZ",
        "identifiers": [{"id": "did:web:…", "keys": [
            {"publicKeyMultibase": "z6Mk…", "valid_from": "2026-01-01T00:00:00Z", "retired": null}]}],
        "qa": {"registry": "DEQAR", "body": "NAB", "valid_until": "2030-12-31", "reference": "…"}}]}

An identifier may give a full DID/controller document under ``document`` instead of ``keys``.

Endorsers (ADR 1432): an optional ``"endorsers"`` list, entries shaped like institutions without
``qa``, names organisations (employers) whose keys sign OB 3.0 ``EndorsementCredential``s only.
They are apart from the institutions: :meth:`TrustRegistry.lookup` never finds them, so an
endorser never passes as an issuer of micro-credentials; :meth:`TrustRegistry.endorser_of` does.

Signed: the consortium publishes this content as the ``credentialSubject`` of a
``TrustRegistryCredential`` signed by its key (:mod:`microcred.trust.signed`, ADR 0703);
:meth:`TrustRegistry.load_signed` checks it, :meth:`TrustRegistry.from_json` reads content whose
origin the caller vouches for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from microcred.crypto.did import DidDocument, DidResolver, build_did_document
from microcred.crypto.keys import PublicKey, public_key_from_multikey
from microcred.errors import InputError, MicrocredError
from microcred.untrusted_input import UntrustedInputError, read_json

if TYPE_CHECKING:
    from microcred.trust.signed import TrustAnchor

__all__ = [
    "DEMO_REGISTRY",
    "IssuerKey",
    "QaStatus",
    "TrustRegistry",
    "TrustRegistryError",
    "TrustedIdentifier",
    "TrustedInstitution",
]

FORMAT: Final = "microcred-trust-registry"
DEMO_REGISTRY: Final = "demo-registry.json"


class TrustRegistryError(InputError):
    """A registry file that does not fit the format; ``where`` is the JSON path."""


MAX_REGISTRY_BYTES: Final = 8 * 2**20  # a consortium of hundreds of institutions stays far below


def read_registry_file(path: str | Path) -> Any:
    """The JSON of a registry file (plain or signed); :class:`TrustRegistryError` for a file that
    cannot be read, is larger than :data:`MAX_REGISTRY_BYTES`, is not JSON or nests too deeply."""
    p = Path(path)
    try:
        raw = p.read_bytes() if p.stat().st_size <= MAX_REGISTRY_BYTES else None
    except OSError as exc:
        raise TrustRegistryError(f"cannot read the registry: {exc.strerror}", where=str(p)) from None
    if raw is None:
        raise TrustRegistryError(f"the file is larger than {MAX_REGISTRY_BYTES // 2**20} MiB", where=str(p))
    try:  # within the limits on untrusted input (ADR 0608)
        return read_json(raw, where=str(p), max_bytes=MAX_REGISTRY_BYTES)
    except UntrustedInputError as exc:
        raise TrustRegistryError(
            f"cannot read the registry: {exc.message} [{exc.code}]", where=exc.where or str(p)
        ) from None


@dataclass(frozen=True, slots=True)
class QaStatus:
    """External quality assurance of an institution (Annex I M11): registry, body, validity."""

    registry: str
    body: str | None = None
    valid_until: date | None = None
    reference: str | None = None

    def current(self, on: date) -> bool:
        return self.valid_until is None or on <= self.valid_until

    def describe(self, on: date) -> str:
        text = f"QA: {self.registry}" + (f", {self.body}" if self.body else "")
        if self.valid_until is not None:
            state = "valid until" if self.current(on) else "EXPIRED on"
            text += f", {state} {self.valid_until.isoformat()}"
        return text


@dataclass(frozen=True, slots=True)
class IssuerKey:
    """One key in an identifier's history; ``retired`` keys verify old credentials only."""

    public_key: PublicKey
    valid_from: datetime | None = None
    retired: datetime | None = None
    #: Retired as compromised from this moment: the document marks the method ``revoked``
    #: (Controlled Identifiers 1.0 §2.2) and proofs made from then on fail (ADR 0204).
    revoked: datetime | None = None

    def in_use_at(self, moment: datetime) -> bool:
        if self.valid_from is not None and moment < self.valid_from:
            return False
        return self.retired is None or moment < self.retired


@dataclass(frozen=True, slots=True)
class TrustedIdentifier:
    """A DID or https controller of an institution, with its document and key history."""

    id: str
    document: DidDocument
    keys: tuple[IssuerKey, ...] = ()

    def key_history(self, public_key: PublicKey) -> IssuerKey | None:
        return next((k for k in self.keys if k.public_key == public_key), None)


@dataclass(frozen=True, slots=True)
class TrustedInstitution:
    """An institution of the consortium."""

    slug: str
    name: Mapping[str, str]
    country: str
    identifiers: tuple[TrustedIdentifier, ...]
    qa: QaStatus | None = None

    @property
    def display_name(self) -> str:
        return self.name.get("en") or next(iter(self.name.values()), self.slug)


def _datetime(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TrustRegistryError("a date and time must be a string", where=where)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise TrustRegistryError(f"{value!r} is not an ISO 8601 date and time", where=where) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _date(value: object, where: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TrustRegistryError("a date must be a string", where=where)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TrustRegistryError(f"{value!r} is not an ISO 8601 date", where=where) from None


def _identifier(raw: Any, where: str) -> TrustedIdentifier:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise TrustRegistryError("an identifier needs a string 'id'", where=where)
    ident: str = raw["id"]
    if not (ident.startswith("did:") or ident.startswith("https://")):
        raise TrustRegistryError(f"{ident!r} is neither a DID nor an https URL", where=f"{where}.id")
    keys: list[IssuerKey] = []
    for i, k in enumerate(raw.get("keys", [])):
        kw = f"{where}.keys[{i}]"
        if not isinstance(k, Mapping) or not isinstance(k.get("publicKeyMultibase"), str):
            raise TrustRegistryError("a key needs 'publicKeyMultibase'", where=kw)
        try:
            public = public_key_from_multikey(k["publicKeyMultibase"])
        except MicrocredError as exc:
            raise TrustRegistryError(exc.message, where=f"{kw}.publicKeyMultibase") from None
        keys.append(
            IssuerKey(
                public,
                _datetime(k.get("valid_from"), kw),
                _datetime(k.get("retired"), kw),
                _datetime(k.get("revoked"), kw),
            )
        )
    try:
        if "document" in raw:
            document = DidDocument.from_json(raw["document"])
            if document.id != ident:
                raise TrustRegistryError(f"the document's id is {document.id}, not {ident}", where=where)
        elif keys:
            revoked = {k.public_key.public_key_multibase: k.revoked for k in keys if k.revoked is not None}
            document = build_did_document(ident, [k.public_key for k in keys], revoked=revoked)
        else:
            raise TrustRegistryError("an identifier needs 'keys' or a 'document'", where=where)
    except TrustRegistryError:
        raise
    except MicrocredError as exc:
        raise TrustRegistryError(exc.message, where=where) from None
    return TrustedIdentifier(ident, document, tuple(keys))


def _institution(raw: Any, where: str) -> TrustedInstitution:
    if not isinstance(raw, Mapping):
        raise TrustRegistryError("an institution must be an object", where=where)
    for key in ("slug", "country"):
        if not isinstance(raw.get(key), str):
            raise TrustRegistryError(f"'{key}' is missing or not a string", where=f"{where}.{key}")
    raw_name: Any = raw.get("name")
    name = {"en": raw_name} if isinstance(raw_name, str) else raw_name
    if not isinstance(name, Mapping) or not name:
        raise TrustRegistryError("'name' must be a language map such as {\"en\": …}", where=f"{where}.name")
    idents = raw.get("identifiers")
    if not isinstance(idents, list) or not idents:
        raise TrustRegistryError("an institution needs at least one identifier", where=f"{where}.identifiers")
    qa = None
    raw_qa = raw.get("qa")
    if raw_qa is not None:
        if not isinstance(raw_qa, Mapping) or not isinstance(raw_qa.get("registry"), str):
            raise TrustRegistryError("'qa' needs a 'registry'", where=f"{where}.qa")
        qa = QaStatus(
            registry=raw_qa["registry"],
            body=raw_qa.get("body"),
            valid_until=_date(raw_qa.get("valid_until"), f"{where}.qa.valid_until"),
            reference=raw_qa.get("reference"),
        )
    return TrustedInstitution(
        slug=raw["slug"],
        name=dict(name),
        country=raw["country"],
        identifiers=tuple(_identifier(x, f"{where}.identifiers[{i}]") for i, x in enumerate(idents)),
        qa=qa,
    )


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _identifier_json(ident: TrustedIdentifier) -> dict[str, Any]:
    if not ident.keys:
        return {"id": ident.id, "document": ident.document.to_json()}
    keys = [
        {
            "publicKeyMultibase": k.public_key.public_key_multibase,
            "valid_from": _moment(k.valid_from),
            "retired": _moment(k.retired),
            **({"revoked": _moment(k.revoked)} if k.revoked is not None else {}),
        }
        for k in ident.keys
    ]
    return {"id": ident.id, "keys": keys}


def _institution_json(inst: TrustedInstitution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "slug": inst.slug,
        "name": dict(inst.name),
        "country": inst.country,
        "identifiers": [_identifier_json(i) for i in inst.identifiers],
    }
    if inst.qa is not None:
        qa: dict[str, Any] = {"registry": inst.qa.registry, "body": inst.qa.body}
        if inst.qa.valid_until is not None:
            qa["valid_until"] = inst.qa.valid_until.isoformat()
        if inst.qa.reference is not None:
            qa["reference"] = inst.qa.reference
        out["qa"] = qa
    return out


class TrustRegistry:
    """The consortium's registry of institutions, their identifiers, keys and QA status."""

    def __init__(
        self,
        institutions: Sequence[TrustedInstitution],
        *,
        consortium: str = "",
        endorsers: Sequence[TrustedInstitution] = (),
    ) -> None:
        self.consortium = consortium
        self.institutions: tuple[TrustedInstitution, ...] = tuple(institutions)
        #: Organisations that endorse (ADR 1432); never issuers, whatever their keys sign.
        self.endorsers: tuple[TrustedInstitution, ...] = tuple(endorsers)
        self._by_id: dict[str, tuple[TrustedInstitution, TrustedIdentifier]] = {}
        self._endorser_by_id: dict[str, tuple[TrustedInstitution, TrustedIdentifier]] = {}
        self._resolver: DidResolver | None = None
        for inst in self.institutions:
            for ident in inst.identifiers:
                if ident.id in self._by_id:
                    raise TrustRegistryError(f"{ident.id} is listed twice", where=inst.slug)
                self._by_id[ident.id] = (inst, ident)
        for org in self.endorsers:
            for ident in org.identifiers:
                if ident.id in self._by_id or ident.id in self._endorser_by_id:
                    raise TrustRegistryError(f"{ident.id} is listed twice", where=f"endorsers.{org.slug}")
                self._endorser_by_id[ident.id] = (org, ident)

    @classmethod
    def from_json(cls, data: Any) -> TrustRegistry:
        """Parse the registry JSON; :class:`TrustRegistryError` names the first problem and its path."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise TrustRegistryError(f'not a trust registry ("format" must be {FORMAT!r})', where="format")
        raw = data.get("institutions")
        if not isinstance(raw, list):
            raise TrustRegistryError("'institutions' must be a list", where="institutions")
        raw_endorsers = data.get("endorsers", [])
        if not isinstance(raw_endorsers, list):
            raise TrustRegistryError("'endorsers' must be a list", where="endorsers")
        endorsers = [_institution(x, f"endorsers[{i}]") for i, x in enumerate(raw_endorsers)]
        for i, org in enumerate(endorsers):
            if org.qa is not None:  # QA assures institutions; an endorser is not assured as one
                raise TrustRegistryError("an endorser has no 'qa'", where=f"endorsers[{i}].qa")
        return cls(
            [_institution(x, f"institutions[{i}]") for i, x in enumerate(raw)],
            consortium=str(data.get("consortium", "")),
            endorsers=endorsers,
        )

    def to_json(self, *, updated: date, note: str | None = None) -> dict[str, Any]:
        """The registry in its file format (the inverse of :meth:`from_json`): an identifier with a
        key history is written as ``keys``, one without as its ``document``."""
        out: dict[str, Any] = {
            "format": FORMAT,
            "format_version": "1",
            "consortium": self.consortium,
            "updated": updated.isoformat(),
        }
        if note is not None:
            out["note"] = note
        out["institutions"] = [_institution_json(inst) for inst in self.institutions]
        if self.endorsers:
            out["endorsers"] = [_institution_json(org) for org in self.endorsers]
        return out

    @classmethod
    def load(cls, path: str | Path) -> TrustRegistry:
        """Read a registry file."""
        data = read_registry_file(path)
        return cls.from_json(data)

    @classmethod
    def load_signed(
        cls,
        path: str | Path,
        *,
        anchors: Iterable[TrustAnchor | str] | None = None,
        now: datetime | None = None,
    ) -> TrustRegistry:
        """Read a registry credential signed by a trust anchor (ADR 0703): by default the anchors
        pinned in the package; pass ``anchors`` (anchors or their did:key) to choose others.
        :class:`~microcred.trust.signed.SignedRegistryError` says why a file is refused
        (unsigned, altered, unknown signer, expired…). Use :meth:`load` only for a file whose
        origin you vouch for yourself."""
        from microcred.trust.signed import TrustAnchor, load_signed_file, pinned_anchors

        chosen = (
            pinned_anchors()
            if anchors is None
            else tuple(a if isinstance(a, TrustAnchor) else TrustAnchor.from_did(a) for a in anchors)
        )
        return load_signed_file(path, anchors=chosen, now=now).registry

    @classmethod
    def demo(cls) -> TrustRegistry:
        """The demo registry shipped with the package, as signed by the DEMO consortium key and
        checked like any signed registry (DEMO keys throughout: never trust them for real)."""
        from microcred.trust.signed import DEMO_SIGNED_REGISTRY, demo_anchor, verify_signed_registry

        text = resources.files("microcred.trust").joinpath("data", DEMO_SIGNED_REGISTRY).read_text("utf-8")
        return verify_signed_registry(json.loads(text), anchors=[demo_anchor()]).registry

    @classmethod
    def demo_content(cls) -> dict[str, Any]:
        """The demo registry's content (unsigned; the source the signed demo registry is made from)."""
        text = resources.files("microcred.trust").joinpath("data", DEMO_REGISTRY).read_text("utf-8")
        data: dict[str, Any] = json.loads(text)
        return data

    def lookup(self, identifier: str) -> tuple[TrustedInstitution, TrustedIdentifier] | None:
        """The institution and identifier entry for a DID/controller id (a ``#fragment`` is ignored)."""
        return self._by_id.get(identifier.split("#", 1)[0])

    def institution_of(self, identifier: str) -> TrustedInstitution | None:
        found = self.lookup(identifier)
        return found[0] if found else None

    def endorser_lookup(self, identifier: str) -> tuple[TrustedInstitution, TrustedIdentifier] | None:
        """The endorser and identifier entry for a DID (ADR 1432); never an institution."""
        return self._endorser_by_id.get(identifier.split("#", 1)[0])

    def endorser_of(self, identifier: str) -> TrustedInstitution | None:
        found = self.endorser_lookup(identifier)
        return found[0] if found else None

    def documents(self) -> list[DidDocument]:
        """Every listed document, institutions' and endorsers' (so endorsements resolve)."""
        return [
            ident.document for inst in (*self.institutions, *self.endorsers) for ident in inst.identifiers
        ]

    def resolver(self, base: DidResolver | None = None) -> DidResolver:
        """A :class:`DidResolver` that knows every registry document (added to ``base`` if given).

        Without ``base`` the same resolver (thread-safe, with its key cache) is returned each time;
        do not add or remove documents on it — pass your own ``base`` for that.
        """
        if base is None and self._resolver is not None:
            return self._resolver
        resolver = base if base is not None else DidResolver()
        for doc in self.documents():
            resolver.add(doc)
        if base is None:
            self._resolver = resolver
        return resolver
