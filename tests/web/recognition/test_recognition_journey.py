"""The whole recognition journey over HTTP, as the people who do it (recognition.md §4-§6).

Masaryk University (MU, Brno) issues Lan a signed credential for "Econometrics in R"; Lan asks the
National Economics University (NEU, Hanoi) to exempt her from "Applied Econometrics". Each person
signs in with a password and uses the pages: Lan files the request, NEU's recognition officer sets
the target and works the outcome matrix, the proposal asks for the credential's level, Lan answers
on her page (in Vietnamese) with the credential MU re-issued with its level, the officer proposes
again and signs an override that a second officer countersigns (four eyes), Lan reads the notice
and its PDF, the officer issues the decision credential, an anonymous verifier checks it, Lan
appeals, NEU's appeal officer upholds it with a changed outcome, the old credential verifies as
revoked and the new one as valid, the precedents API lists the case without Lan's name or
e-mail, and the replay reproduces the decision bit for bit.

Only what the pages cannot do is set up through services: the institutions and accounts, MU's
register entry and its two credentials (MU's issuing is another journey).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from microcred.model.award import AssessmentResult, Learner
from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion
from microcred_web.catalogue.models import Status as SpecStatus
from microcred_web.credentials import services as credential_services
from microcred_web.recognition.models import RecognitionCase, Status
from tests.conftest import EXAMPLES
from tests.web.i18n.catalogues import ensure_compiled
from tests.web.recognition.conftest import PASSWORD, e1_target_form, make_user
from tests.web.recognition.test_case_columns_are_typed import assert_columns_round_trip

LAN_NAME = "Nguyễn Thị Lan"
LAN_EMAIL = "lan.nguyen@example.edu.vn"
OVERRIDE = (
    "The MU project report shows regression diagnostics (LO3) assessed in full; "
    "only LO4 and LO5 remain for the supplementary exam."
)
GROUNDS = "My MU project used panel data with fixed effects (LO4); the report is attached to my file."
UPHELD = "The project report shows LO4 assessed under supervision; LO5 is covered by the MU forecasting unit."


def signed_in(username: str, *, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    assert client.login(username=username, password=PASSWORD)
    return client


def text_of(response: Any) -> str:
    """What a person reads: the page without tags, entities resolved, spaces collapsed."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def follow(client: Client, url: str, data: dict[str, Any] | None = None) -> str:
    """Post a form and read the page it leads to (messages included)."""
    response = client.post(url, data or {}, follow=True)
    return text_of(response)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text with pdftotext when it is installed, else its document information
    (the notice writes the outcome and credits into its Subject)."""
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        return " ".join(out.stdout.decode().split())
    return data.decode("latin-1")


def mu_version(mc: MicroCredential, version: int, *, with_level: bool) -> MicroCredentialVersion:
    spec = json.loads((EXAMPLES / "specs" / "muni-econometrics-in-r.json").read_text("utf-8"))
    if not with_level:
        spec.pop("level")
    return MicroCredentialVersion.objects.create(
        micro_credential=mc,
        version=version,
        status=SpecStatus.PUBLISHED,
        spec=spec,
        title_en=spec["title"]["en"],
    )


def mu_issues(version: MicroCredentialVersion, by: Any) -> Any:
    return credential_services.credential_issue(
        version=version,
        learner=Learner(display_name=LAN_NAME, email=LAN_EMAIL),
        result=AssessmentResult(
            grade="B",
            grading_scheme="ECTS A-F",
            awarded_on=datetime(2026, 6, 30, 10, 0, tzinfo=UTC),
            credits_earned="5",
        ),
        by=by,
    )


def verify_anonymously(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An anonymous verifier: the public page and the VC-API."""
    anonymous = Client()
    page = text_of(anonymous.post("/verify/", {"credential": json.dumps(document)}))
    api = anonymous.post(
        "/vc-api/credentials/verify",
        json.dumps({"verifiableCredential": document}),
        content_type="application/json",
    )
    return page, api.json()


