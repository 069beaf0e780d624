"""The ELM tests use the same award as the OB 3.0 tests."""

from tests.core.ob3.conftest import credential, learner, result, spec  # noqa: F401 - fixtures are found by name
