"""Lao text before segmentation: one spelling for the dictionary, one form for comparing.

Lao has two spellings of the same letters. The vowel sign AM is one character, ຳ (U+0EB3), or
typed with two keys as NIGGAHITA + AA, ໍ + າ (U+0ECD U+0EB2); NFKC turns the first into the
second (Unicode 15.1, ch. 16.2 "Lao", and UnicodeData.txt: 0EB3 <compat> 0ECD 0EB2), and NFC
leaves the second alone. Likewise ໜ/ໝ (U+0EDC/U+0EDD) and ຫນ/ຫມ. LaoNLP's word list
(laonlp 1.x, the tokenizer the platform uses) is written with ຳ, ໜ and ໝ, so text in the other
spelling is cut inside a word: ນໍາໃຊ້ (apply) becomes ນໍ + າ + ໃຊ້ and no verb is found.

``dictionary_form`` rewrites text into the dictionary's spelling before segmentation;
``comparison_form`` (NFKC, case-folded) is what every comparison uses afterwards, so a word
matches in both spellings (docs/decisions/1611-lao-spelling-before-segmentation.md).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Two-key spellings -> the one-character spelling of LaoNLP's word list (NFKC's inverse).
_TO_DICTIONARY = (("\u0ecd\u0eb2", "\u0eb3"), ("\u0eab\u0e99", "\u0edc"), ("\u0eab\u0ea1", "\u0edd"))


def dictionary_form(text: str) -> str:
    """``text`` (NFC) in the spelling of LaoNLP's word list: ໍ+າ -> ຳ, ຫນ -> ໜ, ຫມ -> ໝ."""
    text = unicodedata.normalize("NFC", text)
    for two_keys, one in _TO_DICTIONARY:
        text = text.replace(two_keys, one)
    return text


def comparison_form(word: str) -> str:
    """The form words are compared in: NFKC (ຳ -> ໍ+າ, ໜ -> ຫນ), case-folded."""
    return unicodedata.normalize("NFKC", word).casefold()


@lru_cache(maxsize=4096)
def lao_words(text: str) -> tuple[str, ...]:
    """The words of Lao ``text`` as segmented by LaoNLP, in the dictionary's spelling, blanks
    dropped. Compare them with ``comparison_form``."""
    from laonlp.tokenize import word_tokenize  # slow to import; only needed for Lao text

    tokens: list[str] = word_tokenize(dictionary_form(text.strip()))
    return tuple(t for t in (tok.strip() for tok in tokens) if t)
