"""Production settings: `manage.py check --deploy` passes with a realistic environment, and a
missing or weak secret stops the process with a message that says what to set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# A realistic key for the test only (generated once, never used anywhere else).
TEST_ONLY_SECRET = "test-only-6qN0vX3pLr8sKz1YbWc5Jm9TgHd2Ue7AfQo4Ri-Vn0Ps3Ly8Xk1Zw6Bt"


def _manage(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean |= {
        "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.prod",
        "MICROCRED_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_a_realistic_environment(tmp_path: Path) -> None:
    result = _manage(
        tmp_path,
        DJANGO_SECRET_KEY=TEST_ONLY_SECRET,
        DJANGO_ALLOWED_HOSTS="micro4asia.example.org,www.micro4asia.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://micro4asia.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "micro4asia.example.org"}, "DJANGO_SECRET_KEY must be set"),
        (
            {"DJANGO_ALLOWED_HOSTS": "micro4asia.example.org", "DJANGO_SECRET_KEY": "x" * 60},
            "DJANGO_SECRET_KEY",
        ),
        ({"DJANGO_SECRET_KEY": TEST_ONLY_SECRET}, "DJANGO_ALLOWED_HOSTS must list the public host names"),
    ],
    ids=["missing-secret", "weak-secret", "missing-hosts"],
)
def test_it_refuses_to_start_without_what_production_needs(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = _manage(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
