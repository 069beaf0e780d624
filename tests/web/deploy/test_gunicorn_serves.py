"""The production server as deployed: gunicorn with deploy/gunicorn.conf.py and two workers
answers the probes, and each request writes its JSON line (about 3 s: it starts real processes)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, request_id: str) -> tuple[int, dict[str, object], str]:
    request = urllib.request.Request(url, headers={"X-Request-ID": request_id})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read()), response.headers["X-Request-ID"]
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers["X-Request-ID"]


def test_gunicorn_with_the_repositorys_config_serves_the_probes_from_two_workers(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.test",
        # a database file nobody migrated: the process is alive but not ready
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "MICROCRED_KEY_DIR": str(tmp_path / "keys"),
        "MICROCRED_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "MICROCRED_REQUEST_LOG_LEVEL": "DEBUG",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "microcred_web.config.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = _get(f"http://127.0.0.1:{port}/healthz", "probe-000000000001")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "gunicorn stopped before it answered"
                assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
                time.sleep(0.2)
        ready = _get(f"http://127.0.0.1:{port}/readyz", "probe-000000000002")
    finally:
        server.send_signal(signal.SIGTERM)
        _out, log = server.communicate(timeout=30)

    assert health == (200, {"status": "ok"}, "probe-000000000001")
    assert ready[0] == 503 and ready[2] == "probe-000000000002"
    assert ready[1]["checks"] == {
        "database": "ok",
        "migrations": "failed",
        "key_store": "skipped",
        "queue": "skipped",
    }
    assert log.count("Booting worker with pid") == 2
    assert "Control socket listening" not in log  # none unless asked for: instances never share one
    request_lines = [json.loads(line) for line in log.splitlines() if line.startswith('{"at"')]
    assert {(r["path"], r["status"], r["request_id"]) for r in request_lines} == {
        ("/healthz", 200, "probe-000000000001"),
        ("/readyz", 503, "probe-000000000002"),
    }
