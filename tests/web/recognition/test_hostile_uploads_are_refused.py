"""Recognition intake reads uploaded credentials and case files within the core's limits on
untrusted input: deep nesting or a lone surrogate is a named refusal, nothing is stored, no 500."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from microcred_web.recognition.models import RecognitionCase
from tests.hostile_input import deep
from tests.web.recognition.conftest import client_for

HOSTILE = [
    ("deep", deep(100_000).encode(), "input.too_deep"),
    ("surrogate", b'{"type": ["VerifiableCredential"], "name": "\\udc00"}', "input.lone_surrogate"),
]


def named(content: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


@pytest.mark.parametrize(("kind", "content", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_credential_file_does_not_open_a_case(
    consortium: Any, officers: Any, learner: Any, kind: str, content: bytes, code: str
) -> None:
    response = client_for(officers["neu"]).post(
        reverse("recognition:open"),
        {
            "host": consortium["neu"].pk,
            "applicant": learner.username,
            "purpose": "EXEMPTION",
            "credential_file": named(content, "credential.json"),
            "proof_code": "0" * 32,
        },
    )
    assert response.status_code < 500
    assert code in response.content.decode()
    assert not RecognitionCase.objects.exists()


@pytest.mark.parametrize(("kind", "content", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_case_file_is_refused_on_import(
    consortium: Any, officers: Any, kind: str, content: bytes, code: str
) -> None:
    response = client_for(officers["neu"]).post(
        reverse("recognition:import"),
        {"host": consortium["neu"].pk, "case_file": named(content, "case.json")},
    )
    assert response.status_code < 500
    assert code in response.content.decode()
    assert not RecognitionCase.objects.exists()
