"""The pilot's figures are counted by the database (issue 11 item 5): ``pilot_summary`` gives
what a count over the raw rows gives, in a constant number of queries, and the dashboard and
``GET /api/pilot/summary`` show the same figures."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials.models import IssuedCredential
from microcred_web.pilot import selectors
from microcred_web.pilot.models import Enrolment, Offering
from tests.web.pilot.conftest import publish

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 9, 7, 9, tzinfo=UTC)


def _credential(version: MicroCredentialVersion, email: str, **extra: Any) -> IssuedCredential:
    """A credential row as issuing stores it (the figures read who, of what, when, revoked)."""
    return IssuedCredential.objects.create(
        institution=version.micro_credential.institution,
        version=version,
        learner_email=email,
        suite="eddsa-rdfc-2022",
        document={},
        **extra,
    )


def _cohort(offering: Offering, n: int, other: MicroCredentialVersion) -> None:
    """``n`` learners in six situations, enrolled over three weeks: no result; failed; passed
    without a credential (but one of another micro-credential); passed with the credential
    linked; passed with the credential found by e-mail in other letter case; passed with a
    linked credential that was revoked."""
    slug = offering.version.micro_credential.institution.slug
    start = len(Enrolment.objects.filter(offering=offering))
    for i in range(start, start + n):
        kind = i % 6
        email = f"learner{i}@{slug}.example.org"
        enrolment = Enrolment.objects.create(
            offering=offering,
            external_id=f"{slug}-{i}",
            given_names="Lan",
            family_name="Vũ",
            full_name="Vũ Lan",
            email=email,
            passed=None if kind == 0 else kind != 1,
        )
        if kind == 2:
            _credential(other, email)
        elif kind == 3:
            enrolment.credential = _credential(offering.version, email)
            enrolment.save()
        elif kind == 4:
            _credential(offering.version, email.upper())
        elif kind == 5:
            enrolment.credential = _credential(offering.version, email, revoked_at=timezone.now())
            enrolment.save()
        Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=MONDAY + timedelta(weeks=i % 3))


def _raw_counts() -> dict[int, dict[str, int]]:
    """The figures counted in Python from the rows themselves, not through the selectors."""
    live = [
        c
        for c in IssuedCredential.objects.values("pk", "version_id", "learner_email", "revoked_at")
        if c["revoked_at"] is None
    ]
    live_pks = {c["pk"] for c in live}
    by_email = {(c["version_id"], c["learner_email"].lower()) for c in live if c["learner_email"]}
    counts: dict[int, Counter[str]] = {}
    for e in Enrolment.objects.values(
        "offering_id", "offering__version_id", "email", "passed", "credential_id"
    ):
        held = e["credential_id"] in live_pks or (e["offering__version_id"], e["email"].lower()) in by_email
        c = counts.setdefault(e["offering_id"], Counter())
        c["enrolled"] += 1
        c["completed"] += e["passed"] is not None or held
        c["credentialed"] += held
    return {pk: {k: c[k] for k in selectors.FIGURES} for pk, c in counts.items()}


@pytest.fixture
def two_offerings(neu_offering: Offering, nuol_offering: Offering) -> list[Offering]:
    return [neu_offering, nuol_offering]


def test_the_figures_are_those_of_the_raw_rows_and_of_each_cohort(two_offerings: list[Offering]) -> None:
    other = publish(two_offerings[0].version.micro_credential.institution, "neu-python-for-finance.json")
    for offering in two_offerings:
        _cohort(offering, 13, other)

    summary = selectors.pilot_summary()

    raw = _raw_counts()
    by_offering = {o["id"]: {k: o[k] for k in selectors.FIGURES} for o in summary["offerings"]}
    assert by_offering == raw
    for offering in two_offerings:  # the cohort page's per-learner states agree
        counts = selectors.cohort_counts(selectors.cohort(offering))
        assert by_offering[offering.pk] == {
            "enrolled": counts["enrolled"],
            "completed": counts["completed"],
            "credentialed": counts["issued"],
        }
    # 13 learners: kinds 0..5 twice and a 0; credentialed are kinds 3 and 4
    assert raw[two_offerings[0].pk] == {"enrolled": 13, "completed": 10, "credentialed": 4}
    assert summary["total"] == {k: sum(f[k] for f in raw.values()) for k in selectors.FIGURES}
    assert [(c["country"], c["enrolled"]) for c in summary["countries"]] == [("LA", 13), ("VN", 13)]


def test_the_weeks_run_from_the_first_to_the_last_and_add_up_to_the_total(
    two_offerings: list[Offering],
) -> None:
    other = publish(two_offerings[0].version.micro_credential.institution, "neu-python-for-finance.json")
    for offering in two_offerings:
        _cohort(offering, 12, other)
    # a credential issued six weeks after the first enrolments: the weeks between are empty
    IssuedCredential.objects.update(issued_at=MONDAY + timedelta(weeks=6, days=3))

    summary = selectors.pilot_summary()

    weeks = summary["weeks"]
    assert [w["starts_on"] for w in weeks] == [
        (date(2026, 9, 7) + timedelta(weeks=n)).isoformat() for n in range(7)
    ]
    assert weeks[0]["week"] == "2026-W37"
    assert [w["enrolled"] for w in weeks] == [8, 8, 8, 0, 0, 0, 0]
    assert [w["credentialed"] for w in weeks] == [0] * 6 + [summary["total"]["credentialed"]]


def test_the_number_of_queries_does_not_grow_with_the_learners(two_offerings: list[Offering]) -> None:
    other = publish(two_offerings[0].version.micro_credential.institution, "neu-python-for-finance.json")
    for offering in two_offerings:
        _cohort(offering, 6, other)
    with CaptureQueriesContext(connection) as few:
        small = selectors.pilot_summary()
    for offering in two_offerings:
        _cohort(offering, 60, other)
    with CaptureQueriesContext(connection) as many:
        large = selectors.pilot_summary()

    assert large["total"]["enrolled"] == small["total"]["enrolled"] + 120
    assert len(many.captured_queries) == len(few.captured_queries) <= 4


def test_the_dashboard_and_the_api_show_the_same_figures(two_offerings: list[Offering]) -> None:
    other = publish(two_offerings[0].version.micro_credential.institution, "neu-python-for-finance.json")
    _cohort(two_offerings[0], 9, other)

    page = Client().get("/pilot/dashboard/")
    api = Client().get("/api/pilot/summary").json()

    assert page.context["summary"] == api
    html = page.content.decode()
    assert f"{api['total']['enrolled']} learners enrolled of the 500" in html


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Learners per country"), ("vi", "Số học viên theo quốc gia"), ("lo", "ຜູ້ຮຽນຕາມປະເທດ")],
)
def test_the_charts_are_svg_drawn_on_the_server_named_described_and_inline_free(
    two_offerings: list[Offering], language: str, words: str
) -> None:
    import re

    from tests.web.csp_checks import header_problems, page_problems

    other = publish(two_offerings[0].version.micro_credential.institution, "neu-python-for-finance.json")
    _cohort(two_offerings[0], 12, other)

    response = Client().get("/pilot/dashboard/", HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    _header, nonce = header_problems(response)
    assert not page_problems(html, nonce)
    assert words in html and "<script" not in html
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) == 2 and all('role="img"' in s for s in svgs)
    for attribute in ("aria-labelledby", "aria-describedby"):
        for target in re.findall(rf'{attribute}="([^"]+)"', html):
            assert f'id="{target}"' in html, target
    # one bar per week and series, one per country and figure, each titled with its figure
    weeks = len(selectors.pilot_summary()["weeks"])  # Sept. 7 to the week the credentials were issued
    assert html.count('<rect class="bar ') == 2 * weeks + 3 * 2 and weeks > 3
    assert "2026-09-07" in html
