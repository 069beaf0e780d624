"""Issue 9, "Done when": 0 errors with 8 concurrent issuers on SQLite (ADR 0609).

Before the SQLite options, the same run (4 VC-API clients and 4 studio issuers, 10 credentials
each) got "database is locked" for about a third of the studio's issues: its transaction reads
before it writes, and SQLite refuses such a transaction the write lock at once when another one
holds it. With WAL, a 20 s busy timeout and IMMEDIATE transactions every issue waits its turn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.concurrency
def test_eight_concurrent_issuers_on_one_sqlite_file_get_no_error_and_each_credential_is_stored_once(
    tmp_path: Path,
) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.web.credentials.concurrent_issuers",
            str(tmp_path / "db.sqlite3"),
            "8",
            "10",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["journal_mode"] == "wal"
    assert report["options"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}
    assert report["errors"] == [] and report["statuses"] == {"201": 80}
    assert report["stored"] == report["distinct_ids"] == report["distinct_status_entries"] == 80
    assert report["seconds"] < 30  # about 2 s here; the bound only catches a lock held for seconds
