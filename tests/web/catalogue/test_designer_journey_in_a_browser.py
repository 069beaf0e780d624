"""Issue 16, "Done when": a designer goes from an empty form to a conformant, QA-ready
specification following only the assistant. In a real browser (Debian's Chromium, as in the
stuck recognition journey), a new designer knows her course but not the form: each round she
reads what the panel points to — checker findings, the assistant's notes on outcomes, the
workload estimator, the assessment matrix, the QA preview's unmet pre-checks — and acts on the
field the link leads to. A link she cannot act on, or guidance without a link, fails the test:
that is the assistant's fault, not hers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from tests.web.recognition.test_stuck_journey_in_a_browser import CHROMIUM, browser, page_of

__all__ = ["browser"]  # the Playwright fixture, shared with the recognition journey

pytestmark = [
    pytest.mark.db,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium at /usr/bin/chromium"),
]

# What the designer knows about her course; nothing here names a field of the form.
COURSE = {
    "title": "Credit risk management for bank analysts",
    # the first draft of her outcomes, written the way new designers write them
    "outcomes": [
        "Understand the principles of credit risk management.",
        "Analyse a loan portfolio and design a provisioning policy.",
    ],
    "activities": [("lecture", "24"), ("seminar", "12"), ("self_study", "80"), ("exam", "3")],
    "assessment": {"analyse": "written_examination", "create": "project_work"},
    "qa_body": "Czech National Accreditation Bureau for Higher Education",
    "further_information": "Contact the Faculty of Economics study office.",
}

# Everything in the panel that points somewhere in the form.
GUIDANCE_JS = """() => Array.from(document.querySelectorAll('#findings a[href^="#"]'))
  .filter(a => a.closest('.finding-error, .finding-warning, .qa-unmet')
               || (a.closest('.assistant-outcomes > li') && a.closest('li').querySelector('.finding-warning')))
  .map(a => [a.getAttribute('href').slice(1), a.closest('li, p').innerText])"""


def test_a_new_designer_reaches_a_qa_ready_specification_following_only_the_assistant(
    muni: Institution, staff: dict[str, Any], live_server: Any, browser: Any
) -> None:
    page = page_of(browser, live_server, staff["designer"])
    page.goto("/studio/new/")
    page.wait_for_selector("[data-live-hint]:not([hidden])")  # the live panel is on
    followed: list[str] = []
    for _round in range(8):
        guidance = page.evaluate(GUIDANCE_JS)
        if not guidance:
            break
        said: dict[str, list[str]] = {}  # each place once, with all that is said about it
        for anchor, text in guidance:
            said.setdefault(anchor, []).append(text)
        for anchor, texts in said.items():
            followed.append(anchor)
            act(page, anchor, "\n".join(texts))
        refreshed(page)
    else:
        pytest.fail(f"the assistant still points somewhere after 8 rounds: {page.evaluate(GUIDANCE_JS)}")

    panel = page.locator("#findings")
    assert "No errors" in panel.locator(".findings-summary").inner_text()
    assert panel.locator(".qa-unmet").count() == 0  # every pre-check the checker can do is met
    assert "cannot be approved" not in panel.inner_text()
    # she followed the assistant's own tools, not only the errors
    assert {
        "id_code",
        "fs-learning_outcomes",
        "id_workload_hours",
        "fs-supervision",
        "fs-stackability",
    } <= set(followed)
    assert any(a.startswith("id_lo-") and a.endswith("-assessed_by_0") for a in followed)  # the matrix

    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit for QA review").click()
    version = MicroCredentialVersion.objects.get(micro_credential__code="MUNI-CRM")
    assert version.status == Status.SUBMITTED
    assert [lo["text"]["en"] for lo in version.spec["learning_outcomes"]] == [
        "Analyse the principles of credit risk management.",  # the verb the assistant suggested
        "Analyse a loan portfolio.",
        "Design a provisioning policy.",
    ]


def refreshed(page: Any) -> None:
    """Wait until the live panel has been redrawn after the designer's changes."""
    page.evaluate("document.querySelector('#findings > h2').dataset.stale = '1'")
    page.dispatch_event("#spec-editor", "change")
    page.wait_for_selector("#findings > h2:not([data-stale])")


