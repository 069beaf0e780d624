"""Properties of the folding: typing without diacritics finds what was written with them."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from microcred.search import query_terms, words

VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
LAO_WORDS = ["ທະນາຄານ", "ການເງິນ", "ນັກສຶກສາ", "ວິເຄາະ", "ບັນຊີ", "ຂໍ້ມູນ", "ສາມາດ"]

vietnamese_text = st.lists(
    st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper(), min_size=1, max_size=8),
    min_size=1,
    max_size=6,
).map(" ".join)


def _without_marks(text: str) -> str:
    """What a keyboard without a Vietnamese input method produces."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


@given(vietnamese_text)
def test_a_query_typed_without_diacritics_gives_the_same_terms(text: str) -> None:
    assert query_terms(_without_marks(text)) == query_terms(text)


@given(vietnamese_text)
def test_decomposed_input_gives_the_same_terms_as_precomposed(text: str) -> None:
    assert query_terms(unicodedata.normalize("NFD", text)) == query_terms(unicodedata.normalize("NFC", text))


@given(st.lists(st.sampled_from(LAO_WORDS), min_size=1, max_size=6))
def test_lao_dictionary_words_written_together_are_found_one_by_one(parts: list[str]) -> None:
    indexed = set(words("".join(parts)))
    for part in parts:
        assert set(query_terms(part)) <= indexed
