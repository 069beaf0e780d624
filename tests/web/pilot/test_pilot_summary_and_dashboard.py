"""The pilot's figures (issue 11 item 5, "Interfaces"): `GET /api/pilot/summary` and the public
dashboard count enrolled, completed and credentialed learners per offering, institution, country
and in total against the target, and name nobody."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from microcred_web.credentials import services as credential_services
from microcred_web.institutions.models import Institution
from microcred_web.pilot import services
from microcred_web.pilot.models import Offering
from tests.web.pilot.conftest import PILOT, client_of

pytestmark = pytest.mark.django_db


def test_the_summary_counts_each_offering_institution_country_and_the_total_against_500(
    neu_offering: Offering,
    nuol_offering: Offering,
    neu_registrar: Any,
    neu: Institution,
    django_capture_on_commit_callbacks: Any,
) -> None:
    preview = services.results_preview(
        offering=neu_offering, by=neu_registrar, data=(PILOT / "results-neu.csv").read_bytes()
    )
    services.results_commit(result_import=preview.result_import, by=neu_registrar)
    credential_services.institution_key_create(institution=neu)
    with django_capture_on_commit_callbacks(execute=True):
        client_of(neu_registrar).post(f"/pilot/offerings/{neu_offering.pk}/issue/")

    answer = Client().get("/api/pilot/summary")

    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/json")
    summary = answer.json()
    # results-neu.csv: five learners, four assessed (one has no result), two ready and issued
    neu_figures = {"enrolled": 5, "completed": 4, "credentialed": 2}
    assert summary["target"] == 500
    assert summary["total"] == neu_figures
    assert summary["countries"] == [
        {"country": "LA", "enrolled": 0, "completed": 0, "credentialed": 0},
        {"country": "VN", **neu_figures},
    ]
    assert [(i["institution"], i["enrolled"]) for i in summary["institutions"]] == [("nuol", 0), ("neu", 5)]
    by_offering = {o["id"]: o for o in summary["offerings"]}
    assert {k: by_offering[neu_offering.pk][k] for k in neu_figures} == neu_figures
    assert "Nguyễn" not in answer.content.decode() and "@" not in answer.content.decode()


def test_the_dashboard_is_public_and_reads_in_vietnamese_and_lao(neu_offering: Offering) -> None:
    page = Client().get("/pilot/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "0 learners enrolled of the 500 the pilot aims for." in html
    assert 'max="500"' in html
    assert (
        "Bảng điều khiển thí điểm"
        in Client().get("/pilot/dashboard/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    )
    assert "ແຜງຄວບຄຸມການທົດລອງ" in Client().get("/pilot/dashboard/", HTTP_ACCEPT_LANGUAGE="lo").content.decode()


def test_the_public_figures_are_metered_per_client(settings: Any) -> None:
    from django.core.cache import cache

    settings.MICROCRED_RATE_LIMITS = {**settings.MICROCRED_RATE_LIMITS, "pilot_figures": "2/m"}
    cache.clear()
    client = Client()
    answers = [
        client.get(url, REMOTE_ADDR="203.0.113.9").status_code
        for url in ("/api/pilot/summary", "/pilot/dashboard/")
    ]
    refused = client.get("/api/pilot/summary", REMOTE_ADDR="203.0.113.9")
    assert answers == [200, 200]
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert Client().get("/pilot/dashboard/", REMOTE_ADDR="198.51.100.9").status_code == 200
    cache.clear()
