"""Every indicator of ``GET /api/qa/indicators`` equals what the raw rows give (issue 15 "done
when"): the expected values are computed here, row by row in Python, from the same tables, and
the selector's query count does not grow with the data."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.credentials.models import IssuedCredential
from microcred_web.institutions.models import Institution
from microcred_web.pilot.models import Enrolment, Offering
from microcred_web.qa import selectors
from microcred_web.qa.models import VerificationDay
from microcred_web.recognition.models import RecognitionCase
from microcred_web.skills.models import Endorsement
from tests.web.pilot.conftest import client_of, make_institution, make_user, new_offering, publish
from tests.web.qa.helpers import endorse

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 10, 1, 9, tzinfo=UTC)


def _learners(offering: Offering, outcomes: Iterable[tuple[bool | None, float | None]]) -> None:
    """One enrolment per (passed, days from result to a linked credential; None: none)."""
    inst = offering.version.micro_credential.institution
    for n, (passed, days) in enumerate(outcomes):
        e = Enrolment.objects.create(
            offering=offering,
            external_id=f"{inst.slug}-{offering.pk}-{n}",
            given_names="Lan",
            full_name="Lan",
            email=f"l{n}-{offering.pk}@{inst.slug}.example.org",
            passed=passed,
            result_at=None if passed is None else T0 + timedelta(hours=n),
        )
        if days is not None:
            c = IssuedCredential.objects.create(
                institution=inst,
                version=offering.version,
                learner_email=e.email,
                suite="eddsa-rdfc-2022",
                document={},
            )
            IssuedCredential.objects.filter(pk=c.pk).update(issued_at=T0 + timedelta(hours=n, days=days))
            Enrolment.objects.filter(pk=e.pk).update(credential=c)


def _case(host: Institution, ref: str, outcome: str = "", days: float | None = None) -> None:
    applicant = make_user(f"applicant-{ref}")
    case = RecognitionCase.objects.create(
        reference=ref, applicant=applicant, learner_ref=ref, host=host, purpose="EXEMPTION"
    )
    RecognitionCase.objects.filter(pk=case.pk).update(
        created_at=T0,
        final_outcome=outcome,
        decided_at=None if days is None else T0 + timedelta(days=days),
    )


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    neu = make_institution("neu", "National Economics University", "VN")
    ctu = make_institution("ctu", "Can Tho University", "VN")
    nuol = make_institution("nuol", "National University of Laos", "LA")
    registrar = make_user("neu-registrar", neu, Role.REGISTRAR)
    nuol_registrar = make_user("nuol-registrar", nuol, Role.REGISTRAR)
    ifrs = publish(neu, "neu-ifrs-financial-reporting.json")
    green = publish(nuol, "nuol-green-growth-environmental-economics.json")
    python = publish(ctu, "neu-python-for-finance.json")  # developed, never offered
    MicroCredentialVersion.objects.create(  # a draft is not developed
        micro_credential=MicroCredential.objects.create(institution=neu, code="DRAFT"),
        version=1,
        status=Status.DRAFT,
        spec={},
    )
    _learners(
        new_offering(ifrs, registrar), [(True, 2), (True, 5.5), (False, None), (None, None), (True, None)]
    )
    _learners(new_offering(green, nuol_registrar), [(True, 1), (False, None), (None, None)])
    _case(neu, "C1", "FULL", 30)
    _case(neu, "C2", "NOT_RECOGNISED", 90)
    _case(neu, "C3")  # open
    _case(nuol, "C4", "PARTIAL", 200)
    _case(nuol, "C5", "PENDING_INFORMATION")  # not a decision
    # endorsements (ADR 1481): two standing of NEU's IFRS, one of a course never offered (its
    # micro-credential gets a row of its own), and a revoked one, which no longer counts
    endorse("mekong", ifrs, registrar)
    endorse("red-river", ifrs, registrar)
    endorse("mekong", python, registrar)
    endorse("vientiane", green, nuol_registrar, revoked=True)
    VerificationDay.objects.create(day=date(2026, 10, 2), count=7)
    VerificationDay.objects.create(day=date(2026, 11, 3), count=4)
    return {"neu": neu, "nuol": nuol, "ctu": ctu}


def _days(later: datetime, earlier: datetime) -> Decimal:
    d = Decimal(str(max((later - earlier).total_seconds(), 0))) / Decimal(86400)
    return d.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def _rate(n: int, d: int) -> str | None:
    return None if d == 0 else str((Decimal(n) / Decimal(d)).quantize(Decimal("0.0001")))


def _median(values: list[Decimal]) -> str | None:
    return None if not values else str(statistics.median(values))


def _expected() -> dict[tuple[str, str], dict[str, str | None]]:
    """Each scope's values, from the raw rows."""
    subjects: dict[str, Callable[[Institution, str], list[tuple[str, str]]]] = {}
    del subjects
    rows: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: defaultdict(list))

    def scopes(inst: Institution, code: str | None) -> list[tuple[str, str]]:
        out = [("consortium", "consortium"), ("country", inst.country), ("institution", inst.slug)]
        return out + ([("micro_credential", f"{inst.slug}/{code}")] if code else [])

    for e in Enrolment.objects.select_related(
        "offering__version__micro_credential__institution", "credential"
    ):
        mc = e.offering.version.micro_credential
        credentialed = e.credential is not None and e.credential.revoked_at is None
        for s in scopes(mc.institution, mc.code):
            rows[s]["enrolled"].append(1)
            rows[s]["completed"].append(int(e.passed is not None or credentialed))
            rows[s]["assessed"].append(int(e.passed is not None))
            rows[s]["passed"].append(int(e.passed is True))
            if credentialed and e.result_at is not None:
                rows[s]["to_credential"].append(_days(e.credential.issued_at, e.result_at))
    developed = {
        v.micro_credential for v in MicroCredentialVersion.objects.filter(status__in=["published", "retired"])
    }
    for mc in developed:
        for s in scopes(mc.institution, None):
            rows[s]["developed"].append(1)
    for c in RecognitionCase.objects.select_related("host"):
        for s in scopes(c.host, None):
            rows[s]["requests"].append(1)
            if c.decided_at and c.final_outcome in ("FULL", "PARTIAL", "CONDITIONAL", "NOT_RECOGNISED"):
                rows[s]["decided"].append(1)
                rows[s]["accepted"].append(int(c.final_outcome != "NOT_RECOGNISED"))
                rows[s]["decision"].append(_days(c.decided_at, c.created_at))
    for en in Endorsement.objects.select_related("version__micro_credential__institution"):
        mc = en.version.micro_credential
        if en.revoked_at is None:
            for s in scopes(mc.institution, mc.code):
                rows[s]["endorsements"].append(1)
    verifications = sum(d.count for d in VerificationDay.objects.all())
    out: dict[tuple[str, str], dict[str, str | None]] = {}
    for s, r in rows.items():
        out[s] = {
            "learners_piloted": str(sum(r["enrolled"])),
            "micro_credentials_developed": str(sum(r["developed"])),
            "completion_rate": _rate(sum(r["completed"]), sum(r["enrolled"])),
            "pass_rate": _rate(sum(r["passed"]), sum(r["assessed"])),
            "learner_satisfaction": None,
            "employer_endorsements": str(sum(r["endorsements"])),
            "recognition_requests": str(sum(r["requests"])),
            "recognition_acceptance_rate": _rate(sum(r["accepted"]), sum(r["decided"])),
            "recognition_median_decision_days": _median(r["decision"]),
            "median_days_result_to_credential": _median(r["to_credential"]),
            "verifications": str(verifications) if s[0] == "consortium" else None,
        }
    return out


