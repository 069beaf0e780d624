"""The offline context bundle: the only place contexts come from.

``contexts/manifest.json`` maps each context URL to a file in ``contexts/``, its sha256, its
source (npm package or repository and version) and its licence. Loading checks the pinned hash
every time a file is read (files are read once per process), so a tampered or swapped file is
refused rather than silently used to sign. Nothing here touches the network: an unknown URL is
an error that names it (JSON-LD 1.1 API §9.4.1 ``loading remote context failed``).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from microcred.jsonld.errors import ContextIntegrityError, JsonLdError, UnknownContextError

_PACKAGE = "microcred.jsonld"


@cache
def _manifest() -> dict[str, dict[str, str]]:
    text = resources.files(_PACKAGE).joinpath("contexts/manifest.json").read_text(encoding="utf-8")
    manifest: dict[str, dict[str, str]] = json.loads(text)
    return manifest


def known_context_urls() -> frozenset[str]:
    """Every context URL the bundle serves."""
    return frozenset(_manifest())


def _read(url: str, data: bytes, pinned: str) -> dict[str, Any]:
    actual = hashlib.sha256(data).hexdigest()
    if actual != pinned:
        raise ContextIntegrityError(
            f"the bundled context file has sha256 {actual}, but the manifest pins {pinned}; "
            "refusing to use a context that changed",
            where=url,
        )
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict) or "@context" not in document:
        raise JsonLdError("a context document must be a JSON object with @context", where=url)
    return document


@cache
def _load_checked(url: str) -> dict[str, Any]:
    entry = _manifest().get(url)
    if entry is None:
        raise UnknownContextError(
            "unknown JSON-LD context: it is not in the offline bundle, and contexts are never "
            f"fetched from the network (known: {len(_manifest())} URLs, see known_context_urls())",
            where=url,
            code="loading remote context failed",
        )
    data = resources.files(_PACKAGE).joinpath("contexts").joinpath(entry["file"]).read_bytes()
    return _read(url, data, entry["sha256"])


@cache  # the bundle never changes while the process runs; read and hash-check each file once
def context_bytes(url: str) -> bytes | None:
    """The bundled bytes served for ``url`` (hash-checked), or ``None`` when it is not bundled.

    For digests of related resources (VCDM 2.0 §5.3), which are taken over bytes, not JSON.
    """
    entry = _manifest().get(url)
    if entry is None:
        return None
    data = resources.files(_PACKAGE).joinpath("contexts").joinpath(entry["file"]).read_bytes()
    _read(url, data, entry["sha256"])
    return data


def load_context(url: str) -> dict[str, Any]:
    """The context document (``{"@context": …}``) served for ``url``, hash-checked.

    Returns a fresh deep copy: callers may not change the cached original.
    """
    document = _load_checked(url)
    copy: dict[str, Any] = json.loads(json.dumps(document))
    return copy


def load_context_shared(url: str) -> dict[str, Any]:
    """Like :func:`load_context` but returns the cached object itself; callers must not mutate it."""
    return _load_checked(url)


def check_bytes(url: str, data: bytes) -> dict[str, Any]:
    """Check ``data`` against the pin for ``url`` (used by tests of the integrity check)."""
    entry = _manifest().get(url)
    if entry is None:
        raise UnknownContextError("unknown JSON-LD context", where=url)
    return _read(url, data, entry["sha256"])
