"""Issue 15 item 6 (ADR 1524-1526): the full-text index and the facet cells give what the
catalogue says, on SQLite and on PostgreSQL (``-m db``), and a bulk update that skips the
signals is found by ``register_reindex --check`` and repaired by ``register_reindex``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from microcred.search import query_terms
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from microcred_web.register import selectors, services
from microcred_web.register.models import FacetCell, SearchEntry
from tests.web.register import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.db]

SEARCHES = [
    {},
    {"q": "kế toán"},
    {"q": "ke toan"},
    {"q": "ngan"},
    {"q": "an"},  # starts no word: "an" is inside "ngan", not at its start
    {"q": "econom"},
    {"q": "ການເງິນ"},
    {"q": "digital banking"},
    {"q": "banking", "country": "VN"},
    {"country": "VN"},
    {"country": "LA", "eqf": "6"},
    {"institution": "buh", "mode": "online"},
    {"isced": "04"},
    {"isced": "0", "language": "vi"},
    {"language": "en"},
    {"credits_min": "3"},
    {"credits_min": "1", "credits_max": "4"},
    {"q": 'x" OR "*'},  # FTS5 query syntax from a visitor is a word, not an operator
    {"q": "it's"},  # tsquery quoting
    {"skill": f.SKILL},
]


@pytest.fixture
def register() -> list[MicroCredentialVersion]:
    return [
        f.publish(f.econometrics(), slug="muni"),
        f.publish(f.banking_vn(), slug="buh"),
        f.publish(
            f.banking_vn(
                code="BUH-ACC",
                title={"en": "Bank accounting", "vi": "Kế toán ngân hàng"},
                workload={"hours": "150", "credits": "3", "credit_system": "VN-TC"},
                languages_of_instruction=["vi", "en"],
            ),
            slug="buh",
        ),
        f.publish(f.finance_lao(), slug="nuol"),
        f.publish(f.banking_vn(code="BUH-OLD"), slug="buh", status=Status.DRAFT),
    ]


def _expected(params: dict[str, str]) -> list[str]:
    """The codes a search must give, decided from the versions alone (the rules of ADR 0401
    and of ``RegisterFilters``), not through any index."""
    filters = selectors.RegisterFilters.from_params(params)
    terms = query_terms(filters.q)
    out = []
    for v in MicroCredentialVersion.objects.filter(status=Status.PUBLISHED).select_related(
        "micro_credential__institution"
    ):
        inst = v.micro_credential.institution
        words = v.search_text.split()
        checks = [
            all(any(w.startswith(t) for w in words) for t in terms),
            not filters.institution or inst.slug == filters.institution,
            not filters.country or inst.country == filters.country,
            filters.eqf is None or v.eqf_level == filters.eqf,
            not filters.isced or v.isced_f.startswith(filters.isced),
            not filters.language or filters.language in v.languages.split(),
            not filters.mode or v.participation_mode == filters.mode,
            not filters.skill or filters.skill in v.skills.split(),
            filters.credits_min is None
            or (v.credits_ects is not None and v.credits_ects >= filters.credits_min),
            filters.credits_max is None
            or (v.credits_ects is not None and v.credits_ects <= filters.credits_max),
        ]
        if all(checks):
            out.append(v.micro_credential.code)
    return sorted(out)


def _facets_expected(params: dict[str, str]) -> dict[str, dict[str, int]]:
    """Each facet's count per value: the results with that facet's own filter set to it."""
    out: dict[str, dict[str, int]] = {}
    values = {
        "institution": ["muni", "buh", "nuol"],
        "country": ["CZ", "VN", "LA"],
        "eqf": [str(n) for n in range(1, 9)],
        "isced": ["03", "031", "0311", "04", "041", "0412"],
        "language": ["en", "vi", "lo"],
        "mode": ["online", "blended", "onsite"],
    }
    for facet, choices in values.items():
        counts = {c: len(_expected({**params, facet: c})) for c in choices}
        out[facet] = {c: n for c, n in counts.items() if n}
    return out


@pytest.mark.parametrize(
    "params", SEARCHES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all"
)
def test_every_search_gives_what_the_catalogue_says_with_its_count_and_facets(
    register: list[MicroCredentialVersion], params: dict[str, str]
) -> None:
    results = selectors.register_search(selectors.RegisterFilters.from_params(params))
    assert sorted(v.micro_credential.code for v in results) == _expected(params)
    assert results.count() == len(_expected(params))
    counts = selectors.facet_counts(selectors.RegisterFilters.from_params(params))
    got = {
        facet: {k: n for k, n in values.items() if k in _facets_expected(params)[facet] or n}
        for facet, values in counts.items()
    }
    assert got == _facets_expected(params)


def test_a_title_match_comes_first_and_the_rest_keep_the_register_order(
    register: list[MicroCredentialVersion],
) -> None:
    results = selectors.register_search(selectors.RegisterFilters(q="kế toán"))
    assert [v.micro_credential.code for v in results][:1] == ["BUH-ACC"]
    assert [v.micro_credential.code for v in results[0:1]] == ["BUH-ACC"]


def test_the_facet_cells_count_the_entries_after_every_change(register: list[MicroCredentialVersion]) -> None:
    assert services.register_index_problems() == []
    buh = Institution.objects.get(slug="buh")
    buh.country = "LA"
    buh.save()
    f.publish(f.econometrics(version=2), slug="muni")
    assert services.register_index_problems() == []
    assert selectors.facet_counts(selectors.RegisterFilters())["country"] == {"CZ": 1, "LA": 3}
    assert sum(FacetCell.objects.values_list("n", flat=True)) == SearchEntry.objects.count() == 4


def test_a_bulk_update_that_skips_the_signals_is_found_by_the_check_and_repaired(
    register: list[MicroCredentialVersion],
) -> None:
    # a bulk update sends no post_save: the register still lists the draft, with stale counts
    MicroCredentialVersion.objects.filter(status=Status.DRAFT).update(status=Status.PUBLISHED)
    MicroCredentialVersion.objects.filter(micro_credential__code="BUH-DIGIBANK").update(
        credits_ects=Decimal("9.00")
    )
    with pytest.raises(CommandError, match="differ from the catalogue"):
        call_command("register_reindex", "--check")
    problems = services.register_index_problems()
    assert any("published but not in the register" in p for p in problems)
    assert any("stale credits_ects" in p for p in problems)
    call_command("register_reindex")
    call_command("register_reindex", "--check")
    assert services.register_index_problems() == []
    assert _codes({"credits_min": "9"}) == ["BUH-DIGIBANK"]
    assert "BUH-OLD" in _codes({"q": "digital"})


def test_a_hand_edited_search_text_is_what_the_full_text_index_finds(
    register: list[MicroCredentialVersion],
) -> None:
    # SQLite's triggers and PostgreSQL's expression index follow even a bulk update of the entry
    SearchEntry.objects.filter(code="MUNI-ECON-R").update(search_text="zebra")
    assert _codes({"q": "zeb"}) == ["MUNI-ECON-R"]
    assert "MUNI-ECON-R" not in _codes({"q": "econometrics"})


def test_an_oversized_or_odd_query_is_an_ordinary_search(register: list[MicroCredentialVersion]) -> None:
    for q in ("a" * 5000, "ke" * 200, "\\", "'", '"', "* OR NEAR(", "::"):
        assert isinstance(_codes({"q": q}), list)


def _codes(params: dict[str, Any]) -> list[str]:
    return sorted(
        v.micro_credential.code
        for v in selectors.register_search(selectors.RegisterFilters.from_params(params))
    )


@pytest.mark.parametrize(
    "params", [{}, {"country": "VN"}, {"language": "vi"}, {"credits_min": "3"}, {"eqf": "8"}]
)
def test_a_page_read_from_its_institutions_is_the_same_slice_of_the_register_order(
    register: list[MicroCredentialVersion], params: dict[str, str]
) -> None:
    f.publish(f.banking_vn(code="BUH-A", title={"en": "A course"}), slug="buh")
    f.publish(f.econometrics(code="MUNI-Z"), slug="muni")
    results = selectors.register_search(selectors.RegisterFilters.from_params(params))
    everything = list(results.entries.values_list("micro_credential__code", flat=True))
    for start in range(len(everything) + 2):
        for size in (1, 2, 3):
            page = [v.micro_credential.code for v in results[start : start + size]]
            assert page == everything[start : start + size], (start, size)
