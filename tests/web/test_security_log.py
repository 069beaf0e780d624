"""The security log writes ids as JSON and never a secret or a piece of personal data."""

from __future__ import annotations

import json
import logging

import pytest

from microcred_web.core.security_log import SecurityEvent, security_event


def test_a_security_event_is_one_json_line_with_its_name_and_ids(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        security_event(SecurityEvent.KEY_UNLOCKED, key_id="did:web:x#key-1", institution="muni")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "microcred.security"]
    record = json.loads(line)
    assert record["event"] == "key.unlocked"
    assert record["key_id"] == "did:web:x#key-1"
    assert record["institution"] == "muni"


def test_a_secret_passed_by_mistake_is_withheld_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        record = security_event(
            SecurityEvent.SIGN_IN_FAILED, password="hunter2", email="a@b.c", token="t0k", user_id=7
        )
    assert "hunter2" not in caplog.text and "a@b.c" not in caplog.text and "t0k" not in caplog.text
    assert record["password"] == "[withheld]" and record["user_id"] == 7
