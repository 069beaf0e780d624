"""Eight clients issuing at once against one SQLite *file* (ADR 0609; issue 9 "0 errors with 8
concurrent issuers on SQLite"). Run in its own process by ``test_concurrent_issuers_on_sqlite``:

    python -m tests.web.credentials.concurrent_issuers DB_PATH [CLIENTS] [EACH]

It migrates the file with the project's settings (so with ``SQLITE_OPTIONS``: WAL, busy timeout,
IMMEDIATE transactions), serves the real WSGI application on 127.0.0.1 with Django's threaded
server (a thread per request, each with its own connection), and starts CLIENTS threads together:
half send EACH real ``POST /vc-api/credentials/issue`` requests with a bearer token, half call the
studio's issuing service EACH times (what ``/studio/issue/`` does for a signed-in registrar).
It prints one JSON object: the HTTP statuses, the errors, and what was stored.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from typing import Any


def run(db_path: str, clients: int, each: int) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DATABASE_CONN_MAX_AGE"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "microcred_web.config.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connection, connections

    from microcred.crypto.key_provider import InMemoryKeyProvider
    from microcred.model.award import AssessmentResult, Learner
    from microcred_web.accounts.models import Role
    from microcred_web.bench.scratch import create_tables, scratch_issuer
    from microcred_web.credentials import services
    from microcred_web.credentials.identity import institution_did, use_key_provider
    from microcred_web.credentials.models import IssuedCredential

    create_tables(migrations=True)
    settings.PUBLIC_BASE_URL = "https://micro4asia.example.org"
    use_key_provider(InMemoryKeyProvider())
    scratch = scratch_issuer(role=Role.INSTITUTION_ADMIN)
    institution, version, registrar = scratch.institution, scratch.version, scratch.member
    _token, plain = services.api_token_create(institution=institution, name="load test client")
    issuer = institution_did("muni")
    options = {key: connection.settings_dict["OPTIONS"].get(key) for key in ("transaction_mode", "timeout")}
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    connections.close_all()

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/vc-api/credentials/issue"

    statuses: Counter[int] = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    result = AssessmentResult(
        grade="B", grading_scheme="ECTS A-F", credits_earned="5", awarded_on=datetime(2026, 6, 30, tzinfo=UTC)
    )

    def studio(n: int) -> None:
        """The studio's issuing service, as ``/studio/issue/`` calls it: it reads (permissions,
        the learner's account) before it writes, the case that fails without IMMEDIATE."""
        start.wait()
        try:
            for i in range(each):
                learner = Learner(display_name=f"Learner {n}-{i}", email=f"learner-{n}-{i}@example.edu")
                try:
                    services.credential_issue(version=version, learner=learner, result=result, by=registrar)
                    status = 201
                except Exception as exc:
                    status = 500
                    with lock:
                        errors.append(f"studio: {type(exc).__name__}: {exc}"[:300])
                with lock:
                    statuses[status] += 1
        finally:
            connections.close_all()

    def client(n: int) -> None:
        start.wait()
        for i in range(each):
            body = {
                "credential": {
                    "@context": [
                        "https://www.w3.org/ns/credentials/v2",
                        "https://www.w3.org/ns/credentials/examples/v2",
                    ],
                    "type": ["VerifiableCredential", "ExampleAlumniCredential"],
                    "issuer": issuer,
                    "validFrom": "2026-01-01T00:00:00Z",
                    "credentialSubject": {"id": f"did:example:client-{n}-{i}", "alumniOf": "Examples"},
                }
            }
            request = urllib.request.Request(
                url,
                data=json.dumps(body).encode(),
                headers={"Authorization": f"Bearer {plain}", "Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
                with lock:
                    errors.append(f"{exc.code}: {exc.read()[:300]!r}")
            except OSError as exc:
                status = 0
                with lock:
                    errors.append(repr(exc))
            with lock:
                statuses[status] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=studio if n % 2 else client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    seconds = time.monotonic() - began
    server.shutdown()
    rows = list(
        IssuedCredential.objects.values_list("credential_id", "revocation_list_id", "revocation_index")
    )
    return {
        "journal_mode": journal,
        "options": options,
        "statuses": {str(k): v for k, v in statuses.items()},
        "errors": errors[:20],
        "stored": len(rows),
        "distinct_ids": len({r[0] for r in rows}),
        "distinct_status_entries": len({(r[1], r[2]) for r in rows}),
        "seconds": round(seconds, 2),
    }


if __name__ == "__main__":
    path = sys.argv[1]
    n_clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    n_each = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    sys.stdout.write(json.dumps(run(path, n_clients, n_each)) + "\n")
