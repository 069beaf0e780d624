"""Text search for the register: one normalisation for what is indexed and what is asked.

Vietnamese is searched with and without diacritics ("Ngân hàng" and "ngan hang" meet), Lao is
cut into words with LaoNLP (Lao is written without spaces between words), and every other
language is split on letters and digits. ``docs/decisions/0401-search-normalisation-vietnamese-lao.md``
explains the choices.
"""

from microcred.search.text import MAX_QUERY_TERMS, index_text, normalise, query_terms, title_text, words

__all__ = ["MAX_QUERY_TERMS", "index_text", "normalise", "query_terms", "title_text", "words"]
