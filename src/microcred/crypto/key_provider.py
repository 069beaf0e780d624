"""The :class:`KeyProvider` port and its two adapters: an encrypted file store and memory.

A key provider owns issuer keys. Callers ask it for a :class:`~microcred.crypto.signer.Signer`
by key id and for the public keys to publish; they never see a secret. Rotation adds a new key
and retires the old one; a retired key no longer signs, but its public part stays listed so
credentials it signed remain verifiable (ADR 0202).

:class:`EncryptedFileKeyProvider` keeps one JSON file per key, mode 0600, in a 0700 directory.
The secret (Multikey ``secretKeyMultibase``) is encrypted with AES-256-GCM (NIST SP 800-38D)
under a key derived from a passphrase with scrypt (RFC 7914); the key id, algorithm and public
key are bound as associated data, so a file cannot be re-labelled. The passphrase comes from the
environment (``MICROCRED_KEY_PASSPHRASE``) or settings, never from a file next to the keys.

An HSM/KMS adapter implements the same protocol and returns signers that call the device.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from microcred.crypto.did import verification_method_id
from microcred.crypto.errors import KeyStoreError, UnknownKey
from microcred.crypto.keys import (
    Ed25519KeyPair,
    KeyAlgorithm,
    KeyPair,
    P256KeyPair,
    P384KeyPair,
    PublicKey,
    key_pair_from_multikey,
    public_key_from_multikey,
)
from microcred.crypto.multibase import b64url_decode, b64url_encode
from microcred.crypto.signer import KeyPairSigner, Signer

__all__ = [
    "PASSPHRASE_ENV",
    "EncryptedFileKeyProvider",
    "InMemoryKeyProvider",
    "KeyProvider",
    "KeyRecord",
    "key_records_in",
    "records_to_public_keys",
]

PASSPHRASE_ENV: Final = "MICROCRED_KEY_PASSPHRASE"  # noqa: S105 - the variable name, not a secret
_FORMAT: Final = "microcred-key/1"
_GENERATORS: Final[dict[str, Callable[[], KeyPair]]] = {
    "Ed25519": Ed25519KeyPair.generate,
    "P-256": P256KeyPair.generate,
    "P-384": P384KeyPair.generate,
}


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """What may be known about a key without its secret: id, algorithm, public key, life span."""

    key_id: str
    controller: str
    algorithm: KeyAlgorithm
    public_key: PublicKey
    created: datetime
    retired: datetime | None = None

    @property
    def active(self) -> bool:
        return self.retired is None


@runtime_checkable
class KeyProvider(Protocol):
    """Port for issuer keys (ADR 0202). Implementations: file store, memory, HSM/KMS adapters."""

    def create_key(self, controller: str, *, algorithm: KeyAlgorithm = "Ed25519") -> KeyRecord:
        """Make a new active key for ``controller`` (a DID); its id is ``<controller>#<publicKeyMultibase>``."""
        ...

    def signer(self, key_id: str) -> Signer:
        """A signer for an **active** key. :class:`UnknownKey` if absent, :class:`KeyStoreError` if retired."""
        ...

    def public_keys(self, controller: str | None = None) -> list[KeyRecord]:
        """Every key (active and retired), oldest first, optionally of one controller."""
        ...

    def rotate(self, key_id: str) -> KeyRecord:
        """Create a key with the same controller and algorithm, then retire ``key_id``."""
        ...

    def retire(self, key_id: str) -> KeyRecord:
        """Stop signing with ``key_id``; its public key stays listed and resolvable."""
        ...


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class _BaseProvider:
    """Shared bookkeeping: records by id, cached signers, rotation in terms of create + retire."""

    def __init__(self) -> None:
        self._records: dict[str, KeyRecord] = {}
        self._signers: dict[str, Signer] = {}
        self._lock = threading.RLock()

    # subclasses: persist a new key / a changed record, and load a key pair
    def _store_new(self, record: KeyRecord, pair: KeyPair) -> None:
        raise NotImplementedError

    def _store_record(self, record: KeyRecord) -> None:
        raise NotImplementedError

    def _load_pair(self, record: KeyRecord) -> KeyPair:
        raise NotImplementedError

    def create_key(self, controller: str, *, algorithm: KeyAlgorithm = "Ed25519") -> KeyRecord:
        if not controller:
            raise KeyStoreError("a key needs a controller (the issuer's DID)", where="controller")
        return self._create(controller, algorithm)

    def create_did_key(self, *, algorithm: KeyAlgorithm = "Ed25519") -> KeyRecord:
        """A key that is its own controller: ``did:key:<mb>``, key id ``did:key:<mb>#<mb>``
        (did:key method §3.1), e.g. the consortium key that signs the trust registry (ADR 0703)."""
        return self._create(None, algorithm)

    def _create(self, controller: str | None, algorithm: KeyAlgorithm) -> KeyRecord:
        if algorithm not in _GENERATORS:
            raise KeyStoreError(f"unsupported key algorithm {algorithm!r}", where="algorithm")
        pair = _GENERATORS[algorithm]()
        controller = controller or pair.public_key.did_key
        record = KeyRecord(
            key_id=verification_method_id(controller, pair.public_key),
            controller=controller,
            algorithm=algorithm,
            public_key=pair.public_key,
            created=_now(),
        )
        with self._lock:
            self._store_new(record, pair)
            self._records[record.key_id] = record
            self._signers[record.key_id] = KeyPairSigner(pair, record.key_id)
        return record

    def _record(self, key_id: str) -> KeyRecord:
        record = self._records.get(key_id)
        if record is None:
            raise UnknownKey(f"no key with id {key_id}", where=key_id)
        return record

    def signer(self, key_id: str) -> Signer:
        with self._lock:
            record = self._record(key_id)
            if record.retired is not None:
                raise KeyStoreError(
                    f"key {key_id} was retired on {record.retired.isoformat()} and no longer signs",
                    where=key_id,
                )
            signer = self._signers.get(key_id)
            if signer is None:
                signer = KeyPairSigner(self._load_pair(record), key_id)
                self._signers[key_id] = signer
            return signer

    def public_keys(self, controller: str | None = None) -> list[KeyRecord]:
        with self._lock:
            records = [r for r in self._records.values() if controller is None or r.controller == controller]
        return sorted(records, key=lambda r: (r.created, r.key_id))

    def retire(self, key_id: str) -> KeyRecord:
        with self._lock:
            record = self._record(key_id)
            if record.retired is not None:
                return record
            retired = replace(record, retired=_now())
            self._store_record(retired)
            self._records[key_id] = retired
            self._signers.pop(key_id, None)
            return retired

    def rotate(self, key_id: str) -> KeyRecord:
        with self._lock:
            old = self._record(key_id)
            if old.retired is not None:
                raise KeyStoreError(f"key {key_id} is already retired", where=key_id)
            new = self.create_key(old.controller, algorithm=old.algorithm)
            self.retire(key_id)
            return new


