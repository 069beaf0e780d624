"""Fixtures of the recognition tests: the consortium's institutions, two recognition officers per
host (four eyes), learners, and the worked examples E1-E6 as canonical case files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred.recognition.case import load_case_doc
from microcred_web.accounts.models import Membership, Role
from microcred_web.credentials.identity import use_key_provider
from microcred_web.institutions.models import Institution
from tests.conftest import EXAMPLES

CASES = EXAMPLES / "recognition"
PASSWORD = "test-password-not-secret"


@pytest.fixture(autouse=True)
def _keys_in_memory(settings: Any) -> Iterator[None]:
    settings.PUBLIC_BASE_URL = "https://micro4asia.example.org"
    use_key_provider(InMemoryKeyProvider())
    yield
    use_key_provider(None)


def canonical_case(name: str) -> dict[str, Any]:
    """A worked example with every path replaced by its content (what the import form takes)."""
    doc = load_case_doc(CASES / f"{name}.json")
    data: dict[str, Any] = doc.model_dump(mode="json", by_alias=True)
    return data


def case_file(name: str) -> Path:
    return CASES / f"{name}.json"


@pytest.fixture
def consortium(db: None) -> dict[str, Institution]:
    data = json.loads((EXAMPLES / "consortium.json").read_text("utf-8"))
    out = {}
    for e in data["institutions"]:
        out[e["slug"]] = Institution.objects.create(
            slug=e["slug"],
            name=e["name"],
            short_name=e["short_name"],
            country=e["country"],
            credit_system=e["credit_system"],
            national_framework=e["national_framework"],
        )
    return out


def make_user(
    username: str, institution: Institution | None = None, role: str | None = None, **extra: Any
) -> Any:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=extra.pop("email", f"{username}@example.org"), **extra
    )
    if role is not None:
        Membership.objects.create(user=user, institution=institution, role=role)
    if user.email:  # a person who answered the confirmation mail (credentials follow a proved address)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


class Officers:
    """Two officers per institution, made on first use: ``officers["neu"]``, ``officers.second("neu")``."""

    def __init__(self, consortium: dict[str, Institution]) -> None:
        self.consortium = consortium
        self.made: dict[str, Any] = {}

    def _get(self, name: str, slug: str) -> Any:
        if name not in self.made:
            self.made[name] = make_user(name, self.consortium[slug], Role.RECOGNITION_OFFICER)
        return self.made[name]

    def __getitem__(self, slug: str) -> Any:
        return self._get(f"{slug}-officer", slug)

    def second(self, slug: str) -> Any:
        return self._get(f"{slug}-officer-2", slug)


@pytest.fixture
def officers(consortium: dict[str, Institution]) -> Officers:
    return Officers(consortium)


@pytest.fixture
def learner(consortium: dict[str, Institution]) -> Any:
    return make_user("learner-lan", consortium["neu"], Role.LEARNER, email="lan.nguyen@example.edu.vn")


@pytest.fixture
def other_learner(consortium: dict[str, Institution]) -> Any:
    return make_user("learner-minh", consortium["neu"], Role.LEARNER)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def muni_published(consortium: dict[str, Institution]) -> Any:
    """MU's "Econometrics in R" published in the register, and MU's signing key."""
    from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
    from microcred_web.credentials import services as credential_services

    credential_services.institution_key_create(institution=consortium["muni"])
    spec = json.loads((EXAMPLES / "specs" / "muni-econometrics-in-r.json").read_text("utf-8"))
    mc = MicroCredential.objects.create(institution=consortium["muni"], code=spec["code"])
    return MicroCredentialVersion.objects.create(
        micro_credential=mc, version=1, status=Status.PUBLISHED, spec=spec, title_en=spec["title"]["en"]
    )


@pytest.fixture
def issued_to_learner(muni_published: Any, learner: Any, consortium: dict[str, Institution]) -> Any:
    """A credential MU issued to the learner (linked to their account by e-mail)."""
    from datetime import UTC, datetime

    from microcred.model.award import AssessmentResult, Learner
    from microcred_web.credentials import services as credential_services

    issuer = make_user("muni-admin", consortium["muni"], Role.INSTITUTION_ADMIN)
    return credential_services.credential_issue(
        version=muni_published,
        learner=Learner(display_name="Nguyễn Thị Lan", email=learner.email),
        result=AssessmentResult(
            grade="B",
            grading_scheme="ECTS A-F",
            awarded_on=datetime(2026, 6, 30, 10, 0, tzinfo=UTC),
            credits_earned="5",
        ),
        by=issuer,
    )


E1_TARGET_LOS = """LO1: [apply] Prepare and describe economic data with statistical software.
LO2: [apply] Estimate and interpret multiple regression models.
LO3: [analyse] Diagnose and correct violations of regression assumptions.
LO4: [evaluate] Apply panel data methods to evaluate economic policy.
LO5: [apply] Forecast macroeconomic time series with ARIMA models."""


def e1_target_form() -> dict[str, str]:
    """The target of E1 (NEU "Applied Econometrics") as an officer types it."""
    return {
        "id": "NEU-ECON-3301",
        "title": "Applied Econometrics",
        "credits": "3",
        "credit_system": "VN-TC",
        "level": "VQF:6",
        "programme_id": "NEU-BA-ECON",
        "programme_title": "Bachelor of Economics",
        "programme_level": "VQF:6",
        "related_fields": "031 041",
        "min_volume": "120",
        "cap_key": "VN-bachelor",
        "outcomes_lang": "en",
        "learning_outcomes": E1_TARGET_LOS,
    }


def imported_case(name: str, host: str, consortium: Any, officers: Any, *, applicant: Any = None) -> Any:
    """A worked example imported and proposed through the services."""
    from microcred_web.recognition.intake import recognition_case_import
    from microcred_web.recognition.proposal import recognition_case_propose

    case = recognition_case_import(
        by=officers[host], host=consortium[host], document=canonical_case(name), applicant=applicant
    )
    return recognition_case_propose(case=case, by=officers[host])


def decided_case(name: str, host: str, consortium: Any, officers: Any, *, applicant: Any = None) -> Any:
    """A worked example decided by confirming the proposal (with a second officer where needed)."""
    from microcred_web.recognition.decision import recognition_case_approve, recognition_case_decide

    case = imported_case(name, host, consortium, officers, applicant=applicant)
    case = recognition_case_decide(case=case, by=officers[host], confirm=True)
    if case.pending_decision:
        case = recognition_case_approve(case=case, by=officers.second(host))
    return case


# ------------------------------------------------------------------------------ agreements


class Admins:
    """An institution administrator per institution, made on first use: ``admins["muni"]``."""

    def __init__(self, consortium: dict[str, Institution]) -> None:
        self.consortium = consortium
        self.made: dict[str, Any] = {}

    def __getitem__(self, slug: str) -> Any:
        name = f"{slug}-admin-agreements"
        if name not in self.made:
            self.made[name] = make_user(name, self.consortium[slug], Role.INSTITUTION_ADMIN)
        return self.made[name]


@pytest.fixture
def admins(consortium: dict[str, Institution]) -> Admins:
    return Admins(consortium)


@pytest.fixture
def consortium_admin(db: None) -> Any:
    return make_user("consortium-admin", is_superuser=True, is_staff=True)


def bilateral(
    admins: Admins,
    sending: str,
    receiving: str,
    parameters: dict[str, Any],
    *,
    agreement_id: str | None = None,
    approve: bool = True,
    **extra: Any,
) -> Any:
    """A bilateral agreement proposed by the sending party's administrator and (by default)
    approved by the receiving party's."""
    from datetime import date

    from microcred_web.agreements import services as ag

    consortium = admins.consortium
    proposal = ag.AgreementProposal(
        agreement_id=agreement_id or f"{sending.upper()}-{receiving.upper()}",
        title=f"{sending} - {receiving} (test)",
        type="bilateral",
        sending=(consortium[sending],),
        receiving=(consortium[receiving],),
        direction=extra.pop("direction", "reciprocal"),
        date_effective=extra.pop("date_effective", date(2026, 2, 1)),
        expiration_date=extra.pop("expiration_date", date(2028, 12, 31)),
        parameters=parameters,
        summary=extra.pop("summary", "test agreement"),
        **extra,
    )
    row = ag.agreement_propose(by=admins[sending], proposal=proposal)
    if approve:
        row = ag.agreement_approve(agreement=row, by=admins[receiving])
    return row
