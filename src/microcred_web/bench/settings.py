"""Settings of the processes the web benchmarks start (workers, gunicorn): production's, with
what a loopback benchmark needs set when the environment does not set it (a throw-away secret,
the loopback host, no TLS redirect), and one extra URL, ``/bench/trivial``: the trivial JSON
endpoint the verify API is compared with, behind the same middleware (``bench.urls``)."""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from microcred_web.config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "microcred_web.bench.urls"
# The claim e-mails of the credentials a benchmark issues are written and their tasks run, as in
# production, but go nowhere.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
