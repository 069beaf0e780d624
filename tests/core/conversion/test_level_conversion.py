import pytest

from microcred.conversion import convert_level, eqf_level_of
from microcred.errors import UnknownCodeError
from microcred.reference import LevelRef, reference_data


def test_vqf_six_is_eqf_six_through_aqrf_as_an_assumption() -> None:
    conv = convert_level("VQF:6", "EQF")
    assert conv.results == (LevelRef("EQF", "6"),)
    assert [s.target_framework for s in conv.steps] == ["AQRF", "EQF"]
    assert conv.assumption


def test_a_croatian_sublevel_maps_to_its_whole_eqf_level() -> None:
    assert eqf_level_of("CROQF:7.1") == 7


def test_eqf_seven_read_backwards_gives_both_croatian_sublevels() -> None:
    conv = convert_level("EQF:7", "CROQF")
    assert [str(r) for r in conv.results] == ["CROQF:7.1", "CROQF:7.2"]
    assert conv.steps[0].reversed


def test_italian_levels_are_confirmed_not_assumed() -> None:
    conv = convert_level("IT-QNQ:6", "EQF")
    assert not conv.assumption
    assert conv.confidence == "C"


@pytest.mark.parametrize("code", sorted(reference_data().frameworks))
def test_every_framework_reaches_eqf_and_aqrf(code: str) -> None:
    fw = reference_data().framework(code)
    for level in fw.levels:
        for target in ("EQF", "AQRF"):
            assert convert_level(f"{code}:{level}", target).results


@pytest.mark.parametrize("text", ["VQF:9", "CROQF:7.3", "EQF", "XX:1", "EQF:0"])
def test_an_impossible_level_gets_a_clear_error(text: str) -> None:
    with pytest.raises(UnknownCodeError):
        convert_level(text, "EQF")
