"""Every verification adds one to the day's count (the QA plan's "verification counts"); the
count holds a number per day and nothing else."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from microcred_web.qa.models import VerificationDay

pytestmark = pytest.mark.django_db


def test_each_verification_request_counts_once_today_even_a_forged_one() -> None:
    client = Client()
    body = json.dumps(
        {"verifiableCredential": {"@context": [], "type": ["VerifiableCredential"], "proof": {}}}
    )
    for _ in range(3):
        client.post("/vc-api/credentials/verify", body, content_type="application/json")
    day = VerificationDay.objects.get()
    assert (day.day, day.count) == (timezone.localdate(), 3)
    assert [f.name for f in VerificationDay._meta.get_fields()] == ["id", "day", "count"]
