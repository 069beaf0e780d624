"""Each missing item names who can supply it (recognition.md §4.4 MissingItem.supplier; ADR 0810):
the issuer names the body of an accreditation it left unnamed and says how the assessment was
supervised; the officer judges the standing of a named body outside the accepted registries."""

from __future__ import annotations

from typing import Any

from tests.core.recognition._helpers import decide, example, record


def missing(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(m["where"].partition(".")[2], m["supplier"]) for m in decide(data).report["missing_information"]]


def test_an_accreditation_that_names_no_body_is_asked_of_the_issuer() -> None:
    data = example("E1")
    record(data)["qa"] = [{"kind": "accreditation", "scope": "institution"}]
    assert ("issuer.qa", "issuer") in missing(data)


def test_a_named_body_outside_the_accepted_registries_is_for_the_officer_to_judge() -> None:
    data = example("E1")
    record(data)["qa"] = [{"kind": "accreditation", "registry": "ELSEWHERE", "agency": "Agency X"}]
    assert ("issuer.qa", "recognition_officer") in missing(data)


def test_the_supervision_of_the_assessment_is_asked_of_the_issuer() -> None:
    data = example("E1")
    record(data)["assessment"] = {**record(data)["assessment"], "supervision": None}
    assert ("assessment.supervision", "issuer") in missing(data)
