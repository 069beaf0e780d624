"""Fixtures of the pilot tests: NEU (Vietnam) and NUOL (Laos) with a published micro-credential
each (the demo's real specifications), their staff, and an offering of each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred_web.accounts.models import Membership, Role
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.credentials.identity import use_key_provider
from microcred_web.institutions.models import Institution
from microcred_web.pilot import services
from microcred_web.pilot.models import Offering
from tests.conftest import ASSETS, EXAMPLES

PILOT = ASSETS / "pilot"


@pytest.fixture(autouse=True)
def _keys_in_memory(settings: Any) -> Iterator[None]:
    settings.PUBLIC_BASE_URL = "https://micro4asia.example.org"
    use_key_provider(InMemoryKeyProvider())
    yield
    use_key_provider(None)


def make_institution(slug: str, name: str, country: str) -> Institution:
    return Institution.objects.create(
        slug=slug,
        name={"en": name},
        short_name=slug.upper(),
        country=country,
        credit_system="ECTS",
        national_framework="VQF" if country == "VN" else "LA-NQF",
        homepage=f"https://{slug}.example.edu/",
    )


def publish(
    institution: Institution, spec_file: str, status: str = Status.PUBLISHED
) -> MicroCredentialVersion:
    spec = json.loads((EXAMPLES / "specs" / spec_file).read_text("utf-8"))
    mc = MicroCredential.objects.create(institution=institution, code=spec["code"])
    return MicroCredentialVersion.objects.create(
        micro_credential=mc, version=1, status=status, spec=spec, title_en=spec["title"]["en"]
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


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def neu(db: None) -> Institution:
    return make_institution("neu", "National Economics University", "VN")


@pytest.fixture
def nuol(db: None) -> Institution:
    return make_institution("nuol", "National University of Laos", "LA")


@pytest.fixture
def neu_version(neu: Institution) -> MicroCredentialVersion:
    return publish(neu, "neu-ifrs-financial-reporting.json")  # 10-point scale; supervised_with_id


@pytest.fixture
def nuol_version(nuol: Institution) -> MicroCredentialVersion:
    return publish(nuol, "nuol-green-growth-environmental-economics.json")  # letters A-F; supervised_with_id


@pytest.fixture
def neu_registrar(neu: Institution) -> Any:
    return make_user("neu-registrar", neu, Role.REGISTRAR)


@pytest.fixture
def nuol_registrar(nuol: Institution) -> Any:
    return make_user("nuol-registrar", nuol, Role.REGISTRAR)


def new_offering(version: MicroCredentialVersion, by: Any, capacity: int = 30) -> Offering:
    return services.offering_create(
        version=version,
        by=by,
        term="2026 autumn",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 11, 30),
        mode="blended",
        language="vi",
        capacity=capacity,
        place="Hà Nội",
    )


@pytest.fixture
def neu_offering(neu_version: MicroCredentialVersion, neu_registrar: Any) -> Offering:
    return new_offering(neu_version, neu_registrar)


@pytest.fixture
def nuol_offering(nuol_version: MicroCredentialVersion, nuol_registrar: Any) -> Offering:
    return new_offering(nuol_version, nuol_registrar)
