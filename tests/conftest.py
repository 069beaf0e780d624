"""Shared test setup. Database tests carry the `db` marker (added automatically for tests that
use the `db` fixture or `django_db`) so `make test` can run them again on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "tests" / "assets"
EXAMPLES = ROOT / "examples"

# Two cores shared by two test workers: generation speed varies, so no per-example deadline
# and no "too slow" health check; the properties themselves are unchanged.
settings.register_profile("microcred", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("microcred")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("django_db") or "db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture
def verification_counts_batched(request: pytest.FixtureRequest) -> Iterator[None]:
    """Verification counts kept in the process as in production (ADR 1240; the test settings write
    them at once), and forgotten after the test: a rolled-back test's count is not the next's."""
    from microcred_web.qa import counting

    request.getfixturevalue("settings").MICROCRED_VERIFICATION_COUNT_FLUSH_SECONDS = 3600.0
    counting._TALLY.discard()
    yield
    counting._TALLY.discard()


@pytest.fixture(autouse=True)
def _language_of_the_settings() -> Iterator[None]:
    """Every test starts in the settings' language. Django's LocaleMiddleware activates a request's
    language in the thread and leaves it there, so a test that made a Vietnamese request would
    otherwise hand Vietnamese to the next test run in the same worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
