"""Serve the Django app over HTTPS on 127.0.0.1 for a manual run of the W3C suites.

Not a production server (wsgiref, one thread per request, no reload): the suites need HTTPS and
accept a self-signed certificate. Usage (see docs/conformance.md):

    TLS_CERT=cert.pem TLS_KEY=key.pem .venv/bin/python scripts/w3c-suites/serve_https.py 18443
"""

import os
import ssl
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred_web.config.settings.dev")
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
LOG = open(os.environ.get("ACCESS_LOG", "access.log"), "a", buffering=1)  # noqa: SIM115


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        LOG.write(f"{self.log_date_time_string()} {format % args}\n")


port = int(sys.argv[1])
server = make_server("127.0.0.1", port, application, server_class=Server, handler_class=Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(os.environ["TLS_CERT"], os.environ["TLS_KEY"])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"serving https://127.0.0.1:{port}", flush=True)
server.serve_forever()
