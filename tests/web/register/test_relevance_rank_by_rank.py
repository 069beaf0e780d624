"""Issue 15 item 6 (ADR 1543): a page of a search with words is read one relevance rank at a time
through the title index, and gives exactly the slice of the one-query sort by rank (title
matches first, then the register's order), on SQLite and on PostgreSQL (``-m db``)."""

from __future__ import annotations

import pytest

from microcred_web.register import selectors
from microcred_web.register.bench import _populate
from tests.web.register import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.db]

SEARCHES = [
    {"q": "accounting"},
    {"q": "ke toan"},  # two words: ranks 2, 1 and 0
    {"q": "digital banking"},
    {"q": "risk", "country": "VN"},
    {"q": "acc accounting"},  # one word the prefix of the other
    {"q": "risk risk"},  # a repeated word counts twice, as in the sort
    {"q": "a b c"},  # three words: ranks by subsets of three
    {"q": "digital banking risk finance"},  # more than three words: the one-query sort
    {"q": "zzzz"},  # nothing
    {"q": 'risk x" OR "*'},  # full-text syntax typed by a visitor stays words (FTS5 and tsquery)
    {"q": "risk o'brien \\ ! &"},
]
SLICES = [(0, 20), (20, 40), (40, 60), (100, 120), (0, 1), (139, 159), (290, 310)]


@pytest.fixture
def register() -> None:
    _populate(0, 300)  # the benchmark's generated micro-credentials (the exchange format)


@pytest.mark.parametrize("walk_from", [1, selectors.WALK_FROM])
@pytest.mark.usefixtures("register")
def test_every_page_of_a_search_with_words_is_the_slice_of_the_sort_by_relevance(
    monkeypatch: pytest.MonkeyPatch, walk_from: int
) -> None:
    # walk_from 1: every rank is read by walking the order index (SQLite); otherwise sorted
    monkeypatch.setattr(selectors, "WALK_FROM", walk_from)
    for params in SEARCHES:
        results = selectors.register_search(selectors.RegisterFilters.from_params(params))
        whole = [v.pk for v in results.iterator()]  # one query sorted by rank (the CSV's order)
        assert results.count() == len(whole), params
        for start, stop in SLICES:
            assert [v.pk for v in results[start:stop]] == whole[start:stop], (params, start, stop)


@pytest.mark.usefixtures("register")
def test_a_title_match_leads_the_first_page_of_a_common_word() -> None:
    results = selectors.register_search(selectors.RegisterFilters(q="accounting"))
    count = results.count()
    in_title = [
        any(word.startswith("accounting") for word in v.search_entry.title_text.split())
        for v in results[0:count]
    ]
    # every title match, then every match only in the description, outcomes or keywords
    assert True in in_title and False in in_title
    assert in_title == sorted(in_title, reverse=True)


def test_a_title_word_longer_than_an_index_allows_is_published_and_found_by_its_start() -> None:
    # a PostgreSQL lexeme may not exceed 2,047 bytes: the title words are cut as the search words
    long_word = "x" * 3000  # one word of 3,000 bytes
    f.publish(f.banking_vn(code="LONG", title={"en": "Banking", "vi": f"Ngân hàng {long_word}"}), slug="buh")
    f.publish(f.banking_vn(code="OTHER"), slug="buh")
    results = selectors.register_search(selectors.RegisterFilters(q="x" * 20))
    assert [v.micro_credential.code for v in results[0:20]] == ["LONG"]
