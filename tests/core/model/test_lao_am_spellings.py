"""Lao verbs with the vowel AM match in both spellings (issue 16 item 4, ADR 1611): ຳ (U+0EB3)
as one key, or ໍ + າ as two (what NFKC makes of it). Before the fix the tokenizer cut ນໍາໃຊ້
(apply) into ນໍ + າ + ໃຊ້ and ຈໍາແນກ (distinguish) into ຈໍ + າ + ແນກ, and the Bloom verb was
lost for recognition and for the register's search.

The outcomes are written the way Lao course descriptions are (a banking short course and an
accounting module); each is tested in the spelling it was typed in and in the other one."""

from __future__ import annotations

import unicodedata

import pytest

from microcred.design import analyse_outcome
from microcred.model.lao_text import comparison_form, dictionary_form, lao_words
from microcred.recognition.lo_compare import LoText, TfIdfBackend, bloom_of, lao_verb_tokens
from microcred.search.text import query_terms, words

AM, NIGGAHITA_AA = "\u0eb3", "\u0ecd\u0eb2"

# (outcome as typed with ຳ, its Bloom level, the verb in the comparison form)
OUTCOMES = [
    ("ຜູ້ຮຽນສາມາດນຳໃຊ້ຫຼັກການບັນຊີຄູ່ໃນການບັນທຶກທຸລະກຳຂອງວິສາຫະກິດ", "apply", "ນໍາໃຊ້"),
    ("ຈຳແນກປະເພດຄວາມສ່ຽງດ້ານສິນເຊື່ອຂອງທະນາຄານການຄ້າ", "analyse", "ຈໍາແນກ"),
    ("ນັກສຶກສາສາມາດນຳໃຊ້ແບບຈຳລອງທາງການເງິນເພື່ອຄິດໄລ່ມູນຄ່າປັດຈຸບັນ", "apply", "ນໍາໃຊ້"),
]


def two_keys(text: str) -> str:
    return text.replace(AM, NIGGAHITA_AA)


def spellings(text: str) -> tuple[str, str]:
    assert AM in text
    return text, two_keys(text)


def test_the_two_key_spelling_is_what_nfkc_makes_of_am() -> None:
    assert unicodedata.normalize("NFKC", AM) == NIGGAHITA_AA
    assert unicodedata.normalize("NFC", NIGGAHITA_AA) == NIGGAHITA_AA  # NFC does not compose it
    assert dictionary_form(NIGGAHITA_AA) == AM and dictionary_form("ຫນ") == "ໜ"
    assert comparison_form("ນຳໃຊ້") == comparison_form("ນໍາໃຊ້")


@pytest.mark.parametrize(("outcome", "bloom", "verb"), OUTCOMES)
def test_a_verb_with_am_is_one_word_in_either_spelling(outcome: str, bloom: str, verb: str) -> None:
    for text in spellings(outcome):
        tokens = lao_verb_tokens(text)
        assert verb in tokens, tokens
        assert "າ" not in tokens and not any(t.endswith("\u0ecd") for t in tokens), tokens


@pytest.mark.parametrize(("outcome", "bloom", "verb"), OUTCOMES)
def test_recognition_and_the_assistant_read_the_bloom_level_in_either_spelling(
    outcome: str, bloom: str, verb: str
) -> None:
    for text in spellings(outcome):
        assert bloom_of(text, "lo") == bloom
        assert analyse_outcome(text, "lo").bloom == bloom


def test_the_same_outcome_in_the_two_spellings_is_the_same_text_to_the_lexical_backend() -> None:
    typed, other = spellings(OUTCOMES[1][0])
    [[score]] = TfIdfBackend().similarity([LoText("T1", typed, "lo")], [LoText("S1", other, "lo")])
    assert score == 1


def test_the_register_finds_a_verb_typed_in_the_other_spelling() -> None:
    indexed = set(words(OUTCOMES[0][0]))
    assert set(query_terms(two_keys("ນຳໃຊ້"))) <= indexed
    assert set(query_terms("ນຳໃຊ້")) <= set(words(two_keys(OUTCOMES[0][0])))


def test_words_without_am_are_segmented_as_before() -> None:
    assert lao_words("ວິເຄາະຫຼັກຊັບເງິນກູ້") == ("ວິເຄາະ", "ຫຼັກຊັບ", "ເງິນ", "ກູ້")
