"""Fixtures of the bulk issuing tests: those of the credentials tests (an institution with a key in
memory, a published version, staff of two institutions), and a registrar."""

from __future__ import annotations

from typing import Any

import pytest

from microcred_web.accounts.models import Role
from microcred_web.institutions.models import Institution
from tests.web.credentials.conftest import (  # noqa: F401 - fixtures used by the tests here
    _keys_in_memory,
    make_user,
    muni,
    muni_admin,
    published,
    unisi,
    unisi_admin,
)


@pytest.fixture
def registrar(muni: Institution) -> Any:  # noqa: F811
    return make_user("muni-registrar", muni, Role.REGISTRAR)
