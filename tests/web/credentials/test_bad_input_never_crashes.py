"""Nothing anyone sends to the verifier page or the VC-API gives a 500: the 15 crashes found on
main (deep nesting on every VC-API POST and on /verify/, a lone surrogate on /verify/, a five-digit
year on issue) as regressions, and a hypothesis fuzz test of /verify/ and every VC-API endpoint."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.untrusted_input import MAX_CREDENTIALS, MAX_DEPTH, MAX_PROOFS
from tests.hostile_input import SIGNED, deep, hostile
from tests.web.credentials.test_vc_api import unsigned

pytestmark = pytest.mark.django_db

POSTS = (
    "/vc-api/credentials/issue",
    "/vc-api/credentials/verify",
    "/vc-api/presentations/verify",
    "/vc-api/credentials/status",
    "/vc-api/status-lists",
)
DEEP = deep(100_000).encode()


def send(client: Client, path: str, body: bytes) -> Any:
    return client.generic("POST", path, body, content_type="application/json")


def problem_of(response: Any) -> str:
    """The problem details of a 4xx answer as one text (they must be there and be JSON)."""
    assert 400 <= response.status_code < 500, response.content[:300]
    problems = response.json()["problemDetails"]
    assert problems and all({"type", "title", "detail"} <= set(p) for p in problems)
    return " ".join(p["detail"] for p in problems)


def verify_page(text: str | None = None, *, upload: bytes | None = None) -> Any:
    data: dict[str, Any] = {"credential": text or ""}
    if upload is not None:
        data["file"] = SimpleUploadedFile("credential.json", upload, content_type="application/json")
    return Client().post("/verify/", data)


@pytest.mark.parametrize("path", POSTS)
def test_deep_nesting_is_a_400_naming_the_limit_on_every_vc_api_post(api: Client, path: str) -> None:
    detail = problem_of(send(api, path, DEEP))
    assert "input.too_deep" in detail
    assert str(MAX_DEPTH) in detail


@pytest.mark.parametrize("path", POSTS)
def test_deep_nesting_inside_a_valid_looking_body_is_a_400_too(api: Client, path: str) -> None:
    member = {"credential": unsigned(), "verifiableCredential": SIGNED}
    body = json.dumps({**member, "options": json.loads(deep(MAX_DEPTH + 5))}).encode()
    assert "input.too_deep" in problem_of(send(api, path, body))


@pytest.mark.parametrize("as_upload", [False, True], ids=["pasted", "uploaded"])
def test_deep_nesting_on_the_verifier_page_is_a_400_with_the_limit_named(db: None, as_upload: bool) -> None:
    response = verify_page(upload=DEEP) if as_upload else verify_page(DEEP.decode())
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not a credential we can read." in html
    assert "input.too_deep" in html


def test_a_lone_surrogate_on_the_verifier_page_is_a_400_that_says_so(db: None) -> None:
    escaped = json.dumps({**SIGNED, "name": "Econometrics \ud800"})
    assert "\\ud800" in escaped
    for response in (verify_page(escaped), verify_page(upload=escaped.encode())):
        assert response.status_code == 400
        assert "input.lone_surrogate" in response.content.decode()
    raw = json.dumps({**SIGNED, "name": "\ud800"}, ensure_ascii=False).encode("utf-8", "surrogatepass")
    response = verify_page(upload=raw)
    assert response.status_code == 400
    assert "input.not_utf8" in response.content.decode()  # read by the core, as any uploaded file


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [("vi", "JSON lồng nhau sâu hơn giới hạn 32 cấp"), ("lo", "JSON ຊ້ອນກັນເລິກກວ່າຂີດຈຳກັດ 32 ຊັ້ນ")],
)
def test_the_verifier_page_names_the_limit_in_the_interface_language(
    db: None, lang: str, sentence: str
) -> None:
    response = Client().post("/verify/", {"credential": DEEP.decode()}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400
    assert sentence in response.content.decode()


@pytest.mark.parametrize("member", ["validFrom", "validUntil"])
def test_a_five_digit_year_on_issue_is_a_400_naming_the_member(api: Client, member: str) -> None:
    dates = {"validFrom": "2026-01-01T00:00:00Z", member: "10000-01-01T00:00:00Z"}
    body = json.dumps({"credential": unsigned(**dates)}).encode()
    detail = problem_of(send(api, "/vc-api/credentials/issue", body))
    assert f"$.{member}" in detail


def test_a_five_digit_year_on_verify_is_a_format_failure(api: Client) -> None:
    body = json.dumps({"verifiableCredential": {**SIGNED, "validFrom": "10000-01-01T00:00:00Z"}}).encode()
    assert "validFrom" in problem_of(send(api, "/vc-api/credentials/verify", body))


def test_too_many_credentials_in_a_presentation_are_refused_before_any_is_verified(api: Client) -> None:
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [SIGNED] * (MAX_CREDENTIALS + 1),
    }
    body = json.dumps({"verifiablePresentation": presentation}).encode()
    detail = problem_of(send(api, "/vc-api/presentations/verify", body))
    assert "input.too_many_credentials" in detail
    assert "verifiablePresentation.verifiableCredential" in detail


def test_too_many_proofs_on_a_credential_are_refused(api: Client) -> None:
    credential = {**SIGNED, "proof": [SIGNED["proof"]] * (MAX_PROOFS + 1)}
    body = json.dumps({"verifiableCredential": credential}).encode()
    assert "input.too_many_proofs" in problem_of(send(api, "/vc-api/credentials/verify", body))
    assert verify_page(json.dumps(credential)).status_code == 400


def wrap(path: str, hostile_bytes: bytes, how: str) -> bytes:
    """The hostile document as the whole body, or where the endpoint reads a credential."""
    if how == "body":
        return hostile_bytes
    text = hostile_bytes.decode("utf-8", "surrogatepass") if how == "raw" else hostile_bytes.decode("latin-1")
    inner = {
        "/vc-api/credentials/issue": '{"credential": %s}',
        "/vc-api/credentials/verify": '{"verifiableCredential": %s}',
        "/vc-api/presentations/verify": '{"verifiablePresentation": {"@context": '
        '["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], '
        '"verifiableCredential": [%s]}}',
        "/vc-api/credentials/status": '{"credentialId": "urn:uuid:x", "credentialStatus": %s}',
        "/vc-api/status-lists": '{"statusPurpose": %s}',
    }[path]
    return (inner % text).encode("utf-8", "surrogatepass")


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(content=hostile, how=st.sampled_from(["body", "raw", "latin-1"]))
def test_no_hostile_body_gives_a_500_on_any_vc_api_endpoint(api: Client, content: bytes, how: str) -> None:
    for path in POSTS:
        try:
            body = wrap(path, content, how)
        except UnicodeDecodeError:
            body = content
        response = send(api, path, body)  # a 500 raises here: the test client re-raises
        assert response.status_code < 500
        if response.status_code >= 400:
            problem_of(response)
    listed = Client().get("/vc-api/status-lists/muni/" + (content[:40].hex() or "00"))
    assert listed.status_code == 404
    assert "muni/" in problem_of(listed)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(content=hostile)
def test_no_hostile_text_or_file_gives_a_500_on_the_verifier_page(db: None, content: bytes) -> None:
    pasted = verify_page(content.decode("utf-8", "replace"))
    uploaded = verify_page(upload=content)
    for response in (pasted, uploaded):
        assert response.status_code in (200, 400)
        assert "Traceback" not in response.content.decode()
