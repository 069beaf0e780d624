"""Migrations register 0002–0003 (ADR 1524, 1526): the entries already there get their facet
cells, their words cut and kept once, and a full-text index that finds them; migrating back
drops the index. Run on SQLite and on PostgreSQL (``-m db``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from microcred_web.register import selectors
from microcred_web.register.models import FacetCell, SearchEntry
from tests.web.migrating import latest_schema_afterwards  # noqa: F401 - the autouse fixture
from tests.web.migrating import migrate as _migrate

BEFORE = [("register", "0001_search_entry")]
LONG = "x" * 150


def _entries_before_the_migration() -> None:
    """At register 0001: two entries of one institution, one without level or credits, one
    whose text repeats a word and holds a word longer than 100 characters."""
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    neu = old.get_model("institutions", "Institution").objects.create(
        slug="neu", name={"en": "National Economics University"}, short_name="NEU", country="VN",
        credit_system="VN-TC", national_framework="VQF",
    )  # fmt: skip
    for code, eqf, credits, text in (
        ("NEU-ACC", 6, Decimal("4.00"), f"ke toan ke {LONG}"),
        ("NEU-TAX", None, None, "thue"),
    ):
        mc = old.get_model("catalogue", "MicroCredential").objects.create(institution=neu, code=code)
        version = old.get_model("catalogue", "MicroCredentialVersion").objects.create(
            micro_credential=mc, version=1, status="published", spec={}, title_en=code, eqf_level=eqf,
            credits_ects=credits, languages="vi", search_text=text,
        )  # fmt: skip
        old.get_model("register", "SearchEntry").objects.create(
            micro_credential=mc, version=version, search_text=text, institution=neu, institution_name="NEU",
            country="VN", code=code, title_en=code, eqf_level=eqf, credits_ects=credits, languages="vi",
        )  # fmt: skip


@pytest.mark.db
@pytest.mark.django_db(transaction=True)
def test_entries_already_published_get_cells_single_words_and_an_index_that_finds_them() -> None:
    _entries_before_the_migration()
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    cells = sorted(FacetCell.objects.values_list("eqf_level", "credits", "n"))
    assert cells == [(0, "", 1), (6, "4.00", 1)]
    assert SearchEntry.objects.get(code="NEU-ACC").search_text == f"ke toan {'x' * 100}"
    found = selectors.register_search(selectors.RegisterFilters(q="toan"))
    assert [v.micro_credential.code for v in found] == ["NEU-ACC"]
    assert selectors.register_search(selectors.RegisterFilters(q="x" * 120)).count() == 1
    assert selectors.facet_counts(selectors.RegisterFilters())["eqf"] == {"6": 1}


@pytest.mark.db
@pytest.mark.django_db(transaction=True)
def test_migrating_back_drops_the_index_and_the_cells() -> None:
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    _migrate(BEFORE)
    tables = connection.introspection.table_names()
    assert "register_facetcell" not in tables and "register_searchentry_fts" not in tables


@pytest.mark.db
@pytest.mark.django_db(transaction=True)
def test_the_words_catalogue_0003_re_segmented_reach_the_search_rows_and_the_index() -> None:
    """register 0004: a row still holding the words cut before ADR 1611 takes its version's
    re-segmented words, and the full-text index finds the whole Lao word."""
    before = [("register", "0003_full_text_index_per_engine")]
    old = _migrate(before).loader.project_state(before).apps
    inst = old.get_model("institutions", "Institution").objects.create(
        slug="nuol", name={"en": "National University of Laos"}, short_name="NUOL", country="LA",
        credit_system="LA-NC", national_framework="LaoNQF",
    )  # fmt: skip
    mc = old.get_model("catalogue", "MicroCredential").objects.create(institution=inst, code="NUOL-BANK")
    version = old.get_model("catalogue", "MicroCredentialVersion").objects.create(
        micro_credential=mc, version=1, status="published", spec={}, title_en="Banking", languages="lo",
        search_text="ນໍາໃຊ້ banking",
    )  # fmt: skip
    old.get_model("register", "SearchEntry").objects.create(
        micro_credential=mc, version=version, search_text="ນໍ າໃຊ້ banking", institution=inst,
        institution_name="NUOL", country="LA", code="NUOL-BANK", title_en="Banking", languages="lo",
    )  # fmt: skip
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert SearchEntry.objects.get(code="NUOL-BANK").search_text == "ນໍາໃຊ້ banking"
    found = selectors.register_search(selectors.RegisterFilters(q="ນຳໃຊ້"))
    assert [v.micro_credential.code for v in found] == ["NUOL-BANK"]
