"""Issuing is the registrar's (ADR 0330): a registrar signs and revokes at their institution, a
course designer no longer does, and nobody does at another institution."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials import services
from microcred_web.institutions.models import Institution
from tests.web.credentials.conftest import LEARNER, RESULT, make_user

pytestmark = pytest.mark.django_db


def test_a_registrar_issues_and_revokes_and_a_designer_cannot(
    published: MicroCredentialVersion, muni: Institution, unisi: Institution
) -> None:
    registrar = make_user("muni-registrar", muni, Role.REGISTRAR)
    designer = make_user("muni-designer", muni, Role.COURSE_DESIGNER)
    elsewhere = make_user("unisi-registrar", unisi, Role.REGISTRAR)

    for user in (designer, elsewhere):
        with pytest.raises(PermissionDenied):
            services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=user)
        client = Client()
        client.force_login(user)
        page = client.get("/studio/issue/")
        assert page.status_code == (403 if user is designer else 200)

    issued = services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=registrar)
    with pytest.raises(PermissionDenied):
        services.credential_revoke(credential=issued, reason="test", by=elsewhere)
    client = Client()
    client.force_login(registrar)
    assert client.get("/studio/issue/").status_code == 200
    services.credential_revoke(credential=issued, reason="issued in error", by=registrar)
    issued.refresh_from_db()
    assert issued.revoked_at is not None
