"""Normalising and splitting multilingual text into search words.

The same functions build the index (``index_text``) and read the query (``query_terms``), so
a word is found exactly when its normalised form was indexed; nothing else has to agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping

from microcred.model import MicroCredentialSpec
from microcred.model.lao_text import lao_words

# A query longer than this is cut: every term becomes one SQL condition, and nobody types
# twelve words into a register's search box on purpose.
MAX_QUERY_TERMS = 12

# The Lao block. Lao letters are "Lo" and its vowel signs and tone marks are "Mn", so a plain
# \w+ would cut a Lao word at every vowel sign; a Lao run is taken whole and segmented.
_LAO_RUN = r"[\u0e80-\u0eff]+"
_TOKEN = re.compile(rf"(?P<lao>{_LAO_RUN})|(?P<other>[^\W_]+)")

# Letters with a stroke have no canonical decomposition, so NFD does not strip them.
# đ/Đ is Vietnamese (and Croatian); casefold() has already lowered the capitals.
_STROKES = str.maketrans({"đ": "d", "ł": "l", "ø": "o", "ħ": "h"})


def _is_latin_diacritic(char: str) -> bool:
    # Only the Combining Diacritical Marks block (U+0300-U+036F): the Vietnamese tone marks,
    # breve, circumflex and horn live there, the Lao vowel signs and tone marks do not, so
    # folding Vietnamese never damages Lao.
    return "\u0300" <= char <= "\u036f"


def normalise(text: str) -> str:
    """Fold ``text`` for comparison: compatibility forms, case and Latin diacritics.

    NFKC (a superset of NFC) also folds the Lao compatibility letters ໜ/ໝ/ຳ to the spellings
    people type with two keys, and full-width Latin to ASCII. Vietnamese tone and vowel marks
    are dropped, and đ becomes d, so that queries typed without an IME still match.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_STROKES)
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = "".join(c for c in decomposed if not _is_latin_diacritic(c))
    return unicodedata.normalize("NFC", stripped)


def _segment_lao(run: str) -> tuple[str, ...]:
    # LaoNLP's dictionary is written with ຳ and ໜ, so segment in its spelling (either way the
    # text was typed), then fold (microcred.model.lao_text, ADR 1611).
    return lao_words(run)


def words(text: str) -> Iterator[str]:
    """The normalised words of ``text`` in order, repeats included."""
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        pieces = _segment_lao(match.group("lao")) if match.group("lao") else (match.group("other"),)
        for piece in pieces:
            word = normalise(piece)
            if word:
                yield word


def _unique_words(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(word, None)
    return list(seen)


def _spec_texts(spec: MicroCredentialSpec) -> Iterator[str]:
    """Every text of ``spec`` worth finding it by, in every language it is given in."""
    if spec.code:
        yield spec.code
    for lang_map in (spec.title, spec.description):
        if lang_map:
            yield from lang_map.values()
    for outcome in spec.learning_outcomes:
        yield from outcome.text.values()
    yield from spec.keywords
    for body in spec.awarding_bodies:
        yield from body.name.values()


def index_text(spec: MicroCredentialSpec) -> str:
    """The register's ``search_text`` for ``spec``: normalised words, each once, space-separated.

    Indexed: code, title, description, learning outcomes, keywords and the awarding bodies'
    names, in every language given.
    """
    return " ".join(_unique_words(_spec_texts(spec)))


def title_text(title: Mapping[str, str] | None) -> str:
    """The normalised words of a title in every language it is given in, each once.

    The register ranks a search term found here above one found only in ``index_text``
    (ADR 1520: a title match before a description match).
    """
    return " ".join(_unique_words((title or {}).values()))


def query_terms(q: str) -> list[str]:
    """The normalised words of a search query, each once, at most ``MAX_QUERY_TERMS``."""
    return _unique_words([q])[:MAX_QUERY_TERMS]
