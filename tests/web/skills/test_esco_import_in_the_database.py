"""The web's ESCO store: the core's change plan written to the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microcred_web.skills import services
from microcred_web.skills.models import EscoConcept, EscoRelation, EscoText

from .conftest import ESCO

pytestmark = pytest.mark.django_db


def test_the_subset_imports_into_the_database_stamped_with_its_version(esco: None) -> None:
    assert EscoConcept.objects.filter(kind="skill").count() == 1240
    assert EscoConcept.objects.filter(kind="occupation").count() == 42
    assert EscoRelation.objects.count() == 1155
    text = EscoText.objects.get(
        concept__uri="http://data.europa.eu/esco/skill/ecc18804-a466-40d9-98b4-fba5cd67dd4b"
    )
    assert (text.preferred_label, text.esco_version) == ("accounting", "v1.1.1")


def test_reimporting_the_unchanged_files_writes_no_row(esco: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        plan = services.esco_import(path=ESCO)
    assert plan.rows == () and plan.unchanged == 3719
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_a_changed_description_is_updated_in_place(esco: None, tmp_path: Path) -> None:
    folder = tmp_path / "v1.2.0"
    folder.mkdir()
    text = (ESCO / "skills_en.csv").read_text(encoding="utf-8")
    old = "Negotiate with the customers the precise terms"  # one description of the subset
    assert text.count(old) == 1
    (folder / "skills_en.csv").write_text(
        text.replace(old, "Analyse the financial risk", 1), encoding="utf-8"
    )
    before = EscoText.objects.count()
    plan = services.esco_import(path=folder)
    assert (plan.created, plan.updated) == (0, 1)
    assert EscoText.objects.count() == before
    assert EscoText.objects.filter(esco_version="v1.2.0").count() == 1


def test_the_command_refuses_a_broken_file_and_writes_nothing(db: None, tmp_path: Path) -> None:
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    shutil.copy(ESCO / "occupations_en.csv", folder)
    (folder / "skills_en.csv").write_text("conceptType,conceptUri\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("esco_import", str(folder))
    assert not EscoConcept.objects.exists()
