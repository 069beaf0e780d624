"""Any valid award composes to a schema-valid credential that issues and verifies (round trip)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.issuance import issue_award
from microcred.model import load_spec
from microcred.model.award import AssessmentResult, Learner
from microcred.standards.ob3 import IssuerProfile, schema_problems
from microcred.verification import verify
from tests.conftest import EXAMPLES
from tests.core.verification.conftest import ISSUER_DID, TEST_SIGNER, registry

SPEC = load_spec(EXAMPLES / "specs" / "muni-econometrics-in-r.json")
TRUST = registry()
names = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    name=names,
    grade=st.none() | st.text(min_size=1, max_size=10).filter(lambda s: s.strip() != ""),
    credits=st.none() | st.decimals(min_value=Decimal("0.5"), max_value=Decimal(60), places=1),
    minutes=st.integers(min_value=0, max_value=500_000),
    suite=st.sampled_from(["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"]),
)
def test_any_award_round_trips(
    name: str, grade: str | None, credits: Decimal | None, minutes: int, suite: str
) -> None:
    awarded = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    learner = Learner(display_name=name.strip(), email="learner@example.edu")
    result = AssessmentResult(grade=grade, awarded_on=awarded, credits_earned=credits)
    award = issue_award(
        SPEC,
        learner,
        result,
        issuer=IssuerProfile.from_spec(SPEC, did=ISSUER_DID),
        signer=TEST_SIGNER,
        achievement_id="https://register.micro4asia.example/specs/MUNI-ECON-R/v1",
        suite=suite,  # type: ignore[arg-type]
        issued_at=awarded,
    )
    verified = verify(award.credential, trust=TRUST, now=awarded + timedelta(days=1), require_trusted=True)
    assert schema_problems(verified.credential) == []
