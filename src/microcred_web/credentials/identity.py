"""Who an institution is on the web: its did:web identifier, its URLs, and its keys.

Everything here derives from ``settings.PUBLIC_BASE_URL`` (the address the public sees, which
behind a TLS proxy is ``https://…`` even though Django itself answers on http), never from the
request, so identifiers are the same in a page, the VC-API, a management command and a test.

Keys live only behind the core's :class:`~microcred.crypto.key_provider.KeyProvider`
(ADR 0202): an encrypted file store under ``MICROCRED_KEY_DIR`` unlocked with
``MICROCRED_KEY_PASSPHRASE``. The database keeps the key id and the public key, never a secret.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Final
from urllib.parse import quote, urlsplit

from django.conf import settings

from microcred.crypto.did import did_web_for_institution
from microcred.crypto.key_provider import EncryptedFileKeyProvider, KeyProvider, key_records_in
from microcred.crypto.keys import PublicKey
from microcred.crypto.signer import Signer
from microcred_web.credentials.errors import CredentialError

log = logging.getLogger(__name__)

KEY_DIR_ENV: Final = "MICROCRED_KEY_DIR"
PASSPHRASE_ENV: Final = "MICROCRED_KEY_PASSPHRASE"  # noqa: S105 - the variable's name
# Used only when DEBUG is on and no passphrase is set, so `make demo` works out of the box.
# Keys made with it protect nothing; production refuses to start signing without a real one.
DEV_PASSPHRASE: Final = "microcred-dev-only-passphrase-not-a-secret"  # noqa: S105

_provider: KeyProvider | None = None
_overridden = False
_lock = threading.Lock()


def public_base_url() -> str:
    return str(settings.PUBLIC_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (starting with ``/``) under the public base URL."""
    return public_base_url() + path


def institution_did(slug: str) -> str:
    """``did:web:<host>[%3A<port>][:<base path>]:institutions:<slug>`` for the public base URL.

    did:web §3.2: the document then lives at ``<base>/institutions/<slug>/did.json``, which is
    the URL this app serves it at. A base URL with a path (``https://h/microcred``) adds path
    segments, so the identifier still resolves to the document we serve.
    """
    split = urlsplit(public_base_url())
    if not split.hostname:
        raise CredentialError("PUBLIC_BASE_URL has no host name", where="PUBLIC_BASE_URL")
    did = did_web_for_institution(split.hostname, slug, port=split.port)
    segments = [quote(s, safe="") for s in split.path.split("/") if s]
    if segments:
        head, _, tail = did.partition(":institutions:")
        did = ":".join([head, *segments, "institutions", tail])
    return did


def organisation_did(slug: str) -> str:
    """``did:web:<host>[%3A<port>][:<base path>]:organisations:<slug>``: an employer organisation
    whose key the platform holds (ADR 1431); did:web §3.2 maps it to
    ``<base>/organisations/<slug>/did.json``, where it is served."""
    head, _, _tail = institution_did("x").rpartition(":institutions:")
    return f"{head}:organisations:{quote(slug, safe='')}"


def did_document_url(slug: str) -> str:
    """Where the public fetches the DID document (the did:web rule maps it to https)."""
    return absolute_url(f"/institutions/{slug}/did.json")


def verification_method_id(slug: str, public_key: PublicKey) -> str:
    """The id a key has in the institution's DID document *today* (``<did>#<publicKeyMultibase>``).

    Computed from the current base URL rather than stored, so moving the instance to a new
    address keeps old keys resolvable under the new DID.
    """
    return f"{institution_did(slug)}#{public_key.public_key_multibase}"


class PublishedSigner:
    """A provider signer presented under the key's current verification method id."""

    __slots__ = ("_inner", "_key_id")

    def __init__(self, inner: Signer, key_id: str) -> None:
        self._inner = inner
        self._key_id = key_id

    @property
    def key_id(self) -> str:
        return self._key_id

    @property
    def public_key(self) -> PublicKey:
        return self._inner.public_key

    def sign(self, data: bytes) -> bytes:
        return self._inner.sign(data)

    def __repr__(self) -> str:
        return f"PublishedSigner(key_id={self._key_id!r})"


def key_directory() -> Path:
    """The encrypted key store's directory: ``MICROCRED_KEY_DIR``, else ``<VAR_DIR>/keys``."""
    directory = os.environ.get(KEY_DIR_ENV) or getattr(settings, KEY_DIR_ENV, None)
    if not directory:
        return Path(getattr(settings, "VAR_DIR", Path("var"))) / "keys"
    return Path(directory)


def _configured_provider() -> KeyProvider:
    directory = key_directory()
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not passphrase:
        if not settings.DEBUG:
            raise CredentialError(
                f"set {PASSPHRASE_ENV} to the key store passphrase before issuing or publishing keys",
                where=PASSPHRASE_ENV,
            )
        log.warning("%s is not set: using the development passphrase (DEBUG only)", PASSPHRASE_ENV)
        passphrase = DEV_PASSPHRASE
    return EncryptedFileKeyProvider(directory, passphrase)


def key_provider(*, reload: bool = False) -> KeyProvider:
    """The process-wide key provider (built on first use).

    ``reload`` reads the key store again: another process (a second web worker, a management
    command) may have added a key since this one loaded it. A provider set with
    :func:`use_key_provider` is kept as it is.
    """
    global _provider
    with _lock:
        if _provider is None or (reload and not _overridden):
            _provider = _configured_provider()
        return _provider


def stored_key_ids() -> set[str]:
    """The ids of the keys in the key store, read without the passphrase (records are public,
    ADR 0202): a readiness probe compares them with the keys the database names."""
    with _lock:
        provider = _provider if _overridden else None
    if provider is not None:  # set in the process (tests, a throw-away demo)
        return {record.key_id for record in provider.public_keys()}
    directory = key_directory()
    if not directory.exists():
        return set()
    return {record.key_id for record in key_records_in(directory)}


def use_key_provider(provider: KeyProvider | None) -> None:
    """Replace the key provider (tests use an in-memory one); ``None`` goes back to the configured one."""
    global _provider, _overridden
    with _lock:
        _provider = provider
        _overridden = provider is not None
