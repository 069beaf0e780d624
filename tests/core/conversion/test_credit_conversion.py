from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.conversion import convert_credits
from microcred.errors import ConversionError, UnknownCodeError
from microcred.reference import reference_data

SYSTEMS = sorted(reference_data().credit_systems)


def test_three_vietnamese_credits_are_150_hours_and_6_ects_at_the_default_factor() -> None:
    conv = convert_credits(3, "VN-TC", "ECTS")
    assert conv.hours == Decimal(150)
    assert conv.result == Decimal(6)
    assert conv.result_range == (Decimal(5), Decimal(6))
    assert conv.method == "via-hours"


def test_five_ects_are_two_and_a_half_vietnamese_credits_with_range() -> None:
    conv = convert_credits("5", "ECTS", "VN-TC")
    assert conv.hours == Decimal(125)
    assert conv.result == Decimal("2.5")
    assert conv.result_range == (Decimal("2.5"), Decimal(3))


def test_systems_of_the_sixty_credit_family_convert_one_to_one() -> None:
    conv = convert_credits(6, "IT-CFU", "BE-FWB")
    assert conv.result == Decimal(6)
    assert conv.method == "same-family"


def test_lao_credits_are_flagged_as_an_assumption() -> None:
    conv = convert_credits(2, "LA-CR", "VN-TC")
    assert conv.hours == Decimal(96)
    assert conv.result == Decimal("1.92")
    assert conv.assumption
    assert any("ASSUMPTION" in line for line in conv.explain())


def test_the_conversion_names_its_table_version() -> None:
    assert (
        convert_credits(1, "ECTS", "VN-TC").as_dict()["table_version"]
        == reference_data().credit_systems_version
    )


def test_an_unknown_credit_system_is_named_in_the_error() -> None:
    with pytest.raises(UnknownCodeError, match="'XX-CR'"):
        convert_credits(1, "XX-CR", "ECTS")


def test_negative_credits_are_refused() -> None:
    with pytest.raises(ConversionError, match="zero or more"):
        convert_credits(-1, "ECTS", "VN-TC")


@given(
    a=st.decimals(min_value=0, max_value=200, places=1),
    b=st.decimals(min_value=0, max_value=200, places=1),
    src=st.sampled_from(SYSTEMS),
    dst=st.sampled_from(SYSTEMS),
)
def test_conversion_is_monotonic_and_the_default_lies_within_the_range(
    a: Decimal, b: Decimal, src: str, dst: str
) -> None:
    low, high = sorted((a, b))
    c_low, c_high = convert_credits(low, src, dst), convert_credits(high, src, dst)
    assert c_low.result <= c_high.result
    assert c_low.result_range[0] <= c_low.result <= c_low.result_range[1]
