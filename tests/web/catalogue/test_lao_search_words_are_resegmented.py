"""The data migration of ADR 1611 re-segments the search words of published versions written
with the two-key Lao spelling, and leaves the others alone."""

from __future__ import annotations

import importlib

from django.apps import apps

from microcred.search import query_terms
from microcred_web.catalogue.models import Status
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import conformant_spec, make_version

migration = importlib.import_module("microcred_web.catalogue.migrations.0003_resegment_lao_search_text")


def test_a_version_typed_with_two_keys_is_found_by_its_verb_after_the_migration(muni: Institution) -> None:
    spec = conformant_spec()
    spec["learning_outcomes"][0]["text"]["lo"] = "ຜູ້ຮຽນສາມາດນໍາໃຊ້ຫຼັກການບັນຊີຄູ່ໃນການບັນທຶກທຸລະກໍາ"
    typed = make_version(muni, code="MUNI-LAO", status=Status.PUBLISHED, spec=spec)
    typed.search_text = "ນໍ າ ໃຊ້ stale"  # what the old segmentation stored
    typed.save(update_fields=["search_text"])
    other = make_version(muni, code="MUNI-EN", status=Status.PUBLISHED)
    other.search_text = "left alone"
    other.save(update_fields=["search_text"])

    assert migration.resegment_lao(apps, None) == 1

    typed.refresh_from_db()
    other.refresh_from_db()
    assert set(query_terms("ນຳໃຊ້")) <= set(typed.search_text.split())
    assert other.search_text == "left alone"
    assert migration.resegment_lao(apps, None) == 0  # idempotent
