"""A case file that does not fit the format is refused with coded messages (ADR 0854): the CLI
says them in English, the web in the reader's language; nothing is English-only in the core."""

from __future__ import annotations

import pytest

from microcred.errors import InputError
from microcred.recognition.case import parse_case_doc
from microcred.recognition.text import Text
from tests.core.recognition._helpers import example


def _refusal(data: object) -> InputError:
    with pytest.raises(InputError) as refused:
        parse_case_doc(data, source="case file")
    return refused.value


def test_a_case_that_is_not_an_object_is_refused_with_a_code() -> None:
    message = _refusal([1]).message
    assert isinstance(message, Text) and message.code == "case.not_an_object"
    assert str(message) == "a recognition case must be a JSON object"


@pytest.mark.parametrize(
    ("change", "where", "first"),
    [
        (lambda d: d.pop("case_id"), "case file: case_id", "case.problem.missing"),
        (lambda d: d.update(colour="blue"), "case file: colour", "case.problem.unknown_field"),
        (lambda d: d.update(purpose="GIFT"), "case file: purpose", "case.problem.one_of"),
        (lambda d: d.update(decision_date="soon"), "case file: decision_date", "case.problem.date"),
        (lambda d: d.update(credentials=[]), "case file: credentials", "case.problem.too_few"),
    ],
)
def test_each_problem_of_a_case_file_is_a_code_with_its_place(change, where: str, first: str) -> None:  # type: ignore[no-untyped-def]
    data = example("E1")
    change(data)
    refusal = _refusal(data)
    assert refusal.where == where
    assert isinstance(refusal.message, Text) and refusal.message.code == "case.format_problems"
    said = refusal.message.params["first"]
    assert isinstance(said, Text) and said.code == first
    assert str(said) in str(refusal.message)  # the CLI's English reads the same sentence
