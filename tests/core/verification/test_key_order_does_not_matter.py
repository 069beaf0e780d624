"""Reordering the keys of a signed credential changes nothing: both suites canonicalize
(RDFC-1.0 / JCS), so any key order verifies."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.verification import verify
from tests.core.verification.conftest import NOW, registry, signed

TRUST = registry()
SIGNED = {suite: signed(suite) for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")}


def _shuffled(node: Any, rng: random.Random) -> Any:
    if isinstance(node, dict):
        items = list(node.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(node, list):
        return [_shuffled(v, rng) for v in node]
    return node


@pytest.mark.parametrize("suite", sorted(SIGNED))
@settings(max_examples=15, deadline=None, derandomize=True)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_key_order_verifies(suite: str, seed: int) -> None:
    verify(_shuffled(SIGNED[suite], random.Random(seed)), trust=TRUST, now=NOW)
