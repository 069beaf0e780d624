"""recognition.md §5: the consortium profile, bilateral overrides, resolution by (issuer, host, date)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from microcred.errors import InputError
from microcred.recognition.agreements import (
    consortium_profile,
    merge_chain,
    parse_agreement,
    resolve_agreement,
    shipped_agreements,
)
from microcred.recognition.values import Purpose
from tests.core.recognition._helpers import EXAMPLES


def _doc(name: str, **changes: Any) -> Any:
    data = json.loads((EXAMPLES / "agreements" / name).read_text("utf-8"))
    data.update(changes)
    return parse_agreement(data)


def test_the_consortium_profile_ships_the_values_of_section_7_0() -> None:
    p = merge_chain(consortium_profile(), []).parameters
    assert dict(p.hours_per_credit) == {
        "ACTS": Decimal(25),
        "ECTS": Decimal(25),
        "IT-CFU": Decimal(25),
        "LA-CR": Decimal(48),
        "VN-TC": Decimal(50),
    }
    assert (p.lo_full, p.lo_partial, p.workload_full, p.workload_partial) == (
        Fraction(3, 4),
        Fraction(1, 2),
        Fraction(4, 5),
        Fraction(1, 2),
    )
    assert p.min_supervision[Purpose.EXEMPTION] == "supervised_with_id"
    assert p.min_supervision[Purpose.ELECTIVE_CREDIT] == "supervised_no_id"
    assert (p.max_age_years, p.max_stack_components, p.min_creditable_unit) == (5, 3, Decimal(1))
    assert str(p.round_rule) == "NEAREST_TIES_DOWN step 1"
    assert p.accepted_qa_registries == ("DEQAR", "VN-MOET-ACCREDITATION", "AUN-QA", "LA-EQAC")
    assert p.caps["VN-bachelor"].value == Decimal("0.5")
    assert p.caps["IT-laurea"].value == Decimal(48)


def test_the_shipped_profile_is_versioned_and_governed() -> None:
    [profile] = shipped_agreements()
    assert (profile.ref, profile.type, profile.status) == ("M4A-DEFAULT@1", "consortium", "active")
    assert profile.governance.four_eyes is True


def test_a_bilateral_agreement_inherits_everything_it_does_not_override() -> None:
    resolved = merge_chain(_doc("MU-NEU.v1.json"), [])
    p = resolved.parameters
    assert p.hours_per_credit["ECTS"] == Decimal(30)
    assert p.hours_per_credit["VN-TC"] == Decimal(50)
    assert resolved.chain == ("MU-NEU@1", "M4A-DEFAULT@1")
    assert resolved.set_by("hours_per_credit.ECTS") == "MU-NEU@1"
    assert resolved.set_by("hours_per_credit.VN-TC") == "M4A-DEFAULT@1"
    assert resolved.set_by("lo_coverage.full") == "M4A-DEFAULT@1"


def test_resolution_picks_the_agreement_for_issuer_host_and_date() -> None:
    a = _doc("MU-NEU.v1.json")
    r = resolve_agreement([a], issuer_ids=["muni"], host_id="neu", programme_id="P", on=date(2026, 10, 1))
    assert r.ref == "MU-NEU@1" and r.notes == ()


def test_a_reciprocal_agreement_applies_in_both_directions() -> None:
    a = _doc("MU-NEU.v1.json")
    r = resolve_agreement([a], issuer_ids=["neu"], host_id="muni", programme_id="P", on=date(2026, 10, 1))
    assert r.ref == "MU-NEU@1"


def test_a_one_way_agreement_does_not_apply_backwards() -> None:
    data = json.loads((EXAMPLES / "agreements" / "MU-NEU.v1.json").read_text("utf-8"))
    data["parties"]["direction"] = "one_way"
    r = resolve_agreement(
        [parse_agreement(data)], issuer_ids=["neu"], host_id="muni", programme_id="P", on=date(2026, 10, 1)
    )
    assert r.ref == "M4A-DEFAULT@1"


@pytest.mark.parametrize(
    ("changes", "on"),
    [({}, date(2026, 1, 1)), ({}, date(2029, 1, 1)), ({"status": "suspended"}, date(2026, 10, 1))],
    ids=["before-effective", "after-expiry", "suspended"],
)
def test_no_agreement_in_force_means_the_profile_with_a_note_never_a_refusal(
    changes: dict[str, Any], on: date
) -> None:
    r = resolve_agreement(
        [_doc("MU-NEU.v1.json", **changes)], issuer_ids=["muni"], host_id="neu", programme_id="P", on=on
    )
    assert r.ref == "M4A-DEFAULT@1"
    assert r.notes[0].startswith("NO_AGREEMENT")


def test_the_newest_version_in_force_wins() -> None:
    v1, v2 = _doc("UEH-UNISI.v1.json"), _doc("UEH-UNISI.v2.json")
    r = resolve_agreement(
        [v1, v2], issuer_ids=["ueh"], host_id="unisi", programme_id="P", on=date(2026, 9, 20)
    )
    assert r.ref == "UEH-UNISI@2"
    r = resolve_agreement(
        [v1, v2], issuer_ids=["ueh"], host_id="unisi", programme_id="P", on=date(2026, 5, 1)
    )
    assert r.ref == "UEH-UNISI@1"


def test_a_stack_from_two_issuers_uses_the_profile_unless_one_agreement_covers_both() -> None:
    a = _doc("UEH-UNISI.v1.json")
    r = resolve_agreement(
        [a], issuer_ids=["neu", "ueh"], host_id="unisi", programme_id="P", on=date(2026, 9, 20)
    )
    assert r.ref == "M4A-DEFAULT@1"
    assert r.notes[0].startswith("MIXED_AGREEMENTS")


def test_two_rival_agreements_with_the_same_effective_date_are_an_input_error() -> None:
    a = _doc("MU-NEU.v1.json")
    b = _doc("MU-NEU-STRICT.v1.json")
    with pytest.raises(InputError, match="both apply"):
        resolve_agreement([a, b], issuer_ids=["muni"], host_id="neu", programme_id="P", on=date(2026, 10, 1))


def test_an_invalid_threshold_pair_is_refused_at_the_edge() -> None:
    data = json.loads((EXAMPLES / "agreements" / "MU-NEU.v1.json").read_text("utf-8"))
    data["parameters"] = {"lo_coverage": {"partial": "0.9"}}
    with pytest.raises(InputError, match="full >= partial"):
        merge_chain(parse_agreement(data), [])


def test_a_missing_parent_is_named() -> None:
    data = json.loads((EXAMPLES / "agreements" / "MU-NEU.v1.json").read_text("utf-8"))
    data["parent"] = {"agreement_id": "NOPE", "version": 3}
    with pytest.raises(InputError, match="NOPE@3"):
        merge_chain(parse_agreement(data), [])


def test_an_agreement_that_excludes_the_purpose_leaves_the_case_to_the_profile() -> None:
    a = _doc("UEH-UNISI.v1.json")  # EXEMPTION, ELECTIVE_CREDIT, STACK_COMPONENT
    r = resolve_agreement(
        [a], issuer_ids=["ueh"], host_id="unisi", programme_id="P", on=date(2026, 9, 20), purpose="ADMISSION"
    )
    assert r.ref == "M4A-DEFAULT@1"
    assert r.notes[0].startswith("PURPOSE_NOT_COVERED")
