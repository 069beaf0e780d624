"""Survey answers for the demo pilot (issue 15 item 3; ADR 1540), run after ``demo_pilot``::

    python manage.py demo_surveys

Deterministic: whether a learner with a credential answers (about three in four do), and what,
follows from a SHA-256 of their enrolment's external id and the micro-credential's code, so the
same pilot always gives the same answers; the answers pass through the core's parser like a
form's. Idempotent: an enrolment that has a response keeps it. Nothing is invented about the
learner: the response is tied to the enrolment only.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from microcred.qa import surveys
from microcred_web.pilot.models import Enrolment
from microcred_web.qa.models import LearnerSurveyResponse

# How the demo learners answer: a skew towards agreement, as satisfaction surveys usually show.
_SCALE = (5, 5, 4, 4, 4, 4, 3, 3, 2, 1)


def demo_answers(seed: str) -> dict[str, list[str]] | None:
    """The demo learner's form (``None``: they did not answer)."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    if digest[0] % 4 == 0:
        return None
    return {
        code: [str(_SCALE[digest[n + 1] % len(_SCALE)])]
        for n, code in enumerate(surveys.LEARNER_SATISFACTION.statements)
    }


class Command(BaseCommand):
    help = "Answer the satisfaction survey for the demo pilot's learners (deterministic)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = 0
        enrolments = (
            Enrolment.objects.filter(credential__isnull=False, survey_response__isnull=True)
            .select_related("offering__version__micro_credential")
            .order_by("pk")
        )
        with transaction.atomic():
            for e in enrolments:
                raw = demo_answers(f"{e.offering.version.micro_credential.code}/{e.external_id}")
                if raw is None:
                    continue
                response = surveys.parse_response(surveys.LEARNER_SATISFACTION, raw)
                LearnerSurveyResponse.objects.create(
                    enrolment=e,
                    survey_version=surveys.LEARNER_SATISFACTION.version,
                    scores=dict(response.scores),
                    satisfied=surveys.satisfied(response.scores),
                )
                created += 1
        self.stdout.write(f"demo_surveys: {created} responses added")