class InMemoryKeyProvider(_BaseProvider):
    """Keys in process memory only. For tests and throw-away issuers: nothing survives a restart."""

    def __init__(self) -> None:
        super().__init__()
        self._pairs: dict[str, KeyPair] = {}

    def _store_new(self, record: KeyRecord, pair: KeyPair) -> None:
        self._pairs[record.key_id] = pair

    def _store_record(self, record: KeyRecord) -> None:
        pass

    def _load_pair(self, record: KeyRecord) -> KeyPair:
        return self._pairs[record.key_id]

    def import_key(self, pair: KeyPair, controller: str, *, created: datetime | None = None) -> KeyRecord:
        """Add an existing key pair (e.g. a published test vector key) as an active key."""
        record = KeyRecord(
            key_id=verification_method_id(controller, pair.public_key),
            controller=controller,
            algorithm=pair.algorithm,
            public_key=pair.public_key,
            created=created or _now(),
        )
        with self._lock:
            self._pairs[record.key_id] = pair
            self._records[record.key_id] = record
            self._signers[record.key_id] = KeyPairSigner(pair, record.key_id)
        return record


class EncryptedFileKeyProvider(_BaseProvider):
    """Keys in ``directory``, one ``<fingerprint>.key.json`` per key, encrypted at rest.

    ``passphrase`` unlocks the secrets; :meth:`from_environment` reads it from
    ``MICROCRED_KEY_PASSPHRASE``. Records (id, dates, public key) load without it being right;
    a wrong passphrase fails when a secret is first needed, with :class:`KeyStoreError`.
    ``scrypt_n`` is the scrypt cost (2**17 by default, ≈0.3 s once per key per process).
    """

    def __init__(
        self, directory: str | os.PathLike[str], passphrase: str | bytes, *, scrypt_n: int = 2**17
    ) -> None:
        super().__init__()
        if not passphrase:
            raise KeyStoreError("the key store passphrase is empty", where=str(directory))
        self._directory = Path(directory)
        self._passphrase = passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)
        self._scrypt_n = scrypt_n
        self._directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        mode = self._directory.stat().st_mode & 0o777
        if mode & 0o077:
            raise KeyStoreError(
                f"key directory permissions are {oct(mode)}; it must not be readable by group or others",
                where=str(self._directory),
            )
        for path in sorted(self._directory.glob("*.key.json")):
            record = _record_from_json(self._read(path), str(path))
            self._records[record.key_id] = record

    @classmethod
    def from_environment(
        cls,
        directory: str | os.PathLike[str],
        *,
        variable: str = PASSPHRASE_ENV,
        environ: dict[str, str] | None = None,
    ) -> EncryptedFileKeyProvider:
        """A store whose passphrase is the environment variable ``variable``."""
        env = os.environ if environ is None else environ
        passphrase = env.get(variable)
        if not passphrase:
            raise KeyStoreError(f"environment variable {variable} is not set", where=variable)
        return cls(directory, passphrase)

    def __repr__(self) -> str:
        return f"EncryptedFileKeyProvider({str(self._directory)!r}, passphrase=<hidden>)"

    def _path(self, record: KeyRecord) -> Path:
        return self._directory / f"{record.public_key.public_key_multibase}.key.json"

    def _read(self, path: Path) -> dict[str, Any]:
        return _read_key_file(path)

    def _write(self, path: Path, data: dict[str, Any]) -> None:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def _kdf(self, salt: bytes, n: int) -> bytes:
        return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(self._passphrase)

    @staticmethod
    def _aad(record: KeyRecord) -> bytes:
        return f"{_FORMAT}\n{record.key_id}\n{record.algorithm}\n{record.public_key.public_key_multibase}".encode()

    def _store_new(self, record: KeyRecord, pair: KeyPair) -> None:
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        secret = pair.export_secret_key_multibase().encode("ascii")
        ciphertext = AESGCM(self._kdf(salt, self._scrypt_n)).encrypt(nonce, secret, self._aad(record))
        data = _record_to_json(record)
        data["encryption"] = {
            "kdf": {"name": "scrypt", "n": self._scrypt_n, "r": 8, "p": 1, "salt": b64url_encode(salt)},
            "cipher": {"name": "AES-256-GCM", "nonce": b64url_encode(nonce)},
            "ciphertext": b64url_encode(ciphertext),
        }
        path = self._path(record)
        if path.exists():
            raise KeyStoreError("a key file with this public key already exists", where=str(path))
        self._write(path, data)

    def _store_record(self, record: KeyRecord) -> None:
        path = self._path(record)
        data = self._read(path)
        data.update(_record_to_json(record))
        self._write(path, data)

    def _load_pair(self, record: KeyRecord) -> KeyPair:
        path = self._path(record)
        data = self._read(path)
        try:
            enc = data["encryption"]
            kdf, cipher = enc["kdf"], enc["cipher"]
            if kdf["name"] != "scrypt" or cipher["name"] != "AES-256-GCM" or kdf["r"] != 8 or kdf["p"] != 1:
                raise KeyStoreError("unsupported key file encryption", where=str(path))
            key = self._kdf(b64url_decode(kdf["salt"]), int(kdf["n"]))
            secret = AESGCM(key).decrypt(
                b64url_decode(cipher["nonce"]), b64url_decode(enc["ciphertext"]), self._aad(record)
            )
        except InvalidTag:
            raise KeyStoreError(
                "cannot decrypt the key: wrong passphrase, or the file was changed", where=str(path)
            ) from None
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyStoreError(f"damaged key file ({exc})", where=str(path)) from None
        pair = key_pair_from_multikey(secret.decode("ascii"))
        if pair.public_key != record.public_key:
            raise KeyStoreError("the decrypted key does not match the recorded public key", where=str(path))
        return pair


