"""Shared set-up of the sign-in tests: a clean cache (allauth keeps failure counts and used TOTP
codes there) and the security log read back as JSON records."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def security_log(caplog: pytest.LogCaptureFixture) -> Callable[[], list[dict[str, Any]]]:
    """The security events written so far in the test, as dicts."""
    caplog.set_level(logging.INFO, logger="microcred.security")

    def read() -> list[dict[str, Any]]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "microcred.security"]

    return read
