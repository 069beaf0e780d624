"""Every message code of the recognition engine and services, and every code name the desk
shows, has a Vietnamese and a Lao catalogue entry (issue 10 item 4, ADR 0840).

``makemessages`` cannot find these entries (the templates live in the core's registry and are
looked up by code at run time), so this test enumerates the registries themselves.
"""

from __future__ import annotations

import pickle

import pytest
from django.utils import translation

from microcred.recognition.messages import MESSAGES
from microcred.recognition.text import Text, msg
from microcred_web.recognition.messages import (
    CONTEXT,
    INDICATOR_CONTEXT,
    INDICATORS,
    LABEL_CONTEXT,
    LABELS,
    label,
    render,
)
from microcred_web.recognition.service_messages import SERVICE_MESSAGES, err
from tests.web.i18n.catalogues import LANGUAGES, LOCALE, read_po


def catalogue(lang: str) -> dict[tuple[str | None, str], str]:
    entries = read_po(LOCALE / lang / "LC_MESSAGES" / "django.po")
    return {e.key: e.msgstr.get(0, "") for e in entries}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_engine_and_service_code_has_a_translation(lang: str) -> None:
    entries = catalogue(lang)
    codes = {**MESSAGES, **SERVICE_MESSAGES}
    missing = sorted(code for code, template in codes.items() if not entries.get((CONTEXT, template)))
    assert not missing, f"{len(missing)} code(s) without a {lang} entry (msgctxt {CONTEXT!r}): {missing[:20]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_name_has_a_translation(lang: str) -> None:
    entries = catalogue(lang)
    missing = sorted(code for code, name in LABELS.items() if not entries.get((LABEL_CONTEXT, name)))
    missing += sorted(key for key, name in INDICATORS.items() if not entries.get((INDICATOR_CONTEXT, name)))
    assert not missing, f"{len(missing)} code or indicator name(s) without a {lang} entry: {missing}"


def test_the_engine_and_the_services_do_not_share_a_code() -> None:
    assert not set(MESSAGES) & set(SERVICE_MESSAGES)


def test_a_coded_message_reads_as_its_english_and_renders_in_the_active_language() -> None:
    text = msg("finding.TOO_OLD.required", max_age=5)
    assert text == "at most 5 years" and text.code == "finding.TOO_OLD.required"
    assert pickle.loads(pickle.dumps(text)).params == {"max_age": 5}  # noqa: S301 - our own bytes
    with translation.override("vi"):
        assert render(text) == "tối đa 5 năm"
    with translation.override("lo"):
        assert render(err("service.appeal.grounds_short")) != "say why you appeal (at least 10 characters)"
        assert label("PASS") != "met" and label("FULL") != "FULL"


def test_a_coded_parameter_is_translated_with_its_message() -> None:
    text = msg("list.semicolon", items=(msg("value.none"), msg("value.unknown")))
    assert text == "none; unknown"
    with translation.override("vi"):
        assert render(text) == "không có; chưa rõ"


def test_an_unknown_code_is_an_error_not_a_silent_english_text() -> None:
    from microcred.errors import MicrocredError

    with pytest.raises(MicrocredError, match="unknown message code"):
        Text("no.such.code")
