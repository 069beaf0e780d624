"""Any single mutation of a signed credential fails verification (one leaf or one key at a time)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.trust import TrustRegistry
from microcred.verification import VerificationError, verify
from tests.core.verification.conftest import NOW, registry, signed

Path = tuple[Any, ...]
TRUST: TrustRegistry = registry()
SIGNED = {suite: signed(suite) for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")}


def _places(node: Any, path: Path = ()) -> list[tuple[str, Path]]:
    """Every leaf (``value``) and every object key (``key``) of a JSON tree."""
    out: list[tuple[str, Path]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(("key", (*path, k)))
            out.extend(_places(v, (*path, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_places(v, (*path, i)))
    else:
        out.append(("value", path))
    return out


def _mutate(document: dict[str, Any], kind: str, path: Path) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    parent: Any = copied
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if kind == "key":
        parent[f"{last}x"] = parent.pop(last)
        return copied
    value = parent[last]
    if isinstance(value, bool):
        parent[last] = not value
    elif isinstance(value, int | float):
        parent[last] = value + 1
    elif isinstance(value, str):
        parent[last] = value + "x"
    else:
        parent[last] = "x"
    return copied


@pytest.mark.parametrize("suite", sorted(SIGNED))
def test_the_unmutated_credential_verifies(suite: str) -> None:
    verify(SIGNED[suite], trust=TRUST, now=NOW)


@pytest.mark.parametrize("suite", sorted(SIGNED))
@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_single_mutation_fails_verification(suite: str, data: st.DataObject) -> None:
    document = SIGNED[suite]
    kind, path = data.draw(st.sampled_from(_places(document)))
    with pytest.raises(VerificationError):
        verify(_mutate(document, kind, path), trust=TRUST, now=NOW)


@pytest.mark.parametrize("suite", sorted(SIGNED))
def test_every_single_mutation_fails_verification(suite: str) -> None:
    document = SIGNED[suite]
    survived = []
    for kind, path in _places(document):
        try:
            verify(_mutate(document, kind, path), trust=TRUST, now=NOW)
        except VerificationError:
            continue
        survived.append((kind, path))
    assert survived == []


def test_changing_any_character_of_a_vc_jwt_fails_verification() -> None:
    token: str = signed("vc-jwt")
    survived = []
    for position in [*range(0, len(token), 7), len(token) - 1]:
        if token[position] == ".":
            continue
        replacement = "A" if token[position] != "A" else "B"
        altered = token[:position] + replacement + token[position + 1 :]
        try:
            verify(altered, trust=TRUST, now=NOW)
        except VerificationError:
            continue
        survived.append(position)
    assert survived == []


def test_a_vc_jwt_whose_signature_has_non_zero_padding_bits_fails() -> None:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    token: str = signed("vc-jwt")
    value = alphabet.index(token[-1])
    same_bytes = alphabet[value | 0b0001]  # a 64-byte signature leaves the low 4 bits unused
    assert same_bytes != token[-1]
    with pytest.raises(VerificationError, match="canonical base64url"):
        verify(token[:-1] + same_bytes, trust=TRUST, now=NOW)
