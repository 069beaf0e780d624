"""The claim pages and the home page's open tasks in English, Vietnamese and Lao, with nothing
inline the CSP would block."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from microcred_web.pilot.models import Offering
from tests.web.csp_checks import header_problems, page_problems
from tests.web.notifications.conftest import claim_path, client_of, mails_to

pytestmark = pytest.mark.django_db

WORDS = {
    "en": ("Take your credential", "This claim link does not work", "Nothing waits for you."),
    "vi": (
        "Nhận chứng chỉ của bạn",
        "Liên kết nhận chứng chỉ này không dùng được",
        "Không có việc nào đang chờ bạn.",
    ),
    "lo": ("ຮັບໃບຢັ້ງຢືນຂອງທ່ານ", "ລິ້ງຮັບໃບຢັ້ງຢືນນີ້ໃຊ້ບໍ່ໄດ້", "ບໍ່ມີວຽກໃດລໍຖ້າທ່ານ."),
}
ENGLISH = ("Take your credential", "You have no account yet", "does not work", "Your open tasks", "in all.")


def _page(client: Client, path: str, language: str, status: int) -> str:
    client.cookies["django_language"] = language
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, path
    _header, nonce = header_problems(response)
    html = response.content.decode()
    assert not page_problems(html, nonce), path
    return html


@pytest.mark.parametrize("language", ["en", "vi", "lo"])
def test_the_claim_pages_and_the_open_tasks_speak_the_readers_language(
    issued: Offering, neu_registrar: Any, language: str
) -> None:
    claim, invalid, nothing = WORDS[language]
    path = claim_path(mails_to("an.nguyen@st.neu.edu.vn")[0])
    page = _page(Client(), path, language, 200)
    broken = _page(Client(), "/claim/not-a-token/", language, 410)
    assert claim in page and invalid in broken
    assert 'for="id_password1"' in page and 'id="id_password1"' in page  # labelled fields
    # the ready learners were issued: nothing waits for the registrar
    home = _page(client_of(neu_registrar), "/accounts/", language, 200)
    assert nothing in home
    if language != "en":
        for words in ENGLISH:
            assert words not in page + broken + home, words
    assert mail.outbox  # the claim e-mails were sent
