"""The studio's design assistant (issue 16): the live panel reads outcomes, level and workload
in English, Vietnamese and Lao; findings name fields, not paths; recognition's needs are said
where Annex I calls an element optional; the breakdown of the hours is kept on the
specification; an author can withdraw a submission; review comments reach the home page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from microcred.model import parse_spec
from microcred_web.catalogue import services
from microcred_web.catalogue.finding_messages import finding_message
from microcred_web.catalogue.models import Status, WorkflowEvent
from microcred_web.institutions.models import Institution
from microcred_web.register.display import ELEMENT_LABELS
from tests.web.accounts.factories import conformant_spec, editor_post_data, make_version
from tests.web.csp_checks import header_problems, page_problems
from tests.web.qa.helpers import checklist_answered

CHECK = reverse("catalogue:check") + "?institution=muni"


def _client(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _spec(**changes: Any) -> dict[str, Any]:
    spec = conformant_spec()
    spec.update(changes)
    return spec


def _check(
    client: Client, muni: Institution, spec: dict[str, Any], language: str = "en", **extra: Any
) -> str:
    data = {**editor_post_data(muni, spec), **extra}
    response = client.post(CHECK, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


# Realistic outcomes of a bachelor-level (EQF 6) course, in each language, written the way new
# designers write them: one describes a state, one bundles two outcomes, one is good.
OUTCOMES = {
    "en": [
        "Understand the principles of credit risk management.",
        "Analyse a loan portfolio and design a provisioning policy.",
        "Evaluate the capital adequacy of a commercial bank.",
    ],
    "vi": [
        "Hiểu các nguyên tắc quản trị rủi ro tín dụng.",
        "Phân tích danh mục cho vay và xây dựng chính sách dự phòng.",
        "Đánh giá mức đủ vốn của một ngân hàng thương mại.",
    ],
    "lo": [
        "ເຂົ້າໃຈຫຼັກການຄຸ້ມຄອງຄວາມສ່ຽງດ້ານສິນເຊື່ອ",
        "ວິເຄາະຫຼັກຊັບເງິນກູ້ ແລະ ອອກແບບນະໂຍບາຍການສຳຮອງ",
        "ປະເມີນຄວາມພຽງພໍຂອງທຶນຂອງທະນາຄານການຄ້າ",
    ],
}
WORDS = {
    "en": (
        "Design assistant",
        "describes a state nobody can observe",
        "bundles several",
        "Bloom level: evaluate",
    ),
    "vi": (
        "Trợ lý thiết kế",
        "mô tả một trạng thái không ai quan sát được",
        "gộp nhiều chuẩn",
        "Mức Bloom: đánh giá",
    ),
    "lo": ("ຜູ້ຊ່ວຍອອກແບບ", "ອະທິບາຍສະພາບທີ່ບໍ່ມີໃຜສັງເກດເຫັນໄດ້", "ລວມຫຼາຍອັນ", "ລະດັບ Bloom: ປະເມີນ"),
}
ENGLISH = (
    "Design assistant",
    "nobody can observe",
    "bundles several",
    "Bloom level",
    "notional hours in each",
)


@pytest.mark.parametrize("language", ["en", "vi", "lo"])
def test_the_live_panel_reads_outcomes_in_the_designers_language(
    muni: Institution, staff: dict[str, Any], language: str
) -> None:
    outcomes = [{"id": f"LO{i + 1}", "text": {language: t}} for i, t in enumerate(OUTCOMES[language])]
    spec = _spec(learning_outcomes=outcomes)
    page = _check(_client(staff["designer"], language), muni, spec, language)
    for words in WORDS[language]:
        assert words in page, words
    # the level fits EQF 6 (the highest outcome evaluates) and the figures come with their rule
    assert "2017/C 189/03" in page
    assert "VN-TC" in page and "LA-CR" in page and "IT-CFU" in page
    if language != "en":
        for words in ENGLISH:
            assert words not in page, words


def test_a_set_pitched_below_its_level_is_warned_with_stronger_verbs(
    muni: Institution, staff: dict[str, Any]
) -> None:
    outcomes = [
        {"id": "LO1", "text": {"en": "List the types of bank deposits."}},
        {"id": "LO2", "text": {"en": "Describe the role of the central bank."}},
    ]
    page = _check(_client(staff["designer"]), muni, _spec(learning_outcomes=outcomes))
    assert "The set is pitched below the level" in page and "“analyse”" in page


def test_activities_are_totalled_and_credits_that_disagree_are_warned(
    muni: Institution, staff: dict[str, Any]
) -> None:
    spec = _spec(workload={"hours": "100", "credits": "8", "credit_system": "ECTS"})
    extra = {
        "wa-TOTAL_FORMS": "3",
        "wa-INITIAL_FORMS": "0",
        "wa-0-kind": "lecture",
        "wa-0-per_week": "2",
        "wa-0-weeks": "13",
        "wa-1-kind": "self_study",
        "wa-1-hours": "72",
        "wa-2-kind": "exam",
        "wa-2-hours": "2",
    }
    page = _check(_client(staff["designer"]), muni, spec, **extra)
    assert "100 notional hours in each credit system" in page
    assert "100 hours give 3.33–4 ECTS credits, but 8 are stated" in page


def test_the_breakdown_is_kept_on_the_specification_and_survives_an_older_client(
    muni: Institution, staff: dict[str, Any]
) -> None:
    version = make_version(muni, by=staff["designer"])
    client = _client(staff["designer"])
    data = {
        **editor_post_data(muni, version.spec),
        "wa-TOTAL_FORMS": "2",
        "wa-INITIAL_FORMS": "0",
        "wa-0-kind": "lab",
        "wa-0-per_week": "3",
        "wa-0-weeks": "8",
        "wa-1-kind": "project",
        "wa-1-hours": "101",
    }
    response = client.post(reverse("catalogue:edit", kwargs={"uuid": version.uuid}), data)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.spec["workload"]["activities"] == [
        {"kind": "lab", "per_week": "3", "weeks": 8},
        {"kind": "project", "hours": "101"},
    ]
    parse_spec(version.spec)  # still a valid exchange document
    # a post without the activity rows (an older form) keeps the stored breakdown
    legacy = {k: v for k, v in editor_post_data(muni, version.spec).items() if not k.startswith("wa-")}
    client.post(reverse("catalogue:edit", kwargs={"uuid": version.uuid}), legacy)
    version.refresh_from_db()
    assert len(version.spec["workload"]["activities"]) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("wa-0-hours", "-5"), ("wa-0-hours", "1e400"), ("wa-0-weeks", "nine"), ("wa-0-kind", "party")],
)
def test_a_forged_activity_row_is_refused_with_its_label_and_nothing_saved(
    muni: Institution, staff: dict[str, Any], field: str, value: str
) -> None:
    version = make_version(muni, by=staff["designer"])
    before = dict(version.spec)
    data = {
        **editor_post_data(muni, version.spec),
        "wa-TOTAL_FORMS": "1",
        "wa-INITIAL_FORMS": "0",
        "wa-0-kind": "lecture",
        "wa-0-hours": "10",
    }
    data[field] = value
    response = _client(staff["designer"]).post(reverse("catalogue:edit", kwargs={"uuid": version.uuid}), data)
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    version.refresh_from_db()
    assert version.spec == before


def test_too_many_activity_rows_are_refused(muni: Institution, staff: dict[str, Any]) -> None:
    data = {**editor_post_data(muni, conformant_spec()), "wa-TOTAL_FORMS": "5000", "wa-INITIAL_FORMS": "0"}
    response = _client(staff["designer"]).post(CHECK, data)
    assert response.status_code in (200, 400)  # never a 500; the rows are not read


def test_findings_name_the_field_not_the_path(muni: Institution, staff: dict[str, Any]) -> None:
    spec = _spec(workload={"hours": "10", "credits": "5", "credit_system": "ECTS"})
    page = _check(_client(staff["designer"]), muni, spec)
    assert "workload.hours" not in page and "<code>workload" not in page
    assert "(Notional learning hours)" in page or "(Credits)" in page


def test_recognition_needs_are_said_where_annex_i_calls_an_element_optional(
    muni: Institution, staff: dict[str, Any]
) -> None:
    spec = _spec()
    del spec["supervision"]
    spec["quality_assurance"] = {"type": "institutional_qa", "internal_qa": True}
    page = _check(_client(staff["designer"]), muni, spec)
    assert "What recognition at a partner will look for" in page
    assert "a partner recognising this micro-credential will ask for it" in page
    assert "No external QA body" in page
    assert "the specification meets Annex I" not in page
    assert 'href="/studio/guide/#recognition"' in page
    # the complete specification needs no such note
    assert "What recognition at a partner" not in _check(_client(staff["designer"]), muni, _spec())


def test_an_author_withdraws_a_submitted_version_and_edits_it_again(
    muni: Institution, staff: dict[str, Any]
) -> None:
    designer = staff["designer"]
    version = make_version(muni, status=Status.SUBMITTED, by=designer)
    client = _client(designer)
    page = client.get(reverse("catalogue:version", kwargs={"uuid": version.uuid})).content.decode()
    assert "Withdraw the submission" in page
    response = client.post(reverse("catalogue:action", kwargs={"uuid": version.uuid}), {"action": "withdraw"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == Status.DRAFT
    event = WorkflowEvent.objects.filter(version=version).latest("pk")
    assert (event.from_status, event.to_status) == (Status.SUBMITTED, Status.DRAFT)
    # once the review has started, the version can no longer be withdrawn
    reviewing = make_version(muni, code="MUNI-2", status=Status.IN_REVIEW, by=designer)
    client.post(reverse("catalogue:action", kwargs={"uuid": reviewing.uuid}), {"action": "withdraw"})
    reviewing.refresh_from_db()
    assert reviewing.status == Status.IN_REVIEW


def test_a_reviewers_comment_reaches_the_designers_home(muni: Institution, staff: dict[str, Any]) -> None:
    designer, qa = staff["designer"], staff["qa"]
    version = services.micro_credential_create(
        institution=muni, code="MUNI-FIN", spec=parse_spec(conformant_spec()), by=designer
    )
    services.version_submit(version=version, by=designer)
    services.version_comment(version=version, by=qa, body="LO3 bundles two outcomes; please split it.")
    home = _client(designer).get(reverse("accounts:home")).content.decode()
    assert "MUNI-FIN version 1: new comments from the review" in home
    assert reverse("catalogue:version", kwargs={"uuid": version.uuid}) in home
    # the designer's own comments are not a task
    services.version_comment(version=version, by=designer, body="Noted.")
    assert _client(qa).get(reverse("accounts:home")).status_code == 200


@pytest.mark.parametrize("language", ["en", "vi", "lo"])
def test_the_guide_and_the_editor_read_in_every_language_under_the_csp(
    muni: Institution, staff: dict[str, Any], language: str
) -> None:
    client = _client(staff["designer"], language)
    for path in (reverse("catalogue:guide"), reverse("catalogue:create")):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        _header, nonce = header_problems(response)
        html = response.content.decode()
        assert not page_problems(html, nonce), path
        assert 'id="recognition"' in html or 'href="/studio/guide/#workload"' in html
        if language != "en":
            assert "Designing a micro-credential" not in html and "Guide: how to fill this in" not in html


@pytest.mark.parametrize("language", ["en", "vi", "lo"])
def test_the_assessment_matrix_is_drawn_and_an_unassessed_outcome_named(
    muni: Institution, staff: dict[str, Any], language: str
) -> None:
    spec = _spec()
    for lo in spec["learning_outcomes"][:4]:
        lo["assessed_by"] = ["written_examination"]
    page = _check(_client(staff["designer"], language), muni, spec, language)
    never = {"en": "LO5 is never assessed", "vi": "LO5 không được đánh giá", "lo": "LO5 ບໍ່ເຄີຍຖືກປະເມີນ"}
    assert never[language] in page
    assert page.count("✓") == 4
    assert 'name="lo-0-assessed_by"' not in page  # the panel shows, the editor edits


def test_the_studio_shows_each_institutions_progress_for_trainers(
    muni: Institution, staff: dict[str, Any]
) -> None:
    designer, qa = staff["designer"], staff["qa"]
    first = services.micro_credential_create(
        institution=muni, code="MUNI-A", spec=parse_spec(conformant_spec()), by=designer
    )
    services.version_submit(version=first, by=designer)
    services.version_start_review(version=first, by=qa)
    checklist_answered(first, qa)
    services.version_approve(version=first, by=qa)
    second = services.micro_credential_create(
        institution=muni, code="MUNI-B", spec=parse_spec(conformant_spec()), by=designer
    )
    services.version_submit(version=second, by=designer)
    services.version_start_review(version=second, by=qa)
    services.version_request_changes(version=second, by=qa, note="Split LO2.")
    services.version_submit(version=second, by=designer)
    services.version_start_review(version=second, by=qa)
    checklist_answered(second, qa)
    services.version_approve(version=second, by=qa)
    spec = _spec()
    spec["learning_outcomes"][0]["text"]["en"] = "Understand econometrics."
    make_version(muni, code="MUNI-C", spec=spec, by=designer)
    page = _client(designer, "vi").get(reverse("catalogue:index"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tiến độ thiết kế" in page
    assert "1 trong 2 bản được duyệt" in page  # MUNI-A first time, MUNI-B after changes
    # the findings are worded through the findings panel's table, never shown as bare codes
    assert "LO-VERB-NOT-OBSERVABLE" not in page
    with translation.override("vi"):
        worded = finding_message("LO-VERB-NOT-OBSERVABLE", {"outcome": "LO1", "verb": "understand"})
    assert escape(worded) in page
    assert "trong 1 bản thiết kế" in page


def test_the_progress_column_words_the_most_frequent_findings_in_lao(
    muni: Institution, staff: dict[str, Any]
) -> None:
    designer = staff["designer"]
    for code in ("MUNI-D", "MUNI-E"):
        spec = _spec()
        del spec["assessment"]
        make_version(muni, code=code, spec=spec, by=designer)
    with translation.override("en"):  # the request activates Lao; leave the thread as it was
        page = (
            _client(designer, "lo")
            .get(reverse("catalogue:index"), HTTP_ACCEPT_LANGUAGE="lo")
            .content.decode()
        )
    with translation.override("lo"):
        worded = finding_message("EU-MISSING", {"element": "M9", "detail": "missing.assessment_types"})
        label = str(ELEMENT_LABELS["M9"])
    assert f"M9 · {escape(label)}:</strong> {escape(worded)}" in page
    assert "ໃນ 2 ການອອກແບບ" in page  # counted once per design, both designs
    assert "EU-MISSING" not in page and "missing.assessment_types" not in page
