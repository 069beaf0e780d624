import pytest

from tests.web.i18n.catalogues import ensure_compiled


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogues() -> None:
    ensure_compiled()
