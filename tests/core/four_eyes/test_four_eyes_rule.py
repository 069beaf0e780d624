"""The four-eyes rule of the core (``microcred.four_eyes``, ADR 0330): two different people, each
holding the role at that moment, and no role given to oneself."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred import four_eyes
from microcred.errors import MicrocredError
from microcred.four_eyes import ALLOWED, FourEyesError, Refusal


def test_someone_who_did_not_author_the_work_and_holds_the_role_may_take_the_step() -> None:
    assert four_eyes.check(actor=2, authors={1}, holds_role=True, step="approve") is ALLOWED
    assert ALLOWED.allowed and ALLOWED.params == {}


def test_an_author_or_editor_is_refused_with_the_step_and_subject() -> None:
    verdict = four_eyes.check(actor=1, authors=[3, 1], holds_role=True, step="publish", subject="version")
    assert not verdict.allowed
    assert verdict.refusal is Refusal.OWN_WORK
    assert dict(verdict.params) == {"step": "publish", "subject": "version"}


def test_someone_who_does_not_hold_the_role_now_is_refused_before_anything_else() -> None:
    verdict = four_eyes.check(actor=1, authors={1}, holds_role=False, role="qa_reviewer", step="review")
    assert verdict.refusal is Refusal.ROLE_NOT_HELD and verdict.params["role"] == "qa_reviewer"


def test_nobody_is_not_a_second_pair_of_eyes_and_never_counts_as_an_author() -> None:
    assert four_eyes.check(actor=None, authors=set(), holds_role=True).refusal is Refusal.NO_ACTOR
    assert four_eyes.check(actor=5, authors={None}, holds_role=True).allowed


def test_a_role_given_to_oneself_is_refused_and_to_someone_else_is_not() -> None:
    assert four_eyes.check_grant(granter=7, grantee=7, role="qa_reviewer").refusal is Refusal.SELF_GRANT
    assert four_eyes.check_grant(granter=None, grantee=7, role="qa_reviewer").refusal is Refusal.NO_ACTOR
    assert four_eyes.check_grant(granter=8, grantee=7, role="qa_reviewer").allowed


def test_require_raises_an_error_that_carries_the_code_and_parameters() -> None:
    with pytest.raises(FourEyesError) as caught:
        four_eyes.require(actor="u1", authors=["u1"], holds_role=True, step="countersign", where="case")
    assert isinstance(caught.value, MicrocredError)
    assert caught.value.code is Refusal.OWN_WORK and caught.value.params["step"] == "countersign"
    assert caught.value.where == "case"
    with pytest.raises(FourEyesError):
        four_eyes.require_grant(granter="u1", grantee="u1", role="registrar")
    four_eyes.require(actor="u2", authors=["u1"], holds_role=True)
    four_eyes.require_grant(granter="u2", grantee="u1", role="registrar")


def test_a_second_signature_is_needed_only_for_overrides_and_refusals_where_governance_asks() -> None:
    need = four_eyes.second_signature_needed
    assert need(governance_asks=True, override=True, refusal=False)
    assert need(governance_asks=True, override=False, refusal=True)
    assert not need(governance_asks=True, override=False, refusal=False)
    assert not need(governance_asks=False, override=True, refusal=True)


@given(actor=st.integers(), authors=st.sets(st.integers()), holds=st.booleans())
def test_the_rule_allows_exactly_a_role_holder_who_is_not_an_author(
    actor: int, authors: set[int], holds: bool
) -> None:
    verdict = four_eyes.check(actor=actor, authors=authors, holds_role=holds)
    assert verdict.allowed == (holds and actor not in authors)
