"""Health and readiness probes for a load balancer or an orchestrator (issue 12 item 1, ADR 1201).

``GET /healthz``  the process answers: no database, no disk, no other server. A supervisor
                  restarts a process whose ``/healthz`` stops answering.
``GET /readyz``   the process can serve: the database answers and has every migration of this
                  release applied, the key store can be read, and the queue answers when it is a
                  server of its own (RQ on Redis). A load balancer sends no traffic to a process
                  whose ``/readyz`` says 503.

Both answer JSON (``{"status": ..., "checks": {name: "ok" | "failed" | "skipped"}}``) and say
nothing more: the reason a check failed (a host name, a driver's message, a path) goes to the
server's log, never to the caller, since the probes are public.

They are answered by :class:`HealthCheckMiddleware`, placed first in ``MIDDLEWARE``, so a probe
is neither redirected to https (a probe speaks plain http to the process, behind the TLS proxy),
nor refused for its Host header (probes come to the process's own address, not a public host
name), nor counted by the rate limits, nor given a session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponseBase, JsonResponse

log = logging.getLogger("microcred.health")

HEALTH_PATH: Final = "/healthz"
READY_PATH: Final = "/readyz"
_PATHS: Final = frozenset({HEALTH_PATH, HEALTH_PATH + "/", READY_PATH, READY_PATH + "/"})

OK: Final = "ok"
FAILED: Final = "failed"
SKIPPED: Final = "skipped"

# Migrations never go backwards under a running process: once all are applied, remember it.
_migrations_applied = False


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return OK
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        log.warning("readiness: migrations are not all applied; run `manage.py migrate`")
        return FAILED
    _migrations_applied = True
    return OK


def _check_key_store() -> str:
    """The key store's directory can be listed and every key the database uses is in it.

    Reads key *records* only (they are not secret, ADR 0202): a process that verifies but never
    signs may run without the passphrase and still be ready.
    """
    from microcred_web.credentials.identity import key_directory, stored_key_ids
    from microcred_web.credentials.models import InstitutionKey

    directory = key_directory()
    if directory.exists() and not directory.is_dir():
        log.warning("readiness: the key store path is not a directory")
        return FAILED
    provider_ids = stored_key_ids()
    used = set(InstitutionKey.objects.values_list("provider_key_id", flat=True))
    missing = used - provider_ids
    if missing:
        log.warning("readiness: %d key(s) named in the database are not in the key store", len(missing))
        return FAILED
    return OK


def _check_queue() -> str:
    if getattr(settings, "MICROCRED_TASKS_BACKEND", "database") != "rq":
        return SKIPPED  # the database queue is the database; immediate has none
    import redis  # installed with the rq extra

    client = redis.Redis.from_url(settings.MICROCRED_REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return OK


CHECKS: Final[dict[str, Callable[[], str]]] = {
    "database": _check_database,
    "migrations": _check_migrations,
    "key_store": _check_key_store,
    "queue": _check_queue,
}


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check; a check that raises has failed (its reason goes to the log only)."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        if name in {"migrations", "key_store"} and FAILED in results.values():
            results[name] = SKIPPED  # both read tables: no database, or not migrated
            continue
        try:
            results[name] = check()
        except Exception as exc:
            log.warning("readiness: %s check failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = FAILED
    return FAILED not in results.values(), results


def _answer(request: HttpRequest) -> HttpResponseBase:
    if request.method not in {"GET", "HEAD"}:
        response: HttpResponseBase = JsonResponse({"status": "method not allowed"}, status=405)
        response["Allow"] = "GET, HEAD"
    elif request.path.rstrip("/") == HEALTH_PATH:
        response = JsonResponse({"status": OK})
    else:
        ready, checks = readiness()
        response = JsonResponse(
            {"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503
        )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    """Answers ``/healthz`` and ``/readyz`` before any other middleware (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path in _PATHS:
            return _answer(request)
        return self.get_response(request)
