"""Fixtures of the skills tests: the ESCO subset imported once per test database, NEU (Vietnam)
with a draft and a published micro-credential, its designer; an employer (Mekong Fintech,
Vietnam) and its member."""

from __future__ import annotations

from typing import Any

import pytest

from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from microcred_web.skills import services
from microcred_web.skills.models import Employer, EmployerMember
from tests.conftest import ASSETS
from tests.web.pilot.conftest import make_institution, make_user, publish

ESCO = ASSETS / "esco" / "v1.1.1"


@pytest.fixture
def esco(db: None) -> None:
    services.esco_import(path=ESCO)


@pytest.fixture
def neu(db: None) -> Institution:
    return make_institution("neu", "National Economics University", "VN")


@pytest.fixture
def employer(db: None) -> Employer:
    return Employer.objects.create(name="Mekong Fintech JSC", slug="mekong-fintech", country="VN")


@pytest.fixture
def member(employer: Employer) -> Any:
    user = make_user("mekong-hr")
    EmployerMember.objects.create(employer=employer, user=user)
    return user


@pytest.fixture
def designer(neu: Institution) -> Any:
    return make_user("neu-designer", neu, Role.COURSE_DESIGNER)


@pytest.fixture
def draft(neu: Institution) -> MicroCredentialVersion:
    return publish(neu, "nuol-sme-financial-accounting.json", status=Status.DRAFT)