def test_a_learner_is_recognised_from_request_to_appeal_and_the_decision_replays(
    consortium: Any, tmp_path: Path
) -> None:
    ensure_compiled()  # Lan reads her page in Vietnamese
    muni, neu = consortium["muni"], consortium["neu"]
    # --- people and MU's credential (setup the pages do not cover)
    lan = make_user("lan", neu, Role.LEARNER, email=LAN_EMAIL, first_name="Lan", last_name="Nguyễn Thị")
    make_user("neu-officer", neu, Role.RECOGNITION_OFFICER)
    make_user("neu-officer-2", neu, Role.RECOGNITION_OFFICER)
    make_user("neu-appeals", neu, Role.RECOGNITION_OFFICER)
    mu_admin = make_user("mu-admin", muni, Role.INSTITUTION_ADMIN)
    credential_services.institution_key_create(institution=muni)
    credential_services.institution_key_create(institution=neu)
    mc = MicroCredential.objects.create(institution=muni, code="MUNI-ECON-R")
    first = mu_issues(mu_version(mc, 1, with_level=False), mu_admin)  # MU's first record had no level

    # --- 1. Lan files her request with the credential she holds
    lan_en = signed_in("lan")
    form = text_of(lan_en.get(reverse("recognition:request")))
    assert "Econometrics in R" in form  # her credential is offered
    page = follow(
        lan_en,
        reverse("recognition:request"),
        {
            "host": neu.pk,
            "purpose": "EXEMPTION",
            "target_title": "Applied Econometrics",
            "target_code": "NEU-ECON-3301",
            "credential": first.pk,
            "note": "I took this course during my exchange semester in Brno.",
        },
    )
    assert "Your request is filed." in page and "Requested" in page
    case = RecognitionCase.objects.get(applicant=lan)
    case_url = reverse("recognition:case", args=[case.uuid])
    my_url = reverse("recognition:my_case", args=[case.uuid])

    # --- 2. NEU's officer opens it, sets the target, reads the matrix, confirms and rejects pairs
    officer = signed_in("neu-officer")
    workspace = text_of(officer.get(reverse("recognition:workspace")))
    assert case.reference in workspace and "Econometrics in R" in workspace
    desk = text_of(officer.get(case_url))
    assert "The learner asked for: Applied Econometrics (NEU-ECON-3301)" in desk
    assert "signature" in desk.lower() and "passed" in desk
    desk = follow(officer, reverse("recognition:target", args=[case.uuid]), e1_target_form())
    assert "Outcome matrix" in desk and "likely" in desk and "possible" in desk

    def work_the_matrix() -> str:
        case.refresh_from_db()
        suggestions = case.lo_suggestions["suggestions"]
        best: dict[str, dict[str, Any]] = {}
        for s in suggestions:
            best.setdefault(s["target_lo"], s)
        for target_lo in ("LO1", "LO2", "LO3"):
            follow(
                officer,
                reverse("recognition:lo", args=[case.uuid]),
                {"action": "confirm", "target_lo": target_lo, "source": best[target_lo]["source"]},
            )
        wrong = next(s for s in suggestions if s["target_lo"] == "LO4" and s["source"].endswith("#LO1"))
        follow(
            officer,
            reverse("recognition:lo", args=[case.uuid]),
            {
                "action": "reject",
                "target_lo": "LO4",
                "source": wrong["source"],
                "note": "data import is not panel methods",
            },
        )
        return follow(officer, reverse("recognition:lo_sign_off", args=[case.uuid]))

    desk = work_the_matrix()
    assert "Signed off" in desk and "confirmed" in desk and "rejected" in desk

    # --- 3. the proposal lacks the credential's level: information is requested
    desk = follow(officer, reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_REQUESTED
    assert "Information requested" in desk and "Missing information" in desk
    assert "Standards and indicators" in desk and "S2 Completeness" in desk and "missing level" in desk
    assert "Asked of the applicant." in desk  # the item goes to whoever can supply it (ADR 0810)

    # --- 4. Lan sees it in Vietnamese and answers with the credential MU re-issued with its level
    lan_vi = signed_in("lan", language="vi")
    mine = text_of(lan_vi.get(my_url))
    assert "Đã yêu cầu bổ sung thông tin" in mine  # status: information requested
    assert "Gửi câu trả lời" in mine  # the answer form's button
    assert "Trình độ (ví dụ: bậc 6 theo EQF) của chứng chỉ “Econometrics in R”" in mine  # what is missing
    assert "urn:uuid:" not in mine  # no credential id she would not recognise
    reissued = mu_issues(mu_version(mc, 2, with_level=True), mu_admin)
    mine = follow(
        lan_vi,
        reverse("recognition:answer", args=[case.uuid]),
        {
            "reply_0": "MU lists the course at EQF level 6; here is the credential MU issued again with it.",
            "credential": reissued.pk,
        },
    )
    assert "Đang xem xét" in mine  # under review again
    assert (
        "Trình độ (ví dụ: bậc 6 theo EQF) của chứng chỉ của bạn: “MU lists the course" in mine
    )  # her answer
    case.refresh_from_db()
    assert (
        case.status == Status.UNDER_REVIEW and len(case.evidence) == 1
    )  # the re-issued one replaced the first

    # --- 5. the officer reads the answer, reviews the fresh matrix, proposes and signs an override
    desk = text_of(officer.get(case_url))
    assert "The learner answered the request for information" in desk and "EQF level 6" in desk
    assert "The credentials changed: the outcome matrix has fresh suggestions" in desk
    work_the_matrix()
    desk = follow(officer, reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.PROPOSED and case.proposal["outcome"] == "PARTIAL"
    assert (
        "Recognised in part · Exemption from a course · 1 VN-TC" in desk
        and "supplementary assessment on" in desk
        and "prova integrativa" not in desk
    )
    assert "S5 Level" in desk and "S7 Learning outcomes" in desk
    desk = follow(
        officer,
        reverse("recognition:decide", args=[case.uuid]),
        {"decision": "override", "outcome": "PARTIAL", "credits": "2", "justification": OVERRIDE},
    )
    assert "Four eyes: a second recognition officer must sign." in desk
    assert "You signed first; another officer must sign." in desk
    second = signed_in("neu-officer-2")
    desk = follow(second, reverse("recognition:approve", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert "Recognised in part" in desk and "2 VN-TC" in desk and "Override of the proposal" in desk
    assert "signed by neu-officer and neu-officer-2" in desk
    assert_columns_round_trip(case)  # matrix actions, answers, added credential: all read back exactly

    # --- 6. Lan reads the decision, the notice and the PDF
    mine = text_of(lan_en.get(my_url))
    assert "Recognised in part: 2 VN-TC" in mine
    notice = text_of(lan_en.get(reverse("recognition:notice", args=[case.uuid])))
    assert "Applied Econometrics" in notice and "Recognised in part" in notice and OVERRIDE in notice
    pdf = lan_en.get(reverse("recognition:notice_pdf", args=[case.uuid]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "Recognised in part" in pdf_text(pdf.content, tmp_path) and "2 VN-TC" in pdf_text(
        pdf.content, tmp_path
    )

    # --- 7. the officer issues the decision credential; an anonymous verifier checks it
    desk = follow(officer, reverse("recognition:issue", args=[case.uuid]))
    assert "The decision is issued as a signed credential." in desk
    download = lan_en.get(reverse("recognition:decision_credential", args=[case.uuid]))
    old = json.loads(download.content)
    assert old["credentialSubject"]["outcome"] == "PARTIAL" and old["credentialSubject"]["credits"] == "2"
    page, api = verify_anonymously(old)
    assert "This credential is genuine and valid." in page and api["verified"] is True

    # --- 8. Lan appeals; NEU's appeal officer (who signed nothing) upholds it with a full recognition
    mine = follow(lan_en, my_url, {"grounds": GROUNDS})
    assert "Your appeal is lodged." in mine and "The appeal body has not decided yet." in mine
    appeals = signed_in("neu-appeals")
    desk = text_of(appeals.get(case_url))
    assert GROUNDS in desk and "Decide the appeal" in desk
    desk = follow(
        appeals,
        reverse("recognition:appeal_decide", args=[case.uuid]),
        {"result": "upheld", "reasons": UPHELD, "outcome": "FULL", "credits": "3"},
    )
    assert "The appeal is decided." in desk and "Recognised in full" in desk and "3 VN-TC" in desk
    mine = text_of(lan_en.get(my_url))
    assert "Recognised in full: 3 VN-TC" in mine and UPHELD in mine
    assert "Revoked" in mine and "The institution will issue the new decision as a new credential." in mine

    # --- 9. the old credential verifies as revoked; the new one is issued and verifies valid
    page, api = verify_anonymously(old)
    assert "The issuer has revoked this credential." in page and api["verified"] is False
    follow(officer, reverse("recognition:issue", args=[case.uuid]))
    new = json.loads(lan_en.get(reverse("recognition:decision_credential", args=[case.uuid])).content)
    assert new["id"] != old["id"] and new["credentialSubject"]["outcome"] == "FULL"
    page, api = verify_anonymously(new)
    assert "This credential is genuine and valid." in page and api["verified"] is True
    mine = text_of(lan_en.get(my_url))
    assert "Valid Recognised in full" in mine and "Revoked Recognised in part" in mine

    # --- 10. the precedents register lists the case, anonymised
    precedents = Client().get("/api/recognition/precedents")
    assert precedents.status_code == 200
    body = json.dumps(precedents.json(), ensure_ascii=False)
    row = next(r for r in precedents.json()["results"] if r["reference"] == str(case.uuid))
    assert (row["outcome"], row["credits"], row["host_institution"]) == ("FULL", "3", "neu")
    assert row["source_institutions"] == ["muni"] and row["appealed"] is True
    for personal in (LAN_NAME, "Nguyễn", LAN_EMAIL, "lan.nguyen", f"learner-{lan.pk}", '"lan"'):
        assert personal not in body

    # --- 11. the replay reproduces the proposal bit for bit
    desk = follow(officer, reverse("recognition:replay", args=[case.uuid]))
    assert "Replay reproduced the proposed decision bit for bit" in desk
    case.refresh_from_db()
    assert case.events.last().action == "REPLAY_CHECKED" and case.events.last().payload["matches"] is True
