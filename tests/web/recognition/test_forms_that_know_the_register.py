"""Issue 10, item 5: the learner picks the host by its full name and the course from the host's
published register (free text remains); the officer's target starts from that register entry
(ADR 0810)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.intake import recognition_request_create
from microcred_web.recognition.models import RecognitionCase
from tests.conftest import EXAMPLES
from tests.web.recognition.conftest import client_for

pytestmark = pytest.mark.db


def entry(consortium: Any, slug: str, name: str, status: str = Status.PUBLISHED) -> MicroCredentialVersion:
    spec = json.loads((EXAMPLES / "specs" / f"{name}.json").read_text("utf-8"))
    mc = MicroCredential.objects.create(institution=consortium[slug], code=spec["code"])
    return MicroCredentialVersion.objects.create(
        micro_credential=mc, version=1, status=status, spec=spec, title_en=spec["title"]["en"]
    )


def test_the_learner_picks_the_host_by_full_name_and_the_course_from_its_register(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    target = entry(consortium, "ueh", "ueh-esg-sustainable-business")
    mine = client_for(learner)
    form = mine.get(reverse("recognition:request")).content.decode()
    assert "University of Economics Ho Chi Minh City (UEH)" in form
    assert "ESG and Sustainable Business Practice" in form and 'name="target_title"' in form
    response = mine.post(
        reverse("recognition:request"),
        {
            "host": consortium["ueh"].pk,
            "purpose": "ELECTIVE_CREDIT",
            "target_entry": target.pk,
            "register_entry": muni_published.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = RecognitionCase.objects.get(applicant=learner)
    assert case.target_request == {
        "title": "ESG and Sustainable Business Practice",
        "code": "UEH-SUS-ESG",
        "register_version": str(target.uuid),
    }
    desk = client_for(officers["ueh"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert 'name="id" value="UEH-SUS-ESG"' in desk
    assert 'name="credits" value="2"' in desk and 'name="level" value="VQF:6"' in desk
    assert "LO1: [analyse] Identify the material ESG issues" in desk
    assert "MICRO4ASIA Joint Certificate in Digital and Sustainable Finance" in desk  # what it stacks toward


def test_a_course_of_another_institution_or_an_unpublished_one_is_refused_and_free_text_still_works(
    consortium: Any, learner: Any, muni_published: Any
) -> None:
    neu = entry(consortium, "neu", "neu-python-for-finance")
    draft = entry(consortium, "ueh", "ueh-esg-sustainable-business", status=Status.DRAFT)
    mine = client_for(learner)
    base = {"host": consortium["ueh"].pk, "purpose": "ELECTIVE_CREDIT", "register_entry": muni_published.pk}
    wrong = mine.post(reverse("recognition:request"), {**base, "target_entry": neu.pk})
    assert (
        wrong.status_code == 200
        and "not in the register of the institution you chose" in wrong.content.decode()
    )
    hidden = mine.post(reverse("recognition:request"), {**base, "target_entry": draft.pk})
    assert hidden.status_code == 200 and not RecognitionCase.objects.exists()
    with pytest.raises(RecognitionInputError, match="published entry"):
        recognition_request_create(
            applicant=learner,
            host=consortium["ueh"],
            purpose="ELECTIVE_CREDIT",
            target_title="x",
            target_entry=draft,
            register_version=muni_published,
        )
    free = mine.post(reverse("recognition:request"), {**base, "target_title": "Kinh tế lượng ứng dụng"})
    assert free.status_code == 302
    case = RecognitionCase.objects.get(applicant=learner)
    assert case.target_request == {"title": "Kinh tế lượng ứng dụng", "code": ""}
