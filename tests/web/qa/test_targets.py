"""The QA plan's targets are set by the consortium's QA role (ADR 1502): the QA reviewers of
the coordinating institution (``MICROCRED_QA_COORDINATOR``) and superusers; a target changes
the traffic light; malformed targets are refused with a code."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from microcred_web.accounts.models import Role
from microcred_web.qa import selectors, services
from microcred_web.qa.errors import QaError
from microcred_web.qa.models import Target
from tests.web.accounts.factories import make_institution, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db: None, settings: Any) -> dict[str, Any]:
    settings.MICROCRED_QA_COORDINATOR = "neu"
    neu, muni = make_institution("neu"), make_institution("muni")
    return {
        "coordinator_qa": make_user("neu-qa", role=Role.QA_REVIEWER, institution=neu),
        "coordinator_admin": make_user("neu-admin", role=Role.INSTITUTION_ADMIN, institution=neu),
        "other_qa": make_user("muni-qa", role=Role.QA_REVIEWER, institution=muni),
        "superuser": make_user("root", superuser=True),
    }


def _consortium(key: str) -> dict[str, Any]:
    row = selectors.qa_indicators()["scopes"][0]
    assert row["scope"] == "consortium"
    found: dict[str, Any] = next(i for i in row["indicators"] if i["indicator"] == key)
    return found


def test_the_coordinators_qa_reviewers_and_superusers_set_targets_and_nobody_else(
    people: dict[str, Any],
) -> None:
    for who in ("other_qa", "coordinator_admin"):
        with pytest.raises(PermissionDenied):
            services.target_set(indicator="micro_credentials_developed", value="3", by=people[who])
    assert not Target.objects.exists()
    services.target_set(indicator="micro_credentials_developed", value="0", by=people["coordinator_qa"])
    assert _consortium("micro_credentials_developed")["target"] == "0"
    assert _consortium("micro_credentials_developed")["status"] == "green"  # 0 developed, target 0
    services.target_set(indicator="micro_credentials_developed", value="40", by=people["superuser"])
    assert _consortium("micro_credentials_developed") | {"value": "0"} == {
        "indicator": "micro_credentials_developed",
        "kind": "count",
        "direction": "higher_is_better",
        "value": "0",
        "target": "40",
        "status": "red",
    }
    assert Target.objects.count() == 2  # the history of targets is kept


def test_without_a_coordinator_only_superusers_set_targets(people: dict[str, Any], settings: Any) -> None:
    settings.MICROCRED_QA_COORDINATOR = ""
    with pytest.raises(PermissionDenied):
        services.target_set(indicator="pass_rate", value="0.5", by=people["coordinator_qa"])
    services.target_set(indicator="pass_rate", value="0.5", by=people["superuser"])
    assert selectors.targets()["pass_rate"] == Decimal("0.5")


@pytest.mark.parametrize(
    ("indicator", "value", "code"),
    [
        ("nothing", "1", "qa.target.unknown_indicator"),
        ("pass_rate", "1.5", "qa.target.rate_above_one"),
        ("pass_rate", "abc", "qa.target.not_a_number"),
        ("pass_rate", "NaN", "qa.target.out_of_range"),
        ("learners_piloted", "-1", "qa.target.out_of_range"),
        ("learners_piloted", "1e30", "qa.target.out_of_range"),
    ],
)
def test_a_malformed_target_is_refused_with_a_code(
    people: dict[str, Any], indicator: str, value: str, code: str
) -> None:
    with pytest.raises(QaError) as refused:
        services.target_set(indicator=indicator, value=value, by=people["coordinator_qa"])
    assert refused.value.code == code
    assert not Target.objects.exists()


def test_a_cleared_target_shows_no_target(people: dict[str, Any]) -> None:
    services.target_set(indicator="learners_piloted", value="", by=people["coordinator_qa"])
    assert _consortium("learners_piloted")["status"] == "no_target"


def test_the_page_offers_the_target_form_to_the_qa_role_only(people: dict[str, Any], client: Any) -> None:
    client.force_login(people["other_qa"])
    assert b'name="indicator"' not in client.get("/qa/").content
    assert client.post("/qa/targets/", {"indicator": "pass_rate", "value": "0.9"}).status_code == 403
    client.force_login(people["coordinator_qa"])
    assert b'name="indicator"' in client.get("/qa/").content
    client.post("/qa/targets/", {"indicator": "pass_rate", "value": "0.9"})
    assert selectors.targets()["pass_rate"] == Decimal("0.9")


def test_the_qa_page_says_where_each_target_comes_from_and_who_replaced_a_placeholder(
    people: dict[str, Any], client: Any
) -> None:
    client.force_login(people["coordinator_qa"])
    page = client.get("/qa/").content.decode()
    assert "placeholder, to be set by the QA role" in page
    assert "the consortium&#x27;s stated figure (work package 3)" in page
    assert "Lisbon Recognition Convention" in page
    services.target_set(indicator="completion_rate", value="0.75", by=people["coordinator_qa"])
    sources = {t["indicator"]: t for t in selectors.qa_indicators()["targets"]}
    assert (
        sources["completion_rate"]["source"] == "set_by_qa_role"
        and sources["completion_rate"]["target"] == "0.75"
    )
    assert sources["pass_rate"]["source"] == "placeholder"
    assert "set by the QA role on" in client.get("/qa/").content.decode()