def test_every_indicator_shown_equals_what_the_raw_rows_give(world: dict[str, Any]) -> None:
    expected = _expected()
    data = selectors.qa_indicators()
    seen = set()
    for scope in data["scopes"]:
        key = (scope["scope"], scope["subject"])
        seen.add(key)
        for ind in scope["indicators"]:
            assert ind["value"] == expected[key][ind["indicator"]], (key, ind)
    assert seen == set(expected)
    consortium = {i["indicator"]: i for i in data["scopes"][0]["indicators"]}
    assert (
        consortium["learners_piloted"]["value"] == "8" and consortium["learners_piloted"]["target"] == "500"
    )
    assert consortium["learners_piloted"]["status"] == "red"
    assert consortium["micro_credentials_developed"]["value"] == "3"
    assert consortium["learner_satisfaction"]["status"] == "no_data"  # no survey yet: said so
    assert consortium["verifications"]["value"] == "11"
    assert consortium["employer_endorsements"]["value"] == "3"
    assert consortium["employer_endorsements"]["status"] == "no_target"  # no default target


def test_the_trends_count_per_month_with_empty_months(world: dict[str, Any]) -> None:
    months = {m["month"]: m for m in selectors.trends()}
    assert months["2026-11"]["verifications"] == 4 and months["2026-10"]["verifications"] == 7
    assert sum(m["recognition_requests"] for m in months.values()) == RecognitionCase.objects.count()
    assert sum(m["learners_piloted"] for m in months.values()) == Enrolment.objects.count()


def test_the_number_of_queries_does_not_grow_with_the_data(world: dict[str, Any]) -> None:
    with CaptureQueriesContext(connection) as before:
        selectors.qa_indicators()
    offering = Offering.objects.first()
    assert offering is not None
    inst = offering.version.micro_credential.institution
    _learners(
        new_offering(offering.version, make_user("another-registrar", inst, Role.REGISTRAR)), [(True, 3)] * 6
    )
    _case(world["ctu"], "C6", "CONDITIONAL", 12)
    endorse("another-employer", offering.version, make_user("another-hr"))
    with CaptureQueriesContext(connection) as after:
        selectors.qa_indicators()
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_api_serves_the_selector_to_staff_only(world: dict[str, Any]) -> None:
    from django.test import Client

    assert Client().get("/api/qa/indicators").status_code == 401
    learner = make_user("learner-x", world["neu"], Role.LEARNER)
    assert client_of(learner).get("/api/qa/indicators").status_code == 403
    reviewer = make_user("neu-qa", world["neu"], Role.QA_REVIEWER)
    response = client_of(reviewer).get("/api/qa/indicators")
    assert response.status_code == 200
    assert response.json()["scopes"] == selectors.qa_indicators()["scopes"]
    page = client_of(reviewer).get("/qa/")
    assert page.status_code == 200 and b"style=" not in page.content and b"<script>" not in page.content
    assert b'role="img"' in page.content and b'class="bar qa-verifications"' in page.content  # SVG trend
