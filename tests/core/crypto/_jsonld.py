"""Whether the colleague's RDFC-1.0 module (``microcred.jsonld.canonicalize``) is in the tree."""

from __future__ import annotations

import importlib

import pytest


def jsonld_available() -> bool:
    try:
        module = importlib.import_module("microcred.jsonld")
    except ImportError:
        return False
    return callable(getattr(module, "canonicalize", None))


needs_jsonld = pytest.mark.skipif(
    not jsonld_available(),
    reason=(
        "microcred.jsonld.canonicalize (RDFC-1.0, another engineer's module) is not in the tree yet; "
        "the suite is covered from the vectors' canonical N-Quads until it lands"
    ),
)
