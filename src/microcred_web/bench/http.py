"""The verify API measured on the production server (issue 12 "Fast"): gunicorn with sync workers
on loopback, production settings (``bench.settings``), a SQLite file holding one institution and
one issued credential, the per-client rate limits of the measured endpoints off (they would answer
429 to a load generator, which is their job).

Run in a process of its own::

    python -m microcred_web.bench.http WORK_DIR [--seconds 5] [--workers 2] [--clients 20]

Paths: ``verify-api`` (``POST /vc-api/credentials/verify`` of the issued credential) and
``trivial-api`` (``GET /bench/trivial``: a JSON answer that reads nothing, behind the same
middleware). For each, in the same run and against the same server: ``max_requests_per_s``
(closed loop, ``clients`` clients, median of ``rounds`` rounds taken in turn with the other path),
then ``p99_ms_at_half_load`` (open loop at half that maximum, latency from each request's due
moment), with the errors of both. Beside them, ``inspect_credential_ms``: one verification in the
web layer, in this process, per CPU millisecond (no HTTP); and ``request_cpu_ms`` (ADR 1250): the
CPU milliseconds of one request of each path through the whole Django stack in this process (the
WSGI handler and every middleware, no socket), with the verify request's parts: the view, the web
layer's ``inspect_credential`` and the core's own ``inspect`` (so the ratio's ceiling and where a
verify request's time goes are read from the same run).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from microcred_web.bench.loadgen import Request, closed_loop, open_loop
from microcred_web.bench.scratch import create_tables, process_env, scratch_issuer
from microcred_web.bench.workers import ROOT

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def gunicorn_command(port: int, workers: int) -> list[str]:
    """The server as the README's deployment section starts it, on a loopback port."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "microcred_web.config.wsgi",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]


