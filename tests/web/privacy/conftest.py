"""The privacy tests use the credential tests' institution, micro-credential and award."""

from tests.web.credentials.conftest import (  # noqa: F401 - fixtures are found by name
    _keys_in_memory,
    issued,
    muni,
    muni_admin,
    published,
)
