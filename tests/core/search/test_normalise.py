"""normalise(): one folded form for Vietnamese with and without diacritics, Lao kept intact."""

from hypothesis import given
from hypothesis import strategies as st

from microcred.search import normalise


def test_it_folds_vietnamese_tone_and_vowel_marks() -> None:
    assert normalise("Ngân hàng") == normalise("ngan hang") == "ngan hang"
    assert normalise("Kinh tế lượng") == "kinh te luong"


def test_it_folds_d_with_stroke_in_both_cases() -> None:
    assert normalise("Đà Nẵng đại học") == "da nang dai hoc"


def test_it_treats_precomposed_and_decomposed_vietnamese_alike() -> None:
    precomposed = "Trường Đại học Kinh tế"
    decomposed = "Trường Đại học Kinh tế".replace("ờ", "ơ\u0300").replace("ế", "ê\u0301")
    assert decomposed != precomposed
    assert normalise(decomposed) == normalise(precomposed)


def test_it_leaves_lao_vowel_signs_and_tone_marks_alone() -> None:
    assert normalise("ທະນາຄານ") == "ທະນາຄານ"
    assert normalise("ການເງິນ") == "ການເງິນ"


def test_it_folds_lao_compatibility_letters_to_their_two_key_spelling() -> None:
    assert normalise("ໜ້າທີ່") == normalise("ຫນ້າທີ່")


def test_it_folds_czech_and_croatian_diacritics_too() -> None:
    assert normalise("Masarykova univerzita, Brno – Ekonometrie č. 5") == (
        "masarykova univerzita, brno – ekonometrie c. 5"
    )
    assert normalise("Sveučilište u Dubrovniku") == "sveuciliste u dubrovniku"


@given(st.text())
def test_it_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)