def _wait_for(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _cpu_ms(call: Callable[[], object], *, batches: int = 5, min_batch_s: float = 0.2) -> float:
    """CPU milliseconds of one ``call()``, median of ``batches`` batches of at least ``min_batch_s``."""
    call()
    n = 1
    while True:
        start = time.process_time()
        for _ in range(n):
            call()
        if time.process_time() - start >= min_batch_s:
            break
        n *= 2
    times = []
    for _ in range(batches):
        start = time.process_time()
        for _ in range(n):
            call()
        times.append((time.process_time() - start) / n * 1000)
    return statistics.median(times)


def _inspect_ms(document: Any, *, batches: int = 5, min_batch_s: float = 0.2) -> float:
    """CPU milliseconds of one ``inspect_credential`` (trust registry kept), median of batches."""
    from microcred_web.credentials.verifying import inspect_credential

    return _cpu_ms(lambda: inspect_credential(document), batches=batches, min_batch_s=min_batch_s)


def _start_response(
    status: str, headers: list[tuple[str, str]], exc_info: Any = None
) -> Callable[[bytes], object]:
    return lambda data: None


def _request_cpu_ms(requests: dict[str, Request], document: Any, *, quick: bool = False) -> dict[str, float]:
    """CPU milliseconds per request of each path through Django's WSGI handler and the whole
    middleware of the server's settings, in this process (ADR 1250), and the verify request's
    parts: its view (a request already built), ``inspect_credential`` and the core's ``inspect``."""
    import io

    from django.core.wsgi import get_wsgi_application
    from django.test import RequestFactory
    from django.utils import translation

    from microcred.verification import inspect
    from microcred_web.credentials.api import verify_credential
    from microcred_web.credentials.trust import local_status_list, trust_registry
    from microcred_web.credentials.verifying import inspect_credential

    application = get_wsgi_application()
    # a smoke run (``quick``) times each part briefly: its figures are meaningless anyway
    timing = {"batches": 1, "min_batch_s": 0.01} if quick else {}

    def through_wsgi(request: Request) -> Callable[[], object]:
        def call() -> object:
            environ = {
                "REQUEST_METHOD": request.method,
                "PATH_INFO": request.path,
                "SCRIPT_NAME": "",
                "QUERY_STRING": "",
                "SERVER_NAME": HOST,
                "SERVER_PORT": "80",
                "SERVER_PROTOCOL": "HTTP/1.1",
                "HTTP_HOST": HOST,
                "HTTP_ACCEPT": "application/json",
                "REMOTE_ADDR": HOST,
                "CONTENT_TYPE": request.content_type if request.body else "",
                "CONTENT_LENGTH": str(len(request.body or b"")),
                "wsgi.input": io.BytesIO(request.body or b""),
                "wsgi.errors": sys.stderr,
                "wsgi.url_scheme": "http",
                "wsgi.version": (1, 0),
                "wsgi.multithread": False,
                "wsgi.multiprocess": True,
                "wsgi.run_once": False,
            }
            answer = application(environ, _start_response)
            body = b"".join(answer)
            answer.close()
            return body

        return call

    factory = RequestFactory()
    verify = requests["verify-api"]
    registry = trust_registry()

    def view() -> object:
        with translation.override("en"):
            return verify_credential(factory.post(verify.path, verify.body, content_type="application/json"))

    def web_inspect() -> object:
        with translation.override("en"):
            return inspect_credential(document)

    def core_inspect() -> object:
        return inspect(document, resolver=registry.resolver(), trust=registry, status=local_status_list)

    # the request log (one line a request) is the server's; here it would only fill the output
    logging.disable(logging.INFO)
    try:
        measured = {name: _cpu_ms(through_wsgi(request), **timing) for name, request in requests.items()}
        measured["verify-api view"] = _cpu_ms(view, **timing)
        measured["verify-api inspect_credential"] = _cpu_ms(web_inspect, **timing)
        measured["verify-api core inspect"] = _cpu_ms(core_inspect, **timing)
    finally:
        logging.disable(logging.NOTSET)
    return {name: round(ms, 3) for name, ms in measured.items()}


def run(
    work_dir: Path, *, seconds: float, workers: int, clients: int, rounds: int, quick: bool = False
) -> dict[str, Any]:
    """Measure (see the module). ``quick``: a smoke run, its figures meaningless: the tables made
    from the models (no migrations), short warm-ups and ``inspect_credential`` timed briefly."""
    env = process_env(
        database_url=f"sqlite:///{work_dir / 'api.sqlite3'}",
        work_dir=work_dir,
        queue="database",
        settings="microcred_web.bench.settings",
    )
    env["MICROCRED_RATE_LIMITS"] = "vc_api_verify=off,verify=off"
    # the server keeps its database connections as production does (settings.base: 60 s), not one
    # per request as the batch workers' scratch environment sets (ADR 1241)
    env.pop("DATABASE_CONN_MAX_AGE", None)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections
    from django.utils import timezone

    from microcred.model.award import AssessmentResult, Learner
    from microcred_web.credentials.services import credential_issue

    create_tables(migrations=not quick)
    issuer = scratch_issuer(role="registrar")
    issued = credential_issue(
        version=issuer.version,
        learner=Learner(display_name="Nguyễn Thị Lan", email="lan.nguyen@example.edu.vn"),
        result=AssessmentResult(
            grade="B",
            grading_scheme="ECTS A-F",
            credits_earned="5",
            awarded_on=timezone.now().replace(microsecond=0),
        ),
        by=issuer.member,
    )
    document = issued.jws or issued.document
    inspect_ms = _inspect_ms(document, batches=1, min_batch_s=0.01) if quick else _inspect_ms(document)
    connections.close_all()
    requests = {
        "trivial-api": Request("GET", "/bench/trivial"),
        "verify-api": Request(
            "POST",
            "/vc-api/credentials/verify",
            json.dumps({"verifiableCredential": document}).encode("utf-8"),
        ),
    }
    request_cpu_ms = _request_cpu_ms(requests, document, quick=quick)
    connections.close_all()
    port = free_port()
    # the server's own log (one request-log line per request) goes to a file: a pipe nobody reads
    # would fill and stop the server
    server_log = (work_dir / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own command line
        gunicorn_command(port, workers), cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT
    )
    try:
        _wait_for(port, "/bench/trivial")
        for request in requests.values():  # warm every worker: contexts, registry, connections
            closed_loop(HOST, port, request, clients=clients, seconds=0.1 if quick else 1.0)
        maxima: dict[str, list[dict[str, Any]]] = {name: [] for name in requests}
        for _ in range(rounds):
            for name, request in requests.items():
                maxima[name].append(
                    closed_loop(HOST, port, request, clients=clients, seconds=seconds).summary()
                )
        paths: dict[str, Any] = {}
        for name, request in requests.items():
            best = statistics.median(r["ok_per_s"] for r in maxima[name])
            half = open_loop(HOST, port, request, rate=max(1.0, best / 2), seconds=2 * seconds).summary()
            paths[name] = {
                "max_requests_per_s": round(best, 1),
                "closed_loop_rounds": maxima[name],
                "offered_half_load_per_s": round(best / 2, 1),
                "p99_ms_at_half_load": half["p99_ms"],
                "half_load": half,
            }
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    verify, trivial = paths["verify-api"], paths["trivial-api"]
    ratio = (
        verify["max_requests_per_s"] / trivial["max_requests_per_s"] if trivial["max_requests_per_s"] else 0.0
    )
    return {
        "server": " ".join(gunicorn_command(port, workers)[1:]),
        "clients": clients,
        "seconds_per_measure": seconds,
        "rounds": rounds,
        "credential_bytes": len(json.dumps(document).encode("utf-8")),
        "inspect_credential_ms": round(inspect_ms, 3),
        "request_cpu_ms": request_cpu_ms,
        "paths": paths,
        "verify_vs_trivial": round(ratio, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("work_dir")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="a smoke run (see run)")
    args = parser.parse_args(argv)
    report = run(
        Path(args.work_dir),
        seconds=args.seconds,
        workers=args.workers,
        clients=args.clients,
        rounds=args.rounds,
        quick=args.quick,
    )
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
