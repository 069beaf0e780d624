"""Exemplary specifications, annotated per element with why they are good, in the studio guide in
English, Vietnamese and Lao (issue 16 item 4, ADR 1613)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microcred.design.exemplars import exemplars
from microcred.standards.eu_mc import check_document
from microcred_web.catalogue.exemplar_messages import NOTES

GUIDE = reverse("catalogue:guide")


def test_every_exemplar_is_conformant_and_every_note_has_a_wording() -> None:
    assert len(exemplars()) == 3
    for e in exemplars():
        report = check_document(e.document)
        assert report.conformant and not report.warnings, (e.key, [f.code for f in report.findings])
        assert {n.code for n in e.notes} <= set(NOTES)


def test_an_annotation_only_praises_what_the_specification_says() -> None:
    muni = next(e for e in exemplars() if e.key == "muni-econometrics")
    notes = {n.code: n.params for n in muni.notes}
    assert notes["exemplar.workload_fits"] == {
        "hours": "125",
        "credits": "5",
        "system": "ECTS",
        "min": "25",
        "max": "30",
    }
    assert notes["exemplar.qa_named"]["registry"] == "DEQAR"
    assert muni.spec.supervision == "supervised_with_id"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            ("Exemplary specifications, annotated", "Econometrics in R", "so the credits can be converted"),
        ),
        ("vi", ("Các bản mô tả mẫu mực, có chú giải", "Kinh tế lượng với R", "Hai hình thức đánh giá")),
        ("lo", ("ລາຍລະອຽດຕົວຢ່າງທີ່ດີ ພ້ອມຄຳອະທິບາຍ", "ການບັນຊີການເງິນສຳລັບວິສາຫະກິດຂະໜາດນ້ອຍ ແລະ ກາງ", "ການປະເມີນສອງແບບ")),
    ],
)
def test_the_guide_shows_the_annotations_in_the_readers_language(
    db: Any, language: str, words: tuple[str, ...]
) -> None:
    client = Client()
    client.cookies["django_language"] = language
    page = client.get(GUIDE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for w in words:
        assert w in page, w
    if language != "en":
        assert "so the credits can be converted" not in page and "is the first thing" not in page
