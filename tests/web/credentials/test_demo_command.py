from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials.models import ApiToken, InstitutionKey, IssuedCredential
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.institutions.models import Institution
from tests.web.credentials.conftest import make_institution

pytestmark = pytest.mark.django_db


def test_demo_credentials_makes_keys_issues_once_and_prints_a_token(
    published: MicroCredentialVersion,
) -> None:
    make_institution("unisi", "University of Siena", with_key=False)
    out = io.StringIO()

    call_command("demo_credentials", "--api-token", "muni", stdout=out)
    call_command("demo_credentials", stdout=io.StringIO())

    assert InstitutionKey.objects.count() == Institution.objects.count() == 2
    [issued] = IssuedCredential.objects.all()
    assert issued.learner_name == "Tereza Nováková"
    assert inspect_credential(issued.document).verified
    assert ApiToken.objects.count() == 1
    assert "VC-API token for muni" in out.getvalue()
