"""The pilot in the administration site is read-only and shows an institution administrator only
their own institution's offerings, learners and imports (ADR 0330)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred_web.accounts.models import Role
from microcred_web.institutions.models import Institution
from microcred_web.pilot import services
from microcred_web.pilot.models import Offering
from tests.web.pilot.conftest import PILOT, client_of, make_user

pytestmark = pytest.mark.django_db


def test_an_administrator_reads_their_own_cohort_only_and_changes_nothing_there(
    neu_offering: Offering, nuol_offering: Offering, neu_registrar: Any, neu: Institution
) -> None:
    preview = services.results_preview(
        offering=neu_offering, by=neu_registrar, data=(PILOT / "results-neu.csv").read_bytes()
    )
    services.results_commit(result_import=preview.result_import, by=neu_registrar)
    admin = client_of(make_user("neu-admin", neu, Role.INSTITUTION_ADMIN))
    learners = admin.get("/admin/pilot/enrolment/")
    assert learners.status_code == 200 and "Nguyễn Văn An" in learners.content.decode()
    offerings = admin.get("/admin/pilot/offering/").content.decode()
    assert f"/admin/pilot/offering/{neu_offering.pk}/" in offerings
    assert f"/admin/pilot/offering/{nuol_offering.pk}/" not in offerings
    assert admin.get("/admin/pilot/offering/add/").status_code == 403
