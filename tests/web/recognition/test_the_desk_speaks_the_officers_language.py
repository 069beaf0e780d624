"""The Vietnamese and Lao desk shows no English engine text (issue 10 item 4, ADR 0840).

The demo's worked examples are decided through the services (a refusal, a CONDITIONAL decision,
a PARTIAL award with a remainder, a case waiting for information); their officer page and their
notice (page and PDF) are rendered in Vietnamese and in Lao, and none of the fixed text of the
engine's or the services' English templates may appear in them.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from microcred.recognition import lifecycle
from microcred.recognition.messages import MESSAGES
from microcred_web.recognition import notice
from microcred_web.recognition.messages import LABELS
from microcred_web.recognition.service_messages import SERVICE_MESSAGES
from tests.web.recognition.conftest import client_for, decided_case, imported_case

PLACEHOLDER = re.compile(r"\{[^}]*\}")


def english_fragments() -> set[str]:
    """The fixed text of every template: the pieces between placeholders that are words a reader
    would see (two words or more, not an identifier such as ``qualification-frameworks``), e.g.
    "revoked by the issuer" or "no agreement between"."""
    out = set()
    for template in (*MESSAGES.values(), *SERVICE_MESSAGES.values()):
        for piece in PLACEHOLDER.split(template):
            piece = piece.strip(" ,;:()[]-=>")
            if " " in piece and len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2:
                out.add(piece)
    return out


FRAGMENTS = english_fragments()


@pytest.fixture(autouse=True)
def _catalogues_compiled() -> None:
    """The .mo files as the .po files are now (``make install`` compiles them; a test run right
    after an edit of the .po must not read an older catalogue)."""
    from django.utils.translation import trans_real

    from tests.web.i18n.catalogues import ensure_compiled

    ensure_compiled()
    trans_real._translations = {}


# Names of codes that must not show in English either (results, materiality, statuses…).
LABEL_WORDS = {v for v in LABELS.values() if " " in v}


def visible_text(page: str) -> str:
    body = page.split("<main", 1)[-1]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def english_in(text: str) -> list[str]:
    found = [f for f in FRAGMENTS if f in text]
    found += [w for w in LABEL_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    return sorted(found)


def test_the_fragments_are_real_sentences_of_the_engine() -> None:
    assert "revoked by the issuer" in FRAGMENTS
    assert "say why you appeal (at least 10 characters" in FRAGMENTS
    assert len(FRAGMENTS) > 150


@pytest.fixture
def demo_cases(consortium: Any, officers: Any, learner: Any) -> dict[str, Any]:
    return {
        # refused: quality, level, workload
        "E3": decided_case("E3", "buh", consortium, officers, applicant=learner),
        "E4": decided_case("E4", "muni", consortium, officers, applicant=learner),  # CONDITIONAL
        # PARTIAL with a remainder
        "E2": decided_case("E2", "unisi", consortium, officers, applicant=learner),
        # pending
        "X05": imported_case("X05-missing-information", "neu", consortium, officers, applicant=learner),
    }


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_the_officer_page_and_the_notice_have_no_english_engine_text(
    demo_cases: dict[str, Any], officers: Any, learner: Any, lang: str
) -> None:
    hosts = {"E3": "buh", "E4": "muni", "E2": "unisi", "X05": "neu"}
    problems = {}
    for name, case in demo_cases.items():
        officer, applicant = client_for(officers[hosts[name]]), client_for(learner)
        pages = {"case": (officer, reverse("recognition:case", args=[case.uuid]))}
        # the learner's own case page too (its events, the decision, the request for information)
        pages["learner's case"] = (applicant, reverse("recognition:my_case", args=[case.uuid]))
        if case.is_decided:
            pages["notice"] = (officer, reverse("recognition:notice", args=[case.uuid]))
        for kind, (client, url) in pages.items():
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
            assert response.status_code == 200
            text = visible_text(response.content.decode())
            # nor the raw code of a case event (CASE_OPENED, DECISION_PROPOSED…)
            found = english_in(text) + [a for a in lifecycle.EVENTS if re.search(rf"\b{a}\b", text)]
            if found:
                problems[f"{name} {kind}"] = found
        if case.is_decided:
            with translation.override(lang):
                n = notice.notice_of(case)
            section = [*n.substantial, *n.remediable, *n.conditions, *n.non_substantial, *n.alternatives]
            if english_in(" ".join(section) + " " + n.remainder):
                problems[f"{name} notice ({lang} section)"] = english_in(" ".join(section))
    assert not problems, f"English engine text on the {lang} desk: {problems}"


def test_the_english_notice_of_a_conditional_decision_gives_its_reasons(demo_cases: dict[str, Any]) -> None:
    case = demo_cases["E4"]
    assert case.final_outcome == "CONDITIONAL"
    with translation.override("en"):
        n = notice.notice_of(case)
    assert n.remediable and n.conditions  # the differences to make up, and how
    assert "CONDITIONAL" not in notice.outcome_label(n.outcome)


def test_the_case_page_names_credentials_by_title_not_by_id(
    demo_cases: dict[str, Any], officers: Any
) -> None:
    case = demo_cases["E4"]
    page = client_for(officers["muni"]).get(
        reverse("recognition:case", args=[case.uuid]), HTTP_ACCEPT_LANGUAGE="vi"
    )
    text = visible_text(page.content.decode())
    title = case.evidence[0]["record"]["title"]
    assert title in text
    with translation.override("vi"):
        names = notice.notice_of(case).credentials
    assert names and all("urn:uuid:" not in n for n in names)


def test_a_vietnamese_learners_short_appeal_is_refused_in_vietnamese(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    page = reverse("recognition:my_case", args=[case.uuid])
    response = client_for(learner).post(page, {"grounds": "sai"}, HTTP_ACCEPT_LANGUAGE="vi")
    text = visible_text(response.content.decode())
    assert "hãy cho biết lý do khiếu nại (ít nhất 10 ký tự)" in text
    assert "say why you appeal" not in text


def test_a_lao_notice_embeds_the_lao_bold_font_for_its_headings(demo_cases: dict[str, Any]) -> None:
    case = demo_cases["E4"]
    case.notice_language = "lo"
    data = notice.notice_pdf(notice.notice_of(case))
    # fpdf2 names an embedded subset by its family and style ("XXXXXX+NotoSansLaoBold")
    assert b"+NotoSansLaoBold" in data and b"+NotoSansLao\n" in data
