"""The award models parse the exchange format and say what is wrong and where (ADR 0601)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.model.award import AwardFormatError, load_learner, load_result, parse_learner, parse_result
from tests.conftest import EXAMPLES

RESULT: dict[str, Any] = {"awarded_on": "2026-06-30T10:00:00Z", "grade": "A"}


def test_the_sample_files_parse() -> None:
    assert load_learner(EXAMPLES / "learner-sample.json").display_name == "Nguyễn Thị Lan"
    assert str(load_result(EXAMPLES / "result-sample.json").credits_earned) == "5"


def test_it_refuses_a_date_without_time_zone() -> None:
    with pytest.raises(AwardFormatError, match="time zone") as info:
        parse_result({**RESULT, "awarded_on": "2026-06-30T10:00:00"})
    assert info.value.where == "awarded_on"


def test_it_refuses_to_award_a_failed_assessment() -> None:
    with pytest.raises(AwardFormatError, match="passed"):
        parse_result({**RESULT, "passed": False})


def test_it_refuses_an_end_of_validity_before_the_award() -> None:
    with pytest.raises(AwardFormatError, match="valid_until"):
        parse_result({**RESULT, "valid_until": "2026-01-01T00:00:00Z"})


def test_it_refuses_control_characters_in_the_name() -> None:
    with pytest.raises(AwardFormatError, match="control characters") as info:
        parse_learner({"display_name": "Ana\u0007 Andromeda"})
    assert info.value.where == "display_name"


def test_it_refuses_an_address_that_is_not_an_email() -> None:
    with pytest.raises(AwardFormatError, match="e-mail"):
        parse_learner({"display_name": "Ana", "email": "ana-at-example"})


def test_it_refuses_a_did_with_a_fragment() -> None:
    with pytest.raises(AwardFormatError, match="DID"):
        parse_learner({"display_name": "Ana", "did": "did:key:z6Mk#z6Mk"})


def test_it_names_an_unknown_element() -> None:
    with pytest.raises(AwardFormatError, match="unknown element 'student_number'"):
        parse_learner({"display_name": "Ana", "student_number": "123"})