def act(page: Any, anchor: str, text: str) -> None:
    """What the designer does where the link ``anchor`` leads, knowing only her course and
    what the guidance ``text`` says."""
    if anchor in ("id_title_en", "fs-general"):
        page.fill("#id_title_en", COURSE["title"])
    elif anchor == "id_code":
        page.fill("#id_code", "MUNI-CRM")  # the institution's own course code
    elif anchor == "fs-learning_outcomes":
        for index, outcome in enumerate(COURSE["outcomes"]):
            write_outcome(page, index, outcome)
    elif m := re.fullmatch(r"id_lo-(\d+)-text_en", anchor):
        revise_outcome(page, int(m[1]), text)
    elif anchor in ("id_workload_hours", "id_workload_credits", "fs-workload"):
        follow_the_estimator(page)
    elif anchor == "fs-level":
        page.select_option("#id_level_eqf", "6")  # a bachelor's course
    elif anchor in ("id_assessment_types", "id_assessment_types_0", "fs-assessment"):
        for kind in COURSE["assessment"].values():
            page.check(f"#id_assessment_types input[value={kind}]")
    elif m := re.fullmatch(r"id_lo-(\d+)-assessed_by_0", anchor):
        outcome = page.input_value(f"#id_lo-{m[1]}-text_en")
        kind = COURSE["assessment"]["create" if outcome.startswith("Design") else "analyse"]
        page.check(f"#id_lo-{m[1]}-assessed_by input[value={kind}]")
    elif anchor in ("id_participation_mode", "fs-participation"):
        page.select_option("#id_participation_mode", "blended")
    elif anchor in ("id_quality_assurance_type", "fs-quality_assurance"):
        page.select_option("#id_quality_assurance_type", "institutional_qa")
        page.fill("#id_quality_assurance_body", COURSE["qa_body"])
        page.select_option("#id_quality_assurance_internal_qa", "yes")
    elif anchor == "fs-supervision":
        page.select_option("#id_supervision", "supervised_with_id")  # the exam is on site
    elif anchor == "id_isced_f":
        page.select_option("#id_isced_f", "0412")  # finance, banking and insurance
    elif anchor == "fs-stackability":
        page.select_option("#id_stackability_kind", "standalone")
    elif anchor == "fs-further_information":
        page.fill("#id_further_information_en", COURSE["further_information"])
    else:
        pytest.fail(f"the assistant points to #{anchor} ({text!r}) and the designer cannot tell what to do")


def write_outcome(page: Any, index: int, text: str) -> None:
    if page.locator(f"#id_lo-{index}-text_en").count() == 0:
        page.get_by_role("button", name="Add a learning outcome").click()
    page.fill(f"#id_lo-{index}-id", f"LO{index + 1}")
    page.fill(f"#id_lo-{index}-text_en", text)


def revise_outcome(page: Any, index: int, note: str) -> None:
    """Follow the assistant's note on an outcome: replace a verb nobody can observe by the
    first verb it suggests; split an outcome that bundles several."""
    text = page.input_value(f"#id_lo-{index}-text_en")
    if "nobody can observe" in note:
        verb = re.findall(r"e\.g\. “([^”]+)”", note)[0]  # the assistant's first suggestion
        page.fill(f"#id_lo-{index}-text_en", f"{verb.capitalize()} {text.split(' ', 1)[1]}")
    elif "bundles several" in note:
        first, _and, second = text.rstrip(".").partition(" and ")
        page.fill(f"#id_lo-{index}-text_en", f"{first}.")
        write_outcome(page, page.locator("[id^=id_lo-][id$=-text_en]").count(), f"{second.capitalize()}.")
    else:
        pytest.fail(f"outcome {index + 1}: the designer cannot act on the note {note!r}")


def follow_the_estimator(page: Any) -> None:
    """Enter the learning activities; then take the hours and the ECTS credits the estimator
    shows."""
    table = page.locator("#findings table.assistant-credits:not(.assistant-matrix)")
    if page.input_value("#id_wa-0-hours") == "":
        for index, (kind, hours) in enumerate(COURSE["activities"]):
            if page.locator(f"#id_wa-{index}-kind").count() == 0:
                page.get_by_role("button", name="Add an activity").click()
            page.select_option(f"#id_wa-{index}-kind", kind)
            page.fill(f"#id_wa-{index}-hours", hours)
        return
    if table.count() == 0:
        return  # the estimator has not read the activities yet
    caption = table.locator("caption").inner_text()
    page.fill("#id_workload_hours", re.match(r"[\d.]+", caption)[0])  # type: ignore[index]
    ects = table.locator("tbody tr", has=page.locator("th", has_text=re.compile(r"^ECTS$")))
    page.fill("#id_workload_credits", ects.locator("td").first.inner_text().split()[0])
    page.select_option("#id_workload_credit_system", "ECTS")
