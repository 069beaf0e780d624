"""Every pilot page renders in English, Vietnamese and Lao with nothing inline the CSP would
block, and a learner's Lao or Vietnamese name comes back exactly as imported."""

from __future__ import annotations

from typing import Any

import pytest

from microcred_web.pilot import services
from microcred_web.pilot.models import Offering
from tests.web.csp_checks import header_problems, page_problems
from tests.web.pilot.conftest import PILOT, client_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "words"), [("en", "Cohort"), ("vi", "Lớp học viên"), ("lo", "ກຸ່ມຜູ້ຮຽນ")])
def test_every_pilot_page_renders_in_each_language_without_inline_code(
    nuol_offering: Offering, nuol_registrar: Any, language: str, words: str
) -> None:
    preview = services.results_preview(
        offering=nuol_offering, by=nuol_registrar, data=(PILOT / "results-nuol.xlsx").read_bytes()
    )
    services.results_commit(result_import=preview.result_import, by=nuol_registrar)
    client = client_of(nuol_registrar)
    client.cookies["django_language"] = language
    pk = nuol_offering.pk
    for path in (
        "/pilot/",
        "/pilot/offerings/new/",
        f"/pilot/offerings/{pk}/",
        f"/pilot/offerings/{pk}/enrol/",
        f"/pilot/offerings/{pk}/import/",
    ):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        _header, nonce = header_problems(response)
        assert not page_problems(response.content.decode(), nonce), path
    page = client.get(f"/pilot/offerings/{pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert words in page
    for name in ("ສົມພອນ ແກ້ວມະນີ", "ບຸນມີ ພົມມະຈັນ", "ວັນນະສອນ ສີສຸລິດ", "ດາລາວັນ ຈັນທະວົງ"):
        assert name in page
