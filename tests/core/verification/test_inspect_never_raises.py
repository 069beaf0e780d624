"""inspect() answers for any JSON input: a report, never an exception (verify() raises instead)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.verification import VerificationError, inspect, verify
from tests.core.verification.conftest import NOW, registry, signed

TRUST = registry()
SIGNED = signed("eddsa-jcs-2022")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
keys = st.sampled_from(sorted(SIGNED))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(document=st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_inspect_reports_on_any_json_object(document: dict[str, Any]) -> None:
    report = inspect(document, trust=TRUST, now=NOW)
    assert not report.valid


@settings(max_examples=100, deadline=None, derandomize=True)
@given(key=keys, value=json_values)
def test_replacing_any_top_level_value_gives_a_report_and_a_verification_error(key: str, value: Any) -> None:
    document = {**SIGNED, key: value}
    if document == SIGNED:
        return
    report = inspect(document, trust=TRUST, now=NOW)
    assert not report.valid
    try:
        verify(document, trust=TRUST, now=NOW)
    except VerificationError:
        return
    raise AssertionError(f"replacing {key} with {value!r} still verified")


@settings(max_examples=100, deadline=None, derandomize=True)
@given(token=st.text(max_size=80))
def test_inspect_reports_on_any_string(token: str) -> None:
    assert not inspect(token, trust=TRUST, now=NOW).valid
