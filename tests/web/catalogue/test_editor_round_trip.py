"""The studio editor covers every element of the exchange format: each example specification,
shown in the form and posted back unchanged, comes back identical."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.http import QueryDict

from microcred.model import dump_spec, parse_spec
from microcred_web.catalogue.forms import SpecEditor
from microcred_web.institutions.models import Institution
from tests.conftest import EXAMPLES
from tests.web.accounts.factories import editor_post_data

SPECS = sorted((EXAMPLES / "specs").glob("*.json"))


def _as_posted(data: dict[str, object]) -> QueryDict:
    posted = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            posted.setlist(key, value)
        else:
            posted[key] = str(value)
    return posted


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_a_specification_survives_the_editor_unchanged(path: Path) -> None:
    spec = json.loads(path.read_text("utf-8"))
    # Not saved: the editor only reads the institution's languages and defaults.
    institution = Institution(
        slug="x",
        name={"en": "X"},
        short_name="X",
        country="VN",
        credit_system="VN-TC",
        national_framework="VQF",
    )
    editor = SpecEditor(institution=institution, data=_as_posted(editor_post_data(institution, spec)))
    assert editor.is_valid(), editor.error_summary()
    assert dump_spec(parse_spec(editor.to_document())) == dump_spec(parse_spec(spec))


def test_every_field_of_the_form_is_shown_in_a_fieldset() -> None:
    institution = Institution(
        slug="x",
        name={"en": "X", "lo": "X"},
        short_name="X",
        country="LA",
        credit_system="LA-CR",
        national_framework="LA-NQF",
    )
    form = SpecEditor(institution=institution).form
    shown = {name for fs in form.layout() for name in (*fs.fields, *fs.more)}
    assert shown == set(form.fields)
