"""index_text() and query_terms(): every query word of a matching spec is an indexed word."""

from typing import Any

from microcred.model import parse_spec
from microcred.search import MAX_QUERY_TERMS, index_text, query_terms, words

LAO_OUTCOME = "ນັກສຶກສາສາມາດວິເຄາະງົບການເງິນຂອງທະນາຄານໄດ້"


def _spec(**overrides: Any) -> Any:
    data: dict[str, Any] = {
        "code": "BUH-BANK-101",
        "title": {"en": "Banking operations", "vi": "Nghiệp vụ Ngân hàng"},
        "awarding_bodies": [
            {
                "name": {"en": "Banking University HCMC", "vi": "Trường Đại học Ngân hàng TP.HCM"},
                "country": "VN",
            }
        ],
    }
    data.update(overrides)
    return parse_spec(data)


def _found(spec: Any, q: str) -> bool:
    indexed = set(index_text(spec).split(" "))
    terms = query_terms(q)
    return bool(terms) and all(term in indexed for term in terms)


def test_a_vietnamese_title_is_found_with_diacritics() -> None:
    assert _found(_spec(), "Ngân hàng")


def test_a_vietnamese_title_is_found_without_diacritics() -> None:
    assert _found(_spec(), "ngan hang nghiep vu")


def test_a_lao_learning_outcome_is_found_by_one_of_its_words() -> None:
    spec = _spec(
        learning_outcomes=[
            {"id": "LO1", "text": {"en": "Analyse a bank's financial statements.", "lo": LAO_OUTCOME}}
        ]
    )
    assert _found(spec, "ການເງິນ")
    assert _found(spec, "ທະນາຄານ")


def test_a_lao_word_absent_from_the_spec_is_not_found() -> None:
    spec = _spec(learning_outcomes=[{"id": "LO1", "text": {"lo": LAO_OUTCOME}}])
    assert not _found(spec, "ກະສິກໍາ")


def test_a_mixed_language_query_needs_every_word() -> None:
    spec = _spec(
        learning_outcomes=[{"id": "LO1", "text": {"lo": LAO_OUTCOME}}], keywords=["finance", "Basel III"]
    )
    assert _found(spec, "ngân hàng ການເງິນ finance")
    assert _found(spec, "BASEL ທະນາຄານ")
    assert not _found(spec, "ngân hàng ການເງິນ agriculture")


def test_the_awarding_body_is_found_in_every_language_it_is_named_in() -> None:
    assert _found(_spec(), "Banking University")
    assert _found(_spec(), "Trường Đại học")


def test_the_index_holds_each_word_once() -> None:
    indexed = index_text(_spec(description={"en": "Banking, banking and BANKING."})).split(" ")
    assert len(indexed) == len(set(indexed))
    assert indexed.count("banking") == 1


def test_a_lao_run_is_segmented_into_dictionary_words() -> None:
    assert list(words(LAO_OUTCOME)) == ["ນັກສຶກສາ", "ສາມາດ", "ວິເຄາະ", "ງົບ", "ການເງິນ", "ຂອງ", "ທະນາຄານ", "ໄດ້"]


def test_lao_next_to_latin_without_a_space_is_split_at_the_script_change() -> None:
    assert list(words("ບົດຮຽນExcel2")) == ["ບົດຮຽນ", "excel2"]


def test_punctuation_and_underscores_are_not_words() -> None:
    assert query_terms("  R&D, __ (fixed-effects)!  ") == ["r", "d", "fixed", "effects"]


def test_an_empty_query_has_no_terms() -> None:
    assert query_terms("   ¿?  ") == []


def test_a_long_query_is_cut_to_the_maximum_number_of_terms() -> None:
    q = " ".join(f"w{i}" for i in range(40))
    assert query_terms(q) == [f"w{i}" for i in range(MAX_QUERY_TERMS)]


def test_a_spec_with_nothing_to_index_gives_an_empty_index() -> None:
    assert index_text(parse_spec({})) == ""
