"""Annex I conformance of issued credentials: M1 and M5, and the offering's elements as carried."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred.errors import InputError
from microcred.standards.eu_mc.award import check_award


def test_a_composed_credential_carries_every_mandatory_element(credential: dict[str, Any]) -> None:
    report = check_award(credential)
    assert report.conformant, report.errors
    assert not [f for f in report.findings if f.element in {"O1", "O2", "O3", "O4", "O5"}]


def test_it_finds_a_missing_learner_identification(credential: dict[str, Any]) -> None:
    broken = copy.deepcopy(credential)
    del broken["credentialSubject"]["id"]
    del broken["credentialSubject"]["identifier"]
    codes = {f.code for f in check_award(broken).errors}
    assert codes == {"EU-M1-MISSING"}


def test_it_finds_a_missing_date_of_issuing(credential: dict[str, Any]) -> None:
    broken = copy.deepcopy(credential)
    broken["validFrom"] = "2026-06-30"
    [finding] = check_award(broken).errors
    assert finding.code == "EU-M5-MISSING" and finding.path == "validFrom"


def test_it_finds_an_offering_element_missing_from_the_achievement(credential: dict[str, Any]) -> None:
    broken = copy.deepcopy(credential)
    alignments = broken["credentialSubject"]["achievement"]["alignment"]
    broken["credentialSubject"]["achievement"]["alignment"] = [
        a for a in alignments if a["targetType"] != "ext:ELMAccreditationType"
    ]
    assert {f.element for f in check_award(broken).errors} == {"M11"}


def test_it_refuses_what_is_not_a_json_object() -> None:
    with pytest.raises(InputError):
        check_award(["not", "a", "credential"])
