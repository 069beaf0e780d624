"""A case file's format errors, coded in the core (ADR 0854), read in Vietnamese and Lao."""

from __future__ import annotations

import pytest
from django.utils import translation

from microcred.errors import InputError
from microcred.recognition.case import parse_case_doc
from microcred_web.recognition.messages import error_text


@pytest.fixture(autouse=True)
def _catalogues_compiled() -> None:
    from django.utils.translation import trans_real

    from tests.web.i18n.catalogues import ensure_compiled

    ensure_compiled()
    trans_real._translations = {}


@pytest.mark.parametrize(("lang", "said"), [("vi", "lỗi trong hồ sơ công nhận"), ("lo", "ບັນຫາໃນແຟ້ມການຮັບຮອງ")])
def test_a_case_file_with_a_missing_field_is_refused_in_the_readers_language(lang: str, said: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_case_doc({"format": "microcred-recognition-case"}, source="case file")
    with translation.override(lang):
        text = error_text(refused.value)
    assert said in text
    assert "problem(s)" not in text and "required" not in text
