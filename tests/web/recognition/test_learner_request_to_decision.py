"""A learner files a request with a credential of this platform; an officer sets the target,
works through the outcome matrix, proposes and decides; the learner follows it and reads the
notice. Every step is an event; the learner sees only the events meant for them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from microcred_web.recognition.models import CaseEvent, RecognitionCase, Status
from tests.web.recognition.conftest import client_for, e1_target_form


def file_request(learner: Any, consortium: Any, issued: Any) -> RecognitionCase:
    response = client_for(learner).post(
        reverse("recognition:request"),
        {
            "host": consortium["neu"].pk,
            "purpose": "EXEMPTION",
            "target_title": "Applied Econometrics",
            "target_code": "NEU-ECON-3301",
            "credential": issued.pk,
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return RecognitionCase.objects.get(applicant=learner)


def test_a_learner_files_a_request_with_their_credential_and_it_is_verified_first(
    consortium: Any, learner: Any, issued_to_learner: Any
) -> None:
    case = file_request(learner, consortium, issued_to_learner)
    assert case.status == Status.REQUESTED
    assert case.host == consortium["neu"]
    assert case.notice_language == "vi"
    report = case.verification_reports[0]
    assert report["valid"] is True
    assert {c["check"]: c["state"] for c in report["checks"]}["holder"] == "passed"
    evidence = case.evidence[0]
    assert evidence["kind"] == "signed_credential"
    assert evidence["verification"][0]["outcome"] == "valid"
    assert evidence["claimed"]["learner"] == {"id": f"learner-{learner.pk}", "holder_matches": True}
    assert [e.action for e in case.events.all()] == ["REQUEST_FILED"]


def test_the_officer_works_the_matrix_and_decides_and_the_learner_reads_the_notice(
    consortium: Any, learner: Any, issued_to_learner: Any, officers: Any
) -> None:
    case = file_request(learner, consortium, issued_to_learner)
    officer = client_for(officers["neu"])
    page = reverse("recognition:case", args=[case.uuid])
    assert officer.post(reverse("recognition:target", args=[case.uuid]), e1_target_form()).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    suggestions = case.lo_suggestions["suggestions"]
    assert suggestions, "the lexical backend suggests pairs for E1's outcomes"

    credential_id = case.evidence[0]["claimed"]["credential_id"]
    best = {}
    for s in suggestions:
        best.setdefault(s["target_lo"], s)
    for target_lo in ("LO1", "LO2", "LO3"):
        officer.post(
            reverse("recognition:lo", args=[case.uuid]),
            {"action": "confirm", "target_lo": target_lo, "source": best[target_lo]["source"]},
        )
    wrong = next(s for s in suggestions if s["target_lo"] == "LO4" and s["source"].endswith("#LO1"))
    officer.post(
        reverse("recognition:lo", args=[case.uuid]),
        {
            "action": "reject",
            "target_lo": "LO4",
            "source": wrong["source"],
            "note": "data import is not panel methods",
        },
    )
    # "possible" pairs are proposed as PARTIAL coverage; the reviewer judges three of them full
    for target_lo, note in (
        ("LO1", "R covers the statistical software asked for"),
        ("LO3", "diagnosis and remedies are both taught"),
        ("LO4", "fixed effects cover the panel methods taught"),
    ):
        officer.post(
            reverse("recognition:lo_edit", args=[case.uuid]),
            {
                "target_lo": target_lo,
                "coverage": "FULL",
                "sources": f"{credential_id}#{target_lo}",
                "note": note,
            },
        )
    officer.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.PROPOSED, case.proposal and case.proposal["outcome"]
    rows = {r["target_lo"]: r for r in case.case_input["lo_matrix"]["rows"]}
    assert set(rows) == {"LO1", "LO2", "LO3", "LO4"}
    assert rows["LO4"]["action"] == "EDITED" and rows["LO2"]["action"] == "CONFIRMED"
    assert case.case_input["lo_matrix"]["complete"] is True
    s7 = next(s for s in case.proposal["standards"] if s["standard"] == "S7")
    assert s7["result"] in ("PASS", "PASS_WITH_NOTE")  # 4 of 5 target outcomes covered: 0.80 >= 0.75
    assert case.proposal["outcome"] == "FULL"

    officer.post(reverse("recognition:decide", args=[case.uuid]), {"decision": "confirm"})
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert case.final_outcome == "FULL" and str(case.final_credits) == "3.00"
    html = officer.get(page).content.decode()
    assert "Chain verified" in html

    actions = list(case.events.values_list("action", flat=True))
    assert actions[:2] == ["REQUEST_FILED", "TARGET_SET"]
    for action in (
        "LO_CONFIRMED",
        "LO_REJECTED",
        "LO_EDITED",
        "LO_SIGNED_OFF",
        "CASE_INPUTS",
        "DECISION_PROPOSED",
    ):
        assert action in actions
    assert actions[-1] == "DECISION_FINAL"

    mine = client_for(learner)
    html = mine.get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    assert "Read the decision notice" in html or "decision notice" in html.lower()
    assert "DECISION_PROPOSED" not in html and "CASE_INPUTS" not in html
    visible = set(
        CaseEvent.objects.filter(case=case, visible_to_learner=True).values_list("action", flat=True)
    )
    assert visible == {"REQUEST_FILED", "DECISION_FINAL"}
    notice = mine.get(reverse("recognition:notice", args=[case.uuid]))
    assert notice.status_code == 200
    assert "Applied Econometrics" in notice.content.decode()
    pdf = mine.get(reverse("recognition:notice_pdf", args=[case.uuid]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_learner_cannot_file_with_someone_elses_credential(
    consortium: Any, other_learner: Any, issued_to_learner: Any
) -> None:
    response = client_for(other_learner).post(
        reverse("recognition:request"),
        {
            "host": consortium["neu"].pk,
            "purpose": "EXEMPTION",
            "target_title": "X",
            "credential": issued_to_learner.pk,
        },
    )
    assert response.status_code == 200  # the form again: the credential is not among theirs
    assert not RecognitionCase.objects.exists()


def test_a_learner_sees_only_their_own_cases(
    consortium: Any, learner: Any, other_learner: Any, issued_to_learner: Any
) -> None:
    case = file_request(learner, consortium, issued_to_learner)
    other = client_for(other_learner)
    assert str(case.uuid) not in other.get(reverse("recognition:my_cases")).content.decode()
    assert other.get(reverse("recognition:my_case", args=[case.uuid])).status_code == 403
    assert other.get(reverse("recognition:case", args=[case.uuid])).status_code == 403
    mine = client_for(learner).get(reverse("recognition:my_cases")).content.decode()
    assert "Applied Econometrics" in mine
    # the learner cannot open the officer's workspace page of their own case either
    assert client_for(learner).get(reverse("recognition:case", args=[case.uuid])).status_code == 403
