"""Fixtures of the notification tests: the pilot's NEU cohort (offering taught in Vietnamese)
with its results imported and a signing key, and helpers to read the mails sent."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from microcred_web.credentials import services as credential_services
from microcred_web.institutions.models import Institution
from microcred_web.pilot import services as pilot_services
from microcred_web.pilot.models import Offering
from tests.web.pilot.conftest import (  # noqa: F401 - fixtures
    PILOT,
    _keys_in_memory,
    client_of,
    make_user,
    neu,
    neu_offering,
    neu_registrar,
    neu_version,
    nuol,
    nuol_registrar,
    nuol_version,
)

CLAIM_URL = re.compile(r"https://micro4asia\.example\.org(/claim/[A-Za-z0-9_-]+/)")


@pytest.fixture
def neu_results(neu_offering: Offering, neu_registrar: Any, neu: Institution) -> Offering:  # noqa: F811
    """The NEU cohort with results: NEU27001 and NEU27002 are ready for the credential."""
    preview = pilot_services.results_preview(
        offering=neu_offering, by=neu_registrar, data=(PILOT / "results-neu.csv").read_bytes()
    )
    pilot_services.results_commit(result_import=preview.result_import, by=neu_registrar)
    credential_services.institution_key_create(institution=neu)
    return neu_offering


def mails_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


def claim_path(message: Any) -> str:
    """The claim link's path in a mail's text (and the same link in its HTML part)."""
    found = CLAIM_URL.search(message.body)
    assert found, message.body
    html = message.alternatives[0][0]
    assert found.group(0) in html
    return found.group(1)


@pytest.fixture
def issued(neu_results: Offering, neu_registrar: Any, django_capture_on_commit_callbacks: Any) -> Offering:  # noqa: F811
    """The registrar has issued the ready learners (NEU27001, NEU27002) in one bulk run; the
    claim e-mails are sent (the test settings run the tasks at once)."""
    with django_capture_on_commit_callbacks(execute=True):  # the batch, then each claim e-mail
        response = client_of(neu_registrar).post(f"/pilot/offerings/{neu_results.pk}/issue/")
    assert response.status_code == 302
    return neu_results
