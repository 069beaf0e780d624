"""gunicorn settings for microcred (ADR 1201; README "Deployment").

Start it with ``make serve`` or, by hand::

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py microcred_web.config.wsgi:application

Everything a deployment changes comes from the environment:

MICROCRED_BIND           address to listen on (default 127.0.0.1:8000; a TLS proxy in front)
WEB_CONCURRENCY          worker processes (default 2 per core plus one, at most 12)
MICROCRED_WEB_TIMEOUT    seconds a request may take before its worker is replaced (default 60)
MICROCRED_GUNICORN_CONTROL_SOCKET  path of gunicorn's control socket (for ``gunicornc``); none
                         by default, so two instances on one machine never share one

The workers are sync workers: signing and verifying are CPU work, so a process per core (and a
few more to cover database waits) uses the machine; a slow client is the TLS proxy's problem,
not a worker's. Each request writes one JSON line to the ``microcred.request`` logger
(core.request_log), so gunicorn's own access log is off.
"""

import multiprocessing
import os

bind = os.environ.get("MICROCRED_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(2 * multiprocessing.cpu_count() + 1, 12))))
worker_class = "sync"
timeout = int(os.environ.get("MICROCRED_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Replace a worker after this many requests (with jitter, so they do not all restart at once):
# memory held by a long-lived process comes back.
max_requests = 2000
max_requests_jitter = 200
# Bounds on a request line and headers (gunicorn's defaults, written down): a request past them
# is refused by gunicorn before Django sees it.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = None
errorlog = "-"
loglevel = os.environ.get("MICROCRED_GUNICORN_LOG_LEVEL", "info")
proc_name = "microcred"
_control = os.environ.get("MICROCRED_GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not _control
if _control:
    control_socket = _control
# Django opens its database connections in each worker after the fork; nothing is shared.
preload_app = False