def _record_to_json(record: KeyRecord) -> dict[str, Any]:
    return {
        "format": _FORMAT,
        "keyId": record.key_id,
        "controller": record.controller,
        "algorithm": record.algorithm,
        "publicKeyMultibase": record.public_key.public_key_multibase,
        "created": record.created.isoformat(),
        "retired": record.retired.isoformat() if record.retired else None,
    }


def _record_from_json(data: dict[str, Any], where: str) -> KeyRecord:
    try:
        public_key = public_key_from_multikey(data["publicKeyMultibase"])
        algorithm = data["algorithm"]
        if algorithm != public_key.algorithm:
            raise KeyStoreError("algorithm does not match the public key", where=where)
        return KeyRecord(
            key_id=str(data["keyId"]),
            controller=str(data["controller"]),
            algorithm=public_key.algorithm,
            public_key=public_key,
            created=datetime.fromisoformat(data["created"]),
            retired=datetime.fromisoformat(data["retired"]) if data.get("retired") else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyStoreError(f"damaged key file ({exc})", where=where) from None


def _read_key_file(path: Path) -> dict[str, Any]:
    if path.stat().st_mode & 0o077:
        raise KeyStoreError("key file is readable by group or others (must be 0600)", where=str(path))
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise KeyStoreError(f"cannot read key file: {exc}", where=str(path)) from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise KeyStoreError(f"not a {_FORMAT} key file", where=str(path))
    return data


def key_records_in(directory: str | os.PathLike[str]) -> list[KeyRecord]:
    """The key records of an :class:`EncryptedFileKeyProvider` directory, read without the passphrase.

    Records are public (ADR 0202); this is what a readiness probe or a backup reads. The same
    checks as the store's own: a file readable by group or others, or not a key file, raises
    :class:`KeyStoreError`.
    """
    return [
        _record_from_json(_read_key_file(path), str(path))
        for path in sorted(Path(directory).glob("*.key.json"))
    ]


def records_to_public_keys(records: Iterable[KeyRecord]) -> list[PublicKey]:
    """The public keys of ``records``, for :func:`microcred.crypto.did.build_did_document`."""
    return [r.public_key for r in records]
