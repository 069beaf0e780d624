"""A small world of survey responses (ADR 1540), shared by the survey and report tests: NEU (VN)
with two micro-credentials, NUOL (LA) with one; learners with credentials who answered the
satisfaction survey through the real service: NEU IFRS 9 respondents, NEU Python 3 (a small
group), NUOL green growth 6."""

from __future__ import annotations

from datetime import date
from typing import Any

from microcred.qa import surveys
from microcred_web.accounts.models import Role
from microcred_web.credentials.models import IssuedCredential
from microcred_web.pilot.models import Enrolment, Offering
from microcred_web.qa import survey_services
from tests.web.pilot.conftest import make_institution, make_user, new_offering, publish

TODAY = date(2026, 12, 7)  # the offerings end on 2026-11-30: round 2026-Q4, open until 2027-02-28


def answers(overall: int, comment: str = "") -> dict[str, list[str]]:
    raw = {
        code: [str(overall if code == "overall" else 4)] for code in surveys.LEARNER_SATISFACTION.statements
    }
    if comment:
        raw["comment"] = [comment]
    return raw


def learner_with_credential(offering: Offering, n: int) -> tuple[Any, Enrolment]:
    inst = offering.version.micro_credential.institution
    user = make_user(f"learner-{inst.slug}-{offering.pk}-{n}")
    credential = IssuedCredential.objects.create(
        institution=inst,
        version=offering.version,
        learner_email=user.email,
        suite="eddsa-rdfc-2022",
        document={},
    )
    enrolment = Enrolment.objects.create(
        offering=offering,
        external_id=f"{inst.slug}-{offering.pk}-{n}",
        given_names="Lan",
        full_name="Nguyễn Thị Lan",
        email=user.email,
        learner=user,
        passed=True,
        credential=credential,
    )
    return user, enrolment


def survey_world() -> dict[str, Any]:
    neu = make_institution("neu", "National Economics University", "VN")
    nuol = make_institution("nuol", "National University of Laos", "LA")
    registrar = make_user("neu-registrar", neu, Role.REGISTRAR)
    nuol_registrar = make_user("nuol-registrar", nuol, Role.REGISTRAR)
    offerings = {
        "ifrs": new_offering(publish(neu, "neu-ifrs-financial-reporting.json"), registrar),
        "python": new_offering(publish(neu, "neu-python-for-finance.json"), registrar),
        "green": new_offering(
            publish(nuol, "nuol-green-growth-environmental-economics.json"), nuol_registrar
        ),
    }
    # overall scores: IFRS 7 of 9 satisfied, Python 1 of 3, green growth 3 of 6
    plan = {"ifrs": [5, 4, 4, 5, 4, 3, 2, 5, 4], "python": [2, 4, 3], "green": [4, 5, 2, 3, 3, 4]}
    learners: dict[str, list[Any]] = {}
    for key, scores in plan.items():
        for n, overall in enumerate(scores):
            user, enrolment = learner_with_credential(offerings[key], n)
            survey_services.learner_survey_answer(
                enrolment=enrolment, by=user, raw=answers(overall, f"comment {key} {n}"), today=TODAY
            )
            learners.setdefault(key, []).append(user)
    qa_neu = make_user("neu-qa", neu, Role.QA_REVIEWER)
    return {"neu": neu, "nuol": nuol, "offerings": offerings, "learners": learners, "qa_neu": qa_neu}
