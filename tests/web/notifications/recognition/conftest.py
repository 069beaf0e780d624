"""The recognition tests' consortium, officers, learner and MU's credential, for the e-mails and
to-do lists of recognition cases."""

from tests.web.recognition.conftest import (  # noqa: F401 - fixtures
    _keys_in_memory,
    consortium,
    issued_to_learner,
    learner,
    muni_published,
    officers,
)
