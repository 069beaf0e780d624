"""The stuck case of issue 10, as a new user would meet it: Masaryk publishes "Econometrics in R"
with the optional supervision element (O2) empty and its institutional QA body unnamed, and issues
it; a learner asks UEH for elective credit; the officer sets the target, signs off the outcome
matrix and proposes. Shared by the page tests and the browser test."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from microcred.model.award import AssessmentResult, Learner
from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.credentials import services as credential_services
from microcred_web.institutions.models import Institution
from tests.conftest import EXAMPLES
from tests.web.recognition.conftest import E1_TARGET_LOS, make_user

UEH_TARGET = {
    "id": "UEH-ECON-ELEC",
    "title": "Elective: Econometrics",
    "credits": "3",
    "credit_system": "VN-TC",
    "level": "VQF:6",
    "programme_id": "UEH-BA-ECON",
    "programme_title": "Bachelor of Economics",
    "programme_level": "VQF:6",
    "related_fields": "031 041",
    "min_volume": "120",
    "cap_key": "VN-bachelor",
    "outcomes_lang": "en",
    "learning_outcomes": E1_TARGET_LOS,
}


def masaryk_with_gaps(consortium: dict[str, Institution], spec_change: Any = None) -> MicroCredentialVersion:
    """MU's spec with O2 (supervision) empty and the QA body unnamed, published; MU's QA standing
    recorded on the institution as the consortium file gives it (DEQAR, NAB)."""
    muni = consortium["muni"]
    muni.qa_registry, muni.qa_body = "DEQAR", "National Accreditation Bureau for Higher Education (NAB)"
    muni.save()
    credential_services.institution_key_create(institution=muni)
    spec = json.loads((EXAMPLES / "specs" / "muni-econometrics-in-r.json").read_text("utf-8"))
    spec.pop("supervision", None)
    spec["quality_assurance"] = {"type": "institutional_qa", "internal_qa": True}
    if spec_change is not None:
        spec_change(spec)
    mc = MicroCredential.objects.create(institution=muni, code=spec["code"])
    return MicroCredentialVersion.objects.create(
        micro_credential=mc, version=1, status=Status.PUBLISHED, spec=spec, title_en=spec["title"]["en"]
    )


def issued(version: MicroCredentialVersion, learner: Any, consortium: dict[str, Institution]) -> Any:
    issuer = make_user("muni-issuer", consortium["muni"], Role.INSTITUTION_ADMIN)
    return credential_services.credential_issue(
        version=version,
        learner=Learner(display_name="Nguyễn Thị Lan", email=learner.email),
        result=AssessmentResult(
            grade="B",
            grading_scheme="ECTS A-F",
            awarded_on=datetime(2026, 6, 30, 10, 0, tzinfo=UTC),
            credits_earned="5",
        ),
        by=issuer,
    )
