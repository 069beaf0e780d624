"""Fixtures of the credentials tests: an institution with a key (in memory: no key files, no
passphrase), a published micro-credential, staff of two institutions, a VC-API token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred.model.award import AssessmentResult, Learner
from microcred_web.accounts.models import Membership, Role
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.credentials import services
from microcred_web.credentials.identity import use_key_provider
from microcred_web.credentials.models import IssuedCredential
from microcred_web.institutions.models import Institution
from tests.conftest import EXAMPLES

BASE = "https://micro4asia.example.org"


@pytest.fixture(autouse=True)
def _keys_in_memory(settings: Any) -> Iterator[None]:
    settings.PUBLIC_BASE_URL = BASE
    use_key_provider(InMemoryKeyProvider())
    yield
    use_key_provider(None)


def make_institution(slug: str, name: str, *, with_key: bool = True) -> Institution:
    institution = Institution.objects.create(
        slug=slug,
        name={"en": name},
        short_name=slug.upper(),
        country="CZ",
        credit_system="ECTS",
        national_framework="CZ-NSK",
        homepage=f"https://{slug}.example.edu/",
    )
    if with_key:
        services.institution_key_create(institution=institution)
    return institution


@pytest.fixture
def muni(db: None) -> Institution:
    return make_institution("muni", "Masaryk University")


@pytest.fixture
def unisi(db: None) -> Institution:
    return make_institution("unisi", "University of Siena")


@pytest.fixture
def published(muni: Institution) -> MicroCredentialVersion:
    spec = json.loads((EXAMPLES / "specs" / "muni-econometrics-in-r.json").read_text("utf-8"))
    mc = MicroCredential.objects.create(institution=muni, code=spec["code"])
    return MicroCredentialVersion.objects.create(
        micro_credential=mc, version=1, status=Status.PUBLISHED, spec=spec, title_en=spec["title"]["en"]
    )


def make_user(username: str, institution: Institution | None = None, role: str | None = None) -> Any:
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw"
    )
    if role is not None:
        Membership.objects.create(user=user, institution=institution, role=role)
    if user.email:  # a person who answered the confirmation mail (credentials follow a proved address)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def muni_admin(muni: Institution) -> Any:
    return make_user("muni-admin", muni, Role.INSTITUTION_ADMIN)


@pytest.fixture
def unisi_admin(unisi: Institution) -> Any:
    return make_user("unisi-admin", unisi, Role.INSTITUTION_ADMIN)


LEARNER = Learner(display_name="Nguyễn Thị Lan", email="lan.nguyen@example.edu.vn")
RESULT = AssessmentResult(
    grade="B",
    grading_scheme="ECTS A-F",
    awarded_on=datetime(2026, 6, 30, 10, 0, tzinfo=UTC),
    credits_earned="5",
)


@pytest.fixture
def issued(published: MicroCredentialVersion, muni_admin: Any) -> IssuedCredential:
    return services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)


@pytest.fixture
def api_token(muni: Institution) -> str:
    _token, plain = services.api_token_create(institution=muni, name="test client")
    return plain


@pytest.fixture
def api(api_token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token}")
