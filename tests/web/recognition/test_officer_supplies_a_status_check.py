"""ADR 0811 (issue 10, item 2): a credential whose status could not be checked at intake waits
for it (S1.STATUS_NOT_CHECKED); the officer supplies the status list credential it names, which
is verified as the offline verifier verifies it, and the recorded result lets S1 pass or refuse.
A forged, foreign, wrong, expired or malformed list is refused and nothing is recorded.
Real signatures, real lists (the ones this platform publishes), no mocks but the unreachable list."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microcred.crypto.proofs import add_proof
from microcred.standards.status_list import Bitstring, build_status_list_credential
from microcred_web.credentials import services as credential_services
from microcred_web.credentials import trust
from microcred_web.credentials.identity import institution_did
from microcred_web.credentials.signing import institution_signer
from microcred_web.recognition.decision import recognition_case_approve, recognition_case_decide
from microcred_web.recognition.models import LedgerEntry, RecognitionCase, Status
from microcred_web.recognition.replay_check import recognition_case_replay
from tests.web.recognition.conftest import client_for
from tests.web.recognition.test_opening_a_case_from_a_credential import open_case
from tests.web.recognition.test_revoked_and_unchecked_credentials import _proposed

pytestmark = pytest.mark.db


def unchecked_case(
    consortium: Any, officers: Any, learner: Any, issued: Any, monkeypatch: Any
) -> RecognitionCase:
    """A case opened while the credential's status list could not be reached, proposed: it waits
    for the status (PENDING_INFORMATION, S1.STATUS_NOT_CHECKED)."""

    def unreachable(url: str) -> Any:
        raise trust.StatusNotAvailable(f"{url} is not published by this platform")

    monkeypatch.setattr(trust, "local_status_list", unreachable)
    response = open_case(officers["neu"], consortium, learner, issued, issued.email_salt)
    assert response.status_code == 302, response.content.decode()[:2000]
    monkeypatch.undo()  # the platform's own lists are at hand again
    case = _proposed(officers["neu"], RecognitionCase.objects.get())
    assert case.proposal["outcome"] == "PENDING_INFORMATION"
    return case


def status_item(case: RecognitionCase) -> dict[str, Any]:
    item: dict[str, Any] = next(
        m for m in case.proposal["missing_information"] if m.get("code") == "S1.STATUS_NOT_CHECKED"
    )
    return item


def list_url(case: RecognitionCase) -> str:
    url: str = case.evidence[0]["document"]["credentialStatus"]["statusListCredential"]
    return url


def upload(listing: dict[str, Any] | bytes, name: str = "list.json") -> SimpleUploadedFile:
    data = listing if isinstance(listing, bytes) else json.dumps(listing).encode()
    return SimpleUploadedFile(name, data, content_type="application/json")


def supply(officer: Any, case: RecognitionCase, **data: Any) -> Any:
    data.setdefault("where", status_item(case)["where"])
    return client_for(officer).post(reverse("recognition:supply", args=[case.uuid]), data, follow=True)


def test_an_officer_uploads_the_list_showing_revoked_and_the_case_is_refused_on_authenticity(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any, monkeypatch: Any
) -> None:
    case = unchecked_case(consortium, officers, learner, issued_to_learner, monkeypatch)
    credential_services.credential_revoke(
        credential=issued_to_learner,
        reason="issued to the wrong learner",
        by=get_user_model().objects.get(username="muni-admin"),
    )
    page = client_for(officers["neu"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "Check the status" in page and 'name="status_list"' in page and 'name="check_platform"' in page
    listing = dict(trust.local_status_list(list_url(case)))
    response = supply(officers["neu"], case, status_list=upload(listing), status_list_json="")
    assert response.status_code == 200 and "The status check is recorded" in response.content.decode()
    event = case.events.get(action="INFORMATION_SUPPLIED")
    check = event.payload["value"]["checks"][0]
    assert check["result"] == "revoked" and check["code"] == "status.revoked"
    assert check["source"] == list_url(case) and check["checked_at"]
    assert check["checker"].startswith(f"user:{officers['neu'].pk} (recognition_officer)")
    assert event.actor == f"user:{officers['neu'].pk} (recognition_officer)"
    assert len(event.payload["status_lists"][0]) == 64  # the SHA-256 of the list checked
    # a note recorded afterwards on the same item does not take the status check back
    index = case.proposal["missing_information"].index(status_item(case))
    client_for(officers["neu"]).post(
        reverse("recognition:supply", args=[case.uuid]),
        {f"item{index}-where": status_item(case)["where"], f"item{index}-text": "MU confirmed it by e-mail."},
    )
    assert case.events.filter(action="INFORMATION_SUPPLIED").count() == 2
    client_for(officers["neu"]).post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    p = case.proposal
    assert p["outcome"] == "NOT_RECOGNISED" and p["refusal_grounds"] == ["AUTHENTICITY_FAILED"]
    assert p["gate"]["code"] == "REVOKED" and p["credits_awarded"] is None
    case = recognition_case_decide(case=case, by=officers["neu"], confirm=True)
    if case.pending_decision:
        case = recognition_case_approve(case=case, by=officers.second("neu"))
    assert case.final_outcome == "NOT_RECOGNISED" and not LedgerEntry.objects.filter(case=case).exists()
    assert recognition_case_replay(case=case, by=officers["neu"]).replayed_sha256


def test_a_pasted_list_showing_valid_lets_s1_pass_and_the_case_reach_a_decision(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any, monkeypatch: Any
) -> None:
    case = unchecked_case(consortium, officers, learner, issued_to_learner, monkeypatch)
    listing = dict(trust.local_status_list(list_url(case)))
    supply(officers["neu"], case, status_list_json=json.dumps(listing))
    check = case.events.get(action="INFORMATION_SUPPLIED").payload["value"]["checks"][0]
    assert check["result"] == "active" and check["source"] == list_url(case)
    page = client_for(officers["neu"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "not revoked, not suspended (" + list_url(case) in page
    client_for(officers["neu"]).post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    s1 = next(s for s in case.proposal["standards"] if s["standard"] == "S1")
    assert s1["result"] == "PASS" and case.status == Status.PROPOSED
    assert not any(m.get("code") == "S1.STATUS_NOT_CHECKED" for m in case.proposal["missing_information"])
    case = recognition_case_decide(case=case, by=officers["neu"], confirm=True)
    if case.pending_decision:
        case = recognition_case_approve(case=case, by=officers.second("neu"))
    assert case.status == Status.DECIDED and case.final_outcome == case.proposal["outcome"]


def test_check_now_against_this_platforms_list_records_the_status_without_an_upload(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any, monkeypatch: Any
) -> None:
    case = unchecked_case(consortium, officers, learner, issued_to_learner, monkeypatch)
    learner_response = supply(learner, case, check_platform="1")
    assert learner_response.status_code == 403  # only the host's officers record a status check
    response = supply(officers["neu"], case, check_platform="1")
    assert "The status check is recorded" in response.content.decode()
    event = case.events.get(action="INFORMATION_SUPPLIED")
    assert event.payload["status_lists"] == "platform"
    assert event.payload["value"]["checks"][0]["result"] == "active"
    client_for(officers["neu"]).post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert next(s for s in case.proposal["standards"] if s["standard"] == "S1")["result"] == "PASS"


def _signed_list(institution: Any, *, id: str, valid_until: datetime | None = None) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    unsigned = build_status_list_credential(
        id=id,
        issuer=institution_did(institution.slug),
        bitstring=Bitstring(),
        status_purpose="revocation",
        valid_from=now - timedelta(days=30),
        valid_until=valid_until,
    )
    signed: dict[str, Any] = add_proof(unsigned, institution_signer(institution))
    return signed


def test_a_forged_foreign_wrong_expired_or_malformed_list_is_refused_and_changes_nothing(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any, monkeypatch: Any
) -> None:
    case = unchecked_case(consortium, officers, learner, issued_to_learner, monkeypatch)
    url = list_url(case)
    genuine = dict(trust.local_status_list(url))
    tampered = json.loads(json.dumps(genuine))  # the credential's bit set after signing
    bits = Bitstring.decode(genuine["credentialSubject"]["encodedList"])
    bits.set(int(case.evidence[0]["document"]["credentialStatus"]["statusListIndex"]), 1)
    tampered["credentialSubject"]["encodedList"] = bits.encode()
    credential_services.institution_key_create(institution=consortium["neu"])
    # NEU signs, with its own key, a list that claims MU's URL (status.list_wrong_issuer)
    foreign = _signed_list(consortium["neu"], id=url)
    neu_list = credential_services.status_list_create(institution=consortium["neu"], purpose="revocation")
    neu_own = credential_services.status_list_current(neu_list)  # a genuine list with another id
    expired = _signed_list(consortium["muni"], id=url, valid_until=datetime.now(UTC) - timedelta(days=1))
    no_id = {k: v for k, v in genuine.items() if k != "id"}
    refusals = [
        (dict(status_list=upload(tampered)), "does not verify"),
        (dict(status_list=upload(foreign)), "issued by another institution"),
        (dict(status_list=upload(neu_own)), "not the status list the credential names"),
        (dict(status_list=upload(expired)), "cannot be used"),
        (dict(status_list=upload(no_id)), "it has no id"),
        (dict(status_list=upload(b"{not json")), "not a status list credential"),
        (dict(status_list_json="[1, 2, 3]"), "not a status list credential"),
        (dict(status_list=upload(b" " * (2 * 2**20 + 10))), "larger than 2 MB"),
        (dict(status_list_json=""), "Give the status list credential"),
        (dict(status_list_json=json.dumps(genuine), where="urn:uuid:nothing.status"), "misses no such item"),
    ]
    before = case.events.count()
    for data, said in refusals:
        response = supply(officers["neu"], case, **data)
        assert response.status_code == 200, (said, response.status_code)
        html = response.content.decode()
        assert said in html, (said, [line for line in html.splitlines() if "message" in line][:6])
    vi = client_for(officers["neu"]).post(
        reverse("recognition:supply", args=[case.uuid]),
        {"where": status_item(case)["where"], "status_list": upload(foreign)},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert "Danh sách trạng thái do một cơ sở khác" in vi.content.decode()  # said in her language
    assert case.events.count() == before and not case.events.filter(action="INFORMATION_SUPPLIED").exists()
