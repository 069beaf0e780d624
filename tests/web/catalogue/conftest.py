from __future__ import annotations

from typing import Any

import pytest

from microcred_web.accounts.models import Role
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import make_institution, make_user


@pytest.fixture
def muni(db: Any) -> Institution:
    return make_institution("muni")


@pytest.fixture
def staff(muni: Institution) -> dict[str, Any]:
    return {
        "designer": make_user("designer", role=Role.COURSE_DESIGNER, institution=muni),
        "qa": make_user("qa", role=Role.QA_REVIEWER, institution=muni),
        "admin": make_user("admin", role=Role.INSTITUTION_ADMIN, institution=muni),
    }
