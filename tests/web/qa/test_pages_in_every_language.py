"""The QA pages render in English, Vietnamese and Lao, with nothing inline the CSP would block
and no English indicator or checklist wording left in Vietnamese or Lao."""

from __future__ import annotations

from typing import Any

import pytest

from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import make_user, make_version
from tests.web.csp_checks import header_problems, page_problems

pytestmark = pytest.mark.django_db

ENGLISH = ("Learners piloted", "Pass rate", "no data yet", "Record an answer", "QA plan", "Consortium")


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Learners piloted"), ("vi", "Người học tham gia thí điểm"), ("lo", "ຜູ້ຮຽນທີ່ເຂົ້າຮ່ວມການທົດລອງ")],
)
def test_the_qa_pages_render_in_each_language_without_inline_code(
    muni: Institution, staff: dict[str, Any], client: Any, language: str, words: str, settings: Any
) -> None:
    settings.MICROCRED_QA_COORDINATOR = "muni"
    version: MicroCredentialVersion = make_version(muni, status=Status.IN_REVIEW, by=staff["designer"])
    make_user("learner", role=Role.LEARNER, institution=muni)
    client.force_login(staff["qa"])
    client.cookies["django_language"] = language
    pages = {}
    for path in ("/qa/", f"/qa/review/{version.uuid}/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        _header, nonce = header_problems(response)
        assert not page_problems(response.content.decode(), nonce), path
        pages[path] = response.content.decode()
    assert words in pages["/qa/"]
    if language != "en":
        for english in ENGLISH:
            assert english not in pages["/qa/"] + pages[f"/qa/review/{version.uuid}/"], english
