"""The format checker's one pass (``read_credential``, ADR 0203 "one walk") finds exactly what the
rule-by-rule checker found before it, problem for problem (code, path, params, order), and the
validity window built from the dates it read is the one read afresh.

``vcdm_before.py`` is the checker as it was, kept here as the reference. Hypothesis draws
credentials of both data models with hostile values in the members the rules look at.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.standards import vcdm
from tests.core.standards import vcdm_before
from tests.core.standards.test_vcdm_format import OB3_1_1, OB3_2_0, bsl, load, v1, v2

BASES = (v2(), v1(), load(OB3_2_0), load(OB3_1_1), {**v2(), "credentialStatus": bsl()})
MEMBERS = (
    "@context",
    "id",
    "type",
    "issuer",
    "credentialSubject",
    "validFrom",
    "validUntil",
    "issuanceDate",
    "expirationDate",
    "name",
    "description",
    "credentialStatus",
    "credentialSchema",
    "evidence",
    "termsOfUse",
    "refreshService",
    "renderMethod",
    "relatedResource",
    "proof",
)
dates = st.sampled_from(
    [
        "2026-01-01T00:00:00Z",
        "2025-01-01T00:00:00+01:00",
        "2030-12-31T23:59:59.5-05:00",
        "2026-01-01T00:00:00",
        "99999-01-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "not a date",
    ]
)
atoms = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | dates
    | st.sampled_from(
        [
            "https://example.org/a",
            "did:example:x",
            "urn:x",
            "",
            "x y",
            "VerifiableCredential",
            "OpenBadgeCredential",
            "BitstringStatusListEntry",
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/2018/credentials/v1",
        ]
    )
)
values = st.recursive(
    atoms,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["id", "type", "@value", "statusPurpose", "statusListIndex", "statusListCredential", "x"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=8,
)


def _same(document: Any, **options: Any) -> None:
    before = vcdm_before.credential_problems(document, **options)
    reading = vcdm.read_credential(document, **options)
    assert [(p.code, p.path, dict(p.params)) for p in reading.problems] == [
        (p.code, p.path, dict(p.params)) for p in before
    ]
    if not isinstance(document, dict):
        return
    if not reading.problems:
        assert reading.version == (vcdm_before.vcdm_version(document) or "1.1")
        assert reading.open_badge == vcdm_before.is_open_badge(document)
    try:
        expected: Any = vcdm_before.validity_window(document)
    except vcdm_before.VcdmError as exc:
        expected = (exc.problem.code, exc.problem.path)
    try:
        found: Any = vcdm.validity_window(document, version=reading.version, instants=reading.instants)
    except vcdm.VcdmError as exc:
        found = (exc.problem.code, exc.problem.path)
    if not isinstance(expected, tuple):
        expected = (expected.start, expected.end, expected.start_name, expected.end_name)
        found = (found.start, found.end, found.start_name, found.end_name)
    assert found == expected


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    base=st.sampled_from(range(len(BASES))),
    changes=st.dictionaries(st.sampled_from(MEMBERS), values, min_size=1, max_size=3),
    removed=st.lists(st.sampled_from(MEMBERS), max_size=2),
    issuance=st.booleans(),
)
def test_one_pass_finds_what_the_rules_found(
    base: int, changes: dict[str, Any], removed: list[str], issuance: bool
) -> None:
    document = copy.deepcopy(BASES[base])
    document.update(changes)
    for name in removed:
        document.pop(name, None)
    options: dict[str, Any] = {"versions": ("2.0",), "require_proof": True} if issuance else {}
    _same(document, **options)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(document=values)
def test_one_pass_answers_any_json_as_the_rules_did(document: Any) -> None:
    _same(document)
