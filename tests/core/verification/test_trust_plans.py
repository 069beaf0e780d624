"""The trust check remembers what a registry says about an issuer and its keys (ADR 0612), and
still asks, for every credential, what depends on that credential: the key the resolver gives for
its method, and whether the registry's key was in use when the proof was made."""

from __future__ import annotations

from datetime import UTC, date, datetime

from microcred.crypto.did import DidResolver
from microcred.crypto.keys import Ed25519KeyPair
from microcred.verification import _trust_check
from tests.core.verification.conftest import ISSUER_DID, NOW, TEST_KEY, registry

METHOD = f"{ISSUER_DID}#{TEST_KEY.public_key.public_key_multibase}"
BEFORE_USE = datetime(2025, 6, 1, tzinfo=UTC)
IN_USE = datetime(2026, 6, 1, tzinfo=UTC)


class _OtherKey(DidResolver):
    """A resolver that hands out another key for every method."""

    def resolve_verification_method(self, method_id: str, *, purpose: str = "assertionMethod"):  # type: ignore[no-untyped-def]
        return Ed25519KeyPair.from_seed(b"\x07" * 32).public_key


def test_a_remembered_issuer_still_has_its_key_compared_with_the_resolvers_each_time() -> None:
    reg = registry()
    first = _trust_check(ISSUER_DID, [METHOD], IN_USE, reg, NOW, reg.resolver())
    second = _trust_check(ISSUER_DID, [METHOD], IN_USE, reg, NOW, _OtherKey())
    assert (first.code, second.code) == ("trust.ok", "trust.key_differs")


def test_a_remembered_issuer_still_has_its_keys_dates_checked_against_each_proof() -> None:
    reg = registry()
    assert _trust_check(ISSUER_DID, [METHOD], IN_USE, reg, NOW, reg.resolver()).code == "trust.ok"
    late = _trust_check(ISSUER_DID, [METHOD], BEFORE_USE, reg, NOW, reg.resolver())
    assert late.code == "trust.key_not_in_use"
    assert late.params["created"] == BEFORE_USE.isoformat()


def test_each_registry_answers_for_itself() -> None:
    current, lapsed = registry(qa_until="2030-01-01"), registry(qa_until="2026-01-01")
    for reg, state in ((current, "valid until"), (lapsed, "EXPIRED on")):
        check = _trust_check(ISSUER_DID, [METHOD], IN_USE, reg, NOW, reg.resolver())
        assert check.code == "trust.ok" and state in check.reason
    other = _trust_check("did:web:nobody.example", [METHOD], IN_USE, current, NOW, current.resolver())
    assert other.code == "trust.issuer_not_listed"


def test_the_qa_state_is_read_on_the_day_of_each_verification() -> None:
    reg = registry(qa_until="2026-07-01")
    on_the_day = _trust_check(ISSUER_DID, [METHOD], IN_USE, reg, NOW, reg.resolver())
    next_day = datetime(2026, 7, 2, tzinfo=UTC)
    after = _trust_check(ISSUER_DID, [METHOD], IN_USE, reg, next_day, reg.resolver())
    assert on_the_day.params["qa"]["current"] is True
    assert after.params["qa"]["current"] is False
    assert date.fromisoformat(after.params["qa"]["valid_until"]) == date(2026, 7, 1)


def test_each_report_gets_parameters_of_its_own() -> None:
    reg = registry(qa_until="2030-01-01")
    first = _trust_check(ISSUER_DID, [METHOD], IN_USE, reg, NOW, reg.resolver())
    first.params["qa"]["current"] = "changed by a caller"  # type: ignore[index]
    second = _trust_check(ISSUER_DID, [METHOD], IN_USE, reg, NOW, reg.resolver())
    assert second.params["qa"]["current"] is True
    assert first.params is not second.params
